"""One actor at a glance: its relations with every other actor, its most frequent partners
and opponents, and its latest events.

A relation sums the counted events both ways on the cooperation–conflict scale
of ``weights`` (denied events left out, planned and possible ones at half
weight). Partners are the counterparts of the most events whose relation scores
above zero; opponents those that score below zero.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from polybius.graph.network import scale_columns
from polybius.graph.weights import DEFAULT_SCALE, Flow, Scale
from polybius.store.browse import get_actor
from polybius.store.database import Store
from polybius.store.partners import counterpart_rows, latest_events
from polybius.store.query import StoredEvent
from polybius.store.relations import actor_names

TOP = 5


@dataclass(frozen=True)
class Relation:
    """The actor's events with one counterpart: what it did, what it received."""

    code: str
    name: str
    country: str | None
    outgoing: Flow
    incoming: Flow

    @property
    def events(self) -> int:
        """Events both ways."""
        return self.outgoing.events + self.incoming.events

    @property
    def score(self) -> float:
        """Both ways together: the state of the relation."""
        return self.outgoing.score + self.incoming.score

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "code": self.code,
            "name": self.name,
            "country": self.country,
            "events": self.events,
            "score": round(self.score, 4),
            "outgoing": self.outgoing.to_dict(),
            "incoming": self.incoming.to_dict(),
        }


@dataclass(frozen=True)
class ActorProfile:
    """An actor, its relations (most events first), partners, opponents and latest events."""

    code: str
    name: str
    country: str | None
    sector: str | None
    relations: tuple[Relation, ...]
    latest: tuple[StoredEvent, ...]

    @property
    def partners(self) -> tuple[Relation, ...]:
        """The counterparts of the most events among those the relation scores above zero."""
        return tuple(r for r in self.relations if r.score > 0)[:TOP]

    @property
    def opponents(self) -> tuple[Relation, ...]:
        """The counterparts of the most events among those the relation scores below zero."""
        return tuple(r for r in self.relations if r.score < 0)[:TOP]

    def to_dict(self, *, relations: int | None = None) -> dict[str, Any]:
        """JSON-ready; ``relations`` caps the list of relations (all with None)."""
        return {
            "code": self.code,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "as_actor": sum(r.outgoing.events for r in self.relations),
            "as_recipient": sum(r.incoming.events for r in self.relations),
            "relation_count": len(self.relations),
            "relations": [r.to_dict() for r in self.relations[:relations]],
            "partners": [r.to_dict() for r in self.partners],
            "opponents": [r.to_dict() for r in self.opponents],
            "latest": [event.to_dict() for event in self.latest],
        }


def actor_profile(
    store: Store,
    code: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    latest: int = 10,
    scale: Scale = DEFAULT_SCALE,
) -> ActorProfile | None:
    """The profile of actor ``code``, or None when the store knows nothing of it.

    Example: ``actor_profile(store, "IRN").partners``.
    """
    code = code.strip()
    if not code:
        raise ValueError("an actor code is needed")
    known = get_actor(store, code)
    rows = counterpart_rows(store, code, scale_columns(scale), date_from, date_to)
    recent = latest_events(store, code, limit=latest)
    if known is None and not rows and not recent:
        return None
    relations = _relations(store, rows)
    name = known.name if known else code
    country = known.country if known else None
    sector = known.sector if known else None
    own = known.code if known else code.upper()
    return ActorProfile(own, name, country, sector, relations, tuple(recent))


def _relations(store: Store, rows: list[Any]) -> tuple[Relation, ...]:
    flows: dict[str, list[Flow]] = defaultdict(lambda: [Flow(), Flow()])
    for row in rows:
        flows[row.code][0 if row.outgoing else 1] += Flow(row.events, row.volume, row.score)
    names = actor_names(store, flows)
    found = []
    for code, (outgoing, incoming) in flows.items():
        known = names.get(code)
        found.append(Relation(
            code, known.name if known else code, known.country if known else None,
            outgoing, incoming,
        ))  # fmt: skip
    return tuple(sorted(found, key=lambda r: (-r.events, r.code)))
