"""The most active actors: counted merged events as actor and as recipient.

Actors are merge codes, as in the network; denied events are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from polybius.store.database import Store
from polybius.store.relations import actor_counts, actor_names


@dataclass(frozen=True)
class ActorActivity:
    """One actor's counted events on each side."""

    code: str
    name: str
    country: str | None
    as_actor: int
    as_recipient: int

    @property
    def total(self) -> int:
        """Events on either side."""
        return self.as_actor + self.as_recipient

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "code": self.code,
            "name": self.name,
            "country": self.country,
            "as_actor": self.as_actor,
            "as_recipient": self.as_recipient,
            "total": self.total,
        }


def top_actors(
    store: Store,
    *,
    limit: int | None = 20,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[ActorActivity]:
    """The ``limit`` most active actors (all with None), by events on either side."""
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    counts = actor_counts(store, date_from, date_to)
    if limit is not None:
        counts = counts[:limit]
    names = actor_names(store, [c.code for c in counts])
    found = []
    for count in counts:
        known = names.get(count.code)
        name, country = (known.name, known.country) if known else (count.code, None)
        found.append(ActorActivity(count.code, name, country, count.as_actor, count.as_recipient))
    return found
