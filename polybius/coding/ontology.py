"""PLOVER ontology facts the coder needs: intent CAMEO codes, contexts from keywords, modes.

PLOVER (Open Event Data Alliance) defines 16 event types with modes and
contexts; CAMEO codes are kept alongside for compatibility. A planned
action keeps its PLOVER type but takes CAMEO's "express intent" code
(Contract 2: "Iran is preparing to supply Russia with drones" is AID,
status planned, CAMEO 0332).
"""

from __future__ import annotations

# CAMEO 03x "express intent to ..." codes for planned cooperative actions, and 13x "threaten
# to ..." codes for planned hostile ones, by PLOVER type and mode.
INTENT_CAMEO: dict[tuple[str, str | None], str] = {
    ("AID", "military"): "0332",
    ("AID", "economic"): "0331",
    ("AID", "humanitarian"): "0333",
    ("AID", "peacekeeping"): "0334",
    ("AID", None): "033",
    ("COOPERATE", "military"): "0312",
    ("COOPERATE", "economic"): "0311",
    ("COOPERATE", "legal"): "0313",
    ("COOPERATE", "intelligence"): "0314",
    ("COOPERATE", None): "031",
    ("CONSULT", None): "036",
    ("RETREAT", "release"): "0353",
    ("RETREAT", "ease"): "0354",
    ("RETREAT", "access"): "0355",
    ("RETREAT", None): "0356",
    ("CONCEDE", None): "035",
    ("SUPPORT", None): "032",
    ("AGREE", None): "030",
    # CAMEO has no "intent" codes for hostile acts: announcing one is a threat (13x).
    ("SANCTION", "withdraw"): "1313",
    ("SANCTION", "discontinue"): "1311",
    ("SANCTION", "expel"): "136",
    ("SANCTION", None): "1312",
    ("COERCE", "curfew"): "1323",
    ("COERCE", "martial-law"): "1324",
    ("COERCE", "restrict"): "1381",
    ("COERCE", "seize"): "1382",
    ("COERCE", "ban"): "1322",
    ("COERCE", None): "132",
    ("ASSAULT", "unconventional"): "1385",
    ("ASSAULT", "heavy-weapons"): "1384",
    ("ASSAULT", None): "138",
    ("PROTEST", None): "133",
}

# Keyword lemmas that put an event in a PLOVER context.
CONTEXT_KEYWORDS: dict[str, frozenset[str]] = {
    "military": frozenset(
        {
            "troop",
            "soldier",
            "army",
            "military",
            "weapon",
            "missile",
            "drone",
            "tank",
            "artillery",
            "warplane",
            "jet",
            "navy",
            "ammunition",
            "arms",
            "uav",
            "rocket",
            "airstrike",
            "offensive",
            "pilot",
            "warship",
        }
    ),
    "economic": frozenset(
        {
            "trade",
            "economy",
            "economic",
            "tariff",
            "export",
            "import",
            "loan",
            "investment",
            "oil",
            "gas",
            "bank",
            "currency",
            "debt",
            "sanction",
            "finance",
            "financial",
            "market",
            "budget",
        }
    ),
    "humanitarian": frozenset(
        {"humanitarian", "food", "medicine", "relief", "refugee", "famine", "shelter", "aid"}
    ),
    "cbrn": frozenset({"nuclear", "chemical", "biological", "uranium", "enrichment", "warhead"}),
    "terrorism": frozenset({"terrorist", "terrorism", "militant", "jihadist", "extremist"}),
    "election": frozenset({"election", "vote", "ballot", "poll", "referendum", "candidate"}),
    "human_rights": frozenset({"rights", "torture", "abuse", "genocide", "atrocity"}),
    "territory": frozenset({"territory", "border", "annexation", "occupation", "sovereignty"}),
    "legal": frozenset({"court", "law", "legal", "trial", "judge", "prosecutor", "lawsuit"}),
    "diplomatic": frozenset(
        {"ambassador", "embassy", "diplomat", "diplomatic", "envoy", "summit", "treaty"}
    ),
    "cyber": frozenset({"cyber", "hacker", "hacking", "cyberattack", "malware"}),
    "migration": frozenset({"migrant", "migration", "asylum", "deportation"}),
    "health": frozenset({"pandemic", "virus", "vaccine", "covid", "health", "epidemic"}),
    "environment": frozenset({"climate", "emission", "environment", "pollution"}),
}

# AID's PLOVER mode follows what is given.
AID_MODES: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "military",
        CONTEXT_KEYWORDS["military"]
        | frozenset({"weapon", "system", "equipment", "vest", "helmet", "armour", "armor"}),
    ),
    (
        "humanitarian",
        # "aid" alone says nothing of the kind: "$4.5 billion in aid" is economic.
        (CONTEXT_KEYWORDS["humanitarian"] - {"aid"})
        | frozenset({"tent", "blanket", "vaccine", "medical", "hygiene", "water", "grain"}),
    ),
    (
        "economic",
        frozenset(
            {
                "loan",
                "money",
                "fund",
                "funding",
                "dollar",
                "euro",
                "grant",
                "credit",
                "investment",
                "budget",
                "financial",
                "economic",
                "million",
                "billion",
            }
        ),
    ),
)

HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "MOBILIZE"})
# Types whose embedded actions are not themselves events: a request, a refusal or a
# threat to do X does not mean X happened (X lives in the mode and CAMEO code).
EMBEDDING_TYPES = frozenset({"REQUEST", "REJECT", "THREATEN"})
# Types that answer something someone else did or proposed ("rejected the request").
RESPONDING_TYPES = frozenset({"REJECT", "AGREE", "CONCEDE", "SUPPORT"})


def intent_cameo(type_: str, mode: str | None, cameo: str | None) -> str | None:
    """The CAMEO "intent" code for a planned action, or the action's own code."""
    return INTENT_CAMEO.get((type_, mode)) or INTENT_CAMEO.get((type_, None)) or cameo


def contexts_for(lemmas: set[str], given: tuple[str, ...]) -> tuple[str, ...]:
    """The sense's own contexts, then any whose keywords occur among ``lemmas``."""
    found = list(given)
    for context, words in CONTEXT_KEYWORDS.items():
        if context not in found and lemmas & words:
            found.append(context)
    return tuple(found)


def aid_mode(lemmas: set[str]) -> str | None:
    for mode, words in AID_MODES:
        if lemmas & words:
            return mode
    return None
