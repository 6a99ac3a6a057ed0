"""The event record's keys as Contract 2 in DESIGN.md fixes them, written out for tests."""

CONTRACT_2_KEYS = frozenset(
    {
        "event_id",
        "doc_id",
        "sentence",
        "span",
        "type",
        "mode",
        "context",
        "cameo",
        "actor",
        "recipient",
        "status",
        "attributed_to",
        "date",
        "location",
        "quantity",
        "confidence",
    }
)
