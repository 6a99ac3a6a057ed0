"""Text cut into marked segments, for showing evidence: the parts of an evidence sentence
that name the actor, the recipient and the event word, and the sentences of a document
that report events.

A segment is a piece of the text with what it is (a role, or the events it
reports). Front ends render the pieces as text, one after the other, and style
the marked ones: no markup is ever built from the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ROLES: tuple[str, ...] = ("actor", "recipient", "trigger", "attributed_to")


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``role`` names what it is in an evidence sentence, ``events`` lists
    the merged events a document's piece reports (empty for plain text)."""

    text: str
    role: str | None = None
    events: tuple[int, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"text": self.text, "role": self.role, "events": list(self.events)}


def sentence_segments(sentence: str, record: Mapping[str, Any]) -> list[Segment]:
    """The evidence sentence of a Contract 2 ``record`` with its actor, recipient, event
    word (trigger) and source (attributed_to) marked where the sentence contains them: the
    first whole-word match of each, case aside; a part that overlaps one marked before is
    left plain."""
    taken: list[tuple[int, int, str]] = []
    for role in ROLES:
        value = record.get(role)
        words = value.get("text") if isinstance(value, Mapping) else value
        if not isinstance(words, str) or not words.strip():
            continue
        span = _find(sentence, words.strip())
        if span is not None and not any(span[0] < e and s < span[1] for s, e, _ in taken):
            taken.append((*span, role))
    return _cut(sentence, [(s, e, role, ()) for s, e, role in taken])


def document_segments(text: str, spans: Iterable[tuple[int, int, int]]) -> list[Segment]:
    """A document's text with each reported sentence marked by the events it reports.

    ``spans`` are (start, end, event id) with offsets into ``text``. Spans are clipped to
    the text and lose the whitespace at their ends; overlapping ones are split into
    pieces that list every event covering them.
    """
    clipped = [span for span in (_inside(text, s, e, i) for s, e, i in spans) if span]
    size = len(text)
    bounds = sorted({0, size, *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    pieces: list[tuple[int, int, str | None, tuple[int, ...]]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        ids = sorted({i for s, e, i in clipped if s <= start and end <= e})
        pieces.append((start, end, None, tuple(ids)))
    return _merge([Segment(text[s:e], role, ids) for s, e, role, ids in pieces])


def _inside(text: str, start: int, end: int, event_id: int) -> tuple[int, int, int] | None:
    """The span clipped to the text, without whitespace at its ends; None when empty."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end, event_id) if end > start else None


def _find(sentence: str, words: str) -> tuple[int, int] | None:
    pattern = re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)", re.IGNORECASE)
    match = pattern.search(sentence)
    return (match.start(), match.end()) if match else None


def _cut(text: str, marks: Sequence[tuple[int, int, str | None, tuple[int, ...]]]) -> list[Segment]:
    found: list[Segment] = []
    at = 0
    for start, end, role, ids in sorted(marks):
        if start > at:
            found.append(Segment(text[at:start]))
        found.append(Segment(text[start:end], role, ids))
        at = end
    if at < len(text):
        found.append(Segment(text[at:]))
    return found


def _merge(segments: list[Segment]) -> list[Segment]:
    """Neighbouring pieces with the same marks joined into one."""
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        last = merged[-1] if merged else None
        if last is not None and (last.role, last.events) == (segment.role, segment.events):
            merged[-1] = Segment(last.text + segment.text, last.role, last.events)
        else:
            merged.append(segment)
    return merged
