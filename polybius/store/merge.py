"""Which merged event (story) a new mention joins: a pure rule, no database.

Several documents report one real-world event; each report is a mention. A
mention joins a story when

1. the **merge key** is the same: PLOVER type, actor code and recipient code
   (the country, else the organisation's id, else the name), so that "Russia"
   and "Russian forces" are one side while the EU stays the EU;
2. its **dates are compatible** with *every* mention already in the story: the
   ranges overlap, or lie at most ``max_gap_days`` apart and the evidence is
   similar. Comparing with every mention, not the story's overall range, stops a
   chain of daily strikes from drifting into one story;
3. the **evidence is similar** (word overlap of the sentences) when the dates do
   not settle it: a gap of a day, or no date at all.

A date taken from the publication date (``basis: "published"``) is uncertain:
the event happened in the days before (or, when planned, after), so its range
is widened by ``published_slack_days`` in that direction. Among the stories a
mention may join it joins the most similar, then the oldest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from polybius.records import Actor, Event

NO_ACTOR = "-"
_WORD = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset({
    "the", "and", "for", "that", "with", "from", "this", "was", "were", "has", "have", "had",
    "its", "his", "her", "their", "they", "them", "are", "but", "not", "into", "over", "after",
    "before", "about", "said", "says", "say", "also", "been", "being", "which", "who", "while",
    "than", "then", "when", "where", "what", "will", "would", "could", "should", "may", "might",
    "can", "did", "does", "on", "in", "of", "to", "at", "by", "an", "as", "is", "it", "be",
    "or", "a",
})  # fmt: skip


@dataclass(frozen=True)
class MergeKey:
    """What two mentions must share to be one event: type and directed dyad."""

    type: str
    actor: str
    recipient: str


@dataclass(frozen=True)
class MergeRule:
    """The tolerances of the merge; the defaults keep Monday's and Thursday's strikes apart."""

    max_gap_days: int = 1
    min_similarity: float = 0.2
    undated_similarity: float = 0.5
    published_slack_days: int = 2


@dataclass(frozen=True)
class MergeItem:
    """What the rule reads of one mention: its key, its (widened) date range, its words."""

    key: MergeKey
    start: date | None
    end: date | None
    words: frozenset[str]


def actor_code(actor: Actor | None) -> str:
    """One side of the dyad: the country, else the actor's id (IGOs, groups), else its name."""
    if actor is None:
        return NO_ACTOR
    return actor.country or actor.id or actor.name.casefold().strip() or NO_ACTOR


def merge_key(event: Event) -> MergeKey:
    """The merge key of a coded event: ``MergeKey("ASSAULT", "RUS", "UKR")``."""
    return MergeKey(event.type, actor_code(event.actor), actor_code(event.recipient))


def evidence_words(sentence: str) -> frozenset[str]:
    """The content words of a sentence, lowercased, with a plural "s" dropped."""
    words = set()
    for word in _WORD.findall(sentence.casefold()):
        if len(word) < 3 or word in _STOPWORDS:
            continue
        words.add(word[:-1] if len(word) > 4 and word.endswith("s") else word)
    return frozenset(words)


def merge_item(
    key: MergeKey,
    start: date | None,
    end: date | None,
    basis: str | None,
    status: str,
    sentence: str,
    rule: MergeRule,
) -> MergeItem:
    """A mention as the rule sees it; a date from the publication date is widened."""
    if start is not None and end is not None and basis == "published":
        slack = timedelta(days=rule.published_slack_days)
        if status == "planned":
            end = end + slack
        else:
            start = start - slack
    return MergeItem(key, start, end, evidence_words(sentence))


def event_item(event: Event, rule: MergeRule) -> MergeItem:
    """``merge_item`` for a coded event."""
    when = event.date
    return merge_item(
        merge_key(event),
        when.start if when else None,
        when.end if when else None,
        when.basis if when else None,
        event.status,
        event.sentence,
        rule,
    )


def date_gap(a: MergeItem, b: MergeItem) -> int | None:
    """Days between two date ranges: 0 when they overlap, None when either has no date."""
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return None
    if a.start <= b.end and b.start <= a.end:
        return 0
    return (b.start - a.end).days if a.end < b.start else (a.start - b.end).days


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two word sets (0 when both are empty)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def story_score(item: MergeItem, story: Sequence[MergeItem], rule: MergeRule) -> float | None:
    """How well ``item`` fits a story's mentions; None when it cannot join that story."""
    if not story or any(other.key != item.key for other in story):
        return None
    best = max(similarity(item.words, other.words) for other in story)
    widest = 0
    for other in story:
        gap = date_gap(item, other)
        if gap == 0:
            continue
        if gap is not None and gap > rule.max_gap_days:
            return None
        needed = rule.undated_similarity if gap is None else rule.min_similarity
        if best < needed:
            return None
        widest = max(widest, gap or 0)
    return best - 0.1 * widest


def choose_story(
    item: MergeItem, stories: Mapping[int, Sequence[MergeItem]], rule: MergeRule
) -> int | None:
    """The id of the story ``item`` joins (best score, then oldest), or None for a new one."""
    scored = [
        (score, -story_id)
        for story_id, mentions in stories.items()
        if (score := story_score(item, mentions, rule)) is not None
    ]
    return -max(scored)[1] if scored else None
