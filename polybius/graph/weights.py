"""The cooperation–conflict scale: a weight per PLOVER type, a factor per claim status.

A Goldstein-style scale, written for PLOVER's sixteen types (the reasons for
each value are in ``docs/decisions/0006-graph.md``): from +7 (AID) to -10
(ASSAULT). An event's score is its type's weight times its status factor: an
event that occurred counts fully, a planned or possible one half (an intention
is not yet an act). Merged events whose claim state is ``denied`` are left out
of every count before they reach this module.

``Flow`` sums scored events: how many, their volume (the sum of the status
factors), their score (the sum of the weighted scores) and the count per type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from polybius.records import PLOVER_TYPES

WEIGHTS: Mapping[str, float] = MappingProxyType({
    "AGREE": 4.0, "CONSULT": 1.0, "SUPPORT": 3.5, "CONCEDE": 5.0, "COOPERATE": 6.0,
    "AID": 7.0, "RETREAT": 5.0, "REQUEST": -1.0, "ACCUSE": -2.0, "REJECT": -4.0,
    "THREATEN": -6.0, "SANCTION": -7.0, "PROTEST": -5.0, "MOBILIZE": -6.0, "COERCE": -8.0,
    "ASSAULT": -10.0,
})  # fmt: skip
STATUS_FACTORS: Mapping[str, float] = MappingProxyType({
    "occurred": 1.0, "planned": 0.5, "possible": 0.5, "denied": 0.0, "negated": 0.0,
})  # fmt: skip


@dataclass(frozen=True)
class Scale:
    """The weights of a score: per PLOVER type, and per claim status (a multiplier)."""

    weights: Mapping[str, float] = field(default_factory=lambda: WEIGHTS)
    status_factors: Mapping[str, float] = field(default_factory=lambda: STATUS_FACTORS)

    def factor(self, status: str) -> float:
        """How much an event with this status counts (0 for unknown statuses)."""
        return self.status_factors.get(status, 0.0)

    def score(self, type_: str, status: str) -> float:
        """The score of one event: its type's weight times its status factor."""
        return self.weights.get(type_, 0.0) * self.factor(status)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for outputs that say which scale they used."""
        return {"weights": dict(self.weights), "status_factors": dict(self.status_factors)}


DEFAULT_SCALE = Scale()


class Count(NamedTuple):
    """Events of one type and status, as the store's aggregate queries return them."""

    type: str
    status: str
    events: int


class Flow(NamedTuple):
    """Scored events between actors: counts, volume, score and the count per type.

    An immutable named tuple rather than a frozen dataclass: a network of a year has tens
    of thousands of edges, and a tuple is made several times faster.
    """

    events: int = 0
    volume: float = 0.0
    score: float = 0.0
    types: Mapping[str, int] = MappingProxyType({})

    @property
    def mean(self) -> float | None:
        """The mean score per unit of volume (None without volume): from -10 to +7."""
        return self.score / self.volume if self.volume else None

    def __add__(self, other: Flow) -> Flow:  # type: ignore[override]  # sums, not concatenates
        types = dict(self.types)
        for name, n in other.types.items():
            types[name] = types.get(name, 0) + n
        return Flow(
            self.events + other.events,
            self.volume + other.volume,
            self.score + other.score,
            _ordered(types),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: scores rounded to 4 decimals, types in PLOVER order."""
        mean = self.mean
        return {
            "events": self.events,
            "volume": round(self.volume, 4),
            "score": round(self.score, 4),
            "mean": round(mean, 4) if mean is not None else None,
            "types": dict(self.types),
        }


def flow(counts: Iterable[Count], scale: Scale = DEFAULT_SCALE) -> Flow:
    """The flow of some counted events (``Count`` rows) on ``scale``."""
    events = 0
    volume = score = 0.0
    types: dict[str, int] = {}
    for type_, status, n in counts:
        factor = scale.factor(status)
        events += n
        volume += factor * n
        score += scale.weights.get(type_, 0.0) * factor * n
        types[type_] = types.get(type_, 0) + n
    return Flow(events, volume, score, _ordered(types))


def _ordered(types: Mapping[str, int]) -> dict[str, int]:
    """Counts per type in PLOVER order (unknown types last, by name), zeros left out."""
    ordered = {name: types[name] for name in PLOVER_TYPES if types.get(name)}
    if len(ordered) < len(types):
        ordered.update((name, types[name]) for name in sorted(types) if name not in ordered)
        ordered = {name: n for name, n in ordered.items() if n}
    return ordered
