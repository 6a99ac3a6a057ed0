"""What a merged event shows: its sides, dates, counts and claim summary, from its mentions.

Everything here is derived from the mentions stored for the event, never
incremented, so re-ingesting a document cannot inflate a count: the report
count is the number of distinct documents, the outlets are the distinct
outlets, the first and last report dates are the earliest and latest
publication dates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from polybius.store.claims import ClaimSummary, Voice, claim_summary

# Strongest first: an event one outlet says occurred and another says is planned "occurred".
STATUS_ORDER: tuple[str, ...] = ("occurred", "planned", "possible", "denied", "negated")
PRECISION_ORDER: tuple[str, ...] = ("day", "week", "month", "year")


@dataclass(frozen=True)
class Side:
    """One side of the dyad as coded in one mention."""

    name: str | None
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class MentionFacts:
    """What the summary reads of one stored mention and its document."""

    doc_id: str
    status: str
    attributed: str | None
    outlet: str | None
    published: date | None
    date_start: date | None
    date_end: date | None
    date_precision: str | None
    date_basis: str | None
    actor: Side
    recipient: Side
    sentence: str
    confidence: float


@dataclass(frozen=True)
class StorySummary:
    """The derived columns of one merged event."""

    actor: Side
    recipient: Side
    date_start: date | None
    date_end: date | None
    status: str
    claims: ClaimSummary
    outlets: tuple[str, ...]
    first_reported: date | None
    last_reported: date | None
    report_count: int
    mention_count: int
    sentence: str


def outlet_label(outlet: str | None, url: str | None) -> str | None:
    """The outlet of a document: its ``outlet`` field, else the host of its URL."""
    if outlet:
        return outlet
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def summarize(mentions: Sequence[MentionFacts]) -> StorySummary:
    """The summary of a merged event from its (non-empty) list of mentions."""
    if not mentions:
        raise ValueError("a merged event needs at least one mention")
    published = [m.published for m in mentions if m.published is not None]
    start, end = best_dates(mentions)
    return StorySummary(
        actor=_common([m.actor for m in mentions]),
        recipient=_common([m.recipient for m in mentions]),
        date_start=start,
        date_end=end,
        status=min((m.status for m in mentions), key=_status_rank),
        claims=claim_summary(Voice(m.status, m.attributed, m.outlet) for m in mentions),
        outlets=tuple(sorted({m.outlet for m in mentions if m.outlet})),
        first_reported=min(published, default=None),
        last_reported=max(published, default=None),
        report_count=len({m.doc_id for m in mentions}),
        mention_count=len(mentions),
        sentence=_evidence(mentions),
    )


def best_dates(mentions: Sequence[MentionFacts]) -> tuple[date | None, date | None]:
    """The event's date range from its most precise mentions, dates from the text first."""
    dated = [m for m in mentions if m.date_start is not None and m.date_end is not None]
    if not dated:
        return None, None
    finest = min(_precision_rank(m.date_precision) for m in dated)
    chosen = [m for m in dated if _precision_rank(m.date_precision) == finest]
    from_text = [m for m in chosen if m.date_basis == "text"]
    chosen = from_text or chosen
    return (
        min(m.date_start for m in chosen if m.date_start is not None),
        max(m.date_end for m in chosen if m.date_end is not None),
    )


def _status_rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def _precision_rank(precision: str | None) -> int:
    return (
        PRECISION_ORDER.index(precision) if precision in PRECISION_ORDER else len(PRECISION_ORDER)
    )


def _common(sides: list[Side]) -> Side:
    """The side most mentions code (the first of equals), preferring named ones."""
    named = [side for side in sides if side.name] or sides
    return Counter(named).most_common(1)[0][0]


def _evidence(mentions: Sequence[MentionFacts]) -> str:
    """The sentence that shows the event best: an asserting mention, the most confident."""
    best = min(
        mentions,
        key=lambda m: (m.status not in ("occurred", "planned", "possible"), -m.confidence),
    )
    return best.sentence
