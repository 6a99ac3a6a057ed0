"""The claims about an actor or a dyad: each merged event, who asserts it, who denies it.

Unlike the counts of the graph, this view keeps every claim state, denied
included: it is where an analyst sees that Iran denies what the United States
asserts. Each event comes with its reports (``Voice``): the speaker (the
source a report attributes the claim to, else the outlet), the status that
report gives, its outlet and date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from polybius.store.claims import STATES
from polybius.store.database import Store
from polybius.store.query import StoredEvent
from polybius.store.relations import Voice, claim_events, event_voices


@dataclass(frozen=True)
class Claim:
    """A merged event with its claim summary and every report behind it."""

    event: StoredEvent
    voices: tuple[Voice, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the stored event's fields and a ``reports`` list."""
        record = self.event.to_dict()
        record["reports"] = [
            {
                "speaker": voice.speaker,
                "status": voice.status,
                "stance": voice.stance,
                "outlet": voice.outlet,
                "published": voice.published.isoformat() if voice.published else None,
                "doc_id": voice.doc_id,
            }
            for voice in self.voices
        ]
        return record


def claims(
    store: Store,
    a: str,
    b: str | None = None,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    state: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[Claim]:
    """Events with actor code ``a`` on one side (and ``b`` on the other), oldest first.

    ``state`` keeps one claim state ("contested", "denied", ...); the dates keep
    events that start in the window. Example: ``claims(store, "IRN", "RUS")``.
    """
    if state is not None and state.lower() not in STATES:
        raise ValueError(f"unknown state {state!r}; use one of: {', '.join(STATES)}")
    found = claim_events(
        store, a, b, date_from=date_from, date_to=date_to, state=state, limit=limit, offset=offset
    )
    voices = event_voices(store, [event.id for event in found])
    return [Claim(event, tuple(voices[event.id])) for event in found]
