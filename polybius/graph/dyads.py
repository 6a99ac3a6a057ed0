"""A dyad over time: what two actors did to each other, period by period, and the score.

``dyad(store, "RUS", "UKR", by="month")`` counts the merged events from A to
B and from B to A in each calendar period (by the event's start date), per
PLOVER type, and scores them on the cooperation–conflict scale of
``weights``. Denied events (nobody asserts them) are not counted; planned and
possible ones count at half weight. Undated events fall in no period: the
series says how many there were.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from polybius.graph.periods import PERIODS, Period, period_of, periods_between
from polybius.graph.weights import DEFAULT_SCALE, Count, Flow, Scale, flow
from polybius.store.database import Store
from polybius.store.relations import DayCount, dyad_counts


@dataclass(frozen=True)
class DyadPeriod:
    """One period of a dyad: A→B and B→A flows."""

    period: Period
    forward: Flow
    backward: Flow

    @property
    def score(self) -> float:
        """Both directions together: the state of the relation in this period."""
        return self.forward.score + self.backward.score

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "a_to_b": self.forward.to_dict(),
            "b_to_a": self.backward.to_dict(),
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class DyadSeries:
    """The relation of A and B over time: one entry per period, empty periods included."""

    a: str
    b: str
    by: str
    date_from: date | None
    date_to: date | None
    periods: tuple[DyadPeriod, ...]
    undated: int
    scale: Scale

    @property
    def forward(self) -> Flow:
        """All dated A→B events of the series."""
        return sum((p.forward for p in self.periods), Flow())

    @property
    def backward(self) -> Flow:
        """All dated B→A events of the series."""
        return sum((p.backward for p in self.periods), Flow())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the scale it was scored on."""
        return {
            "a": self.a,
            "b": self.b,
            "by": self.by,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "a_to_b": self.forward.to_dict(),
            "b_to_a": self.backward.to_dict(),
            "undated": self.undated,
            "periods": [p.to_dict() for p in self.periods],
            "scale": self.scale.to_dict(),
        }


def dyad(
    store: Store,
    a: str,
    b: str,
    *,
    by: str = "month",
    date_from: date | None = None,
    date_to: date | None = None,
    scale: Scale = DEFAULT_SCALE,
) -> DyadSeries:
    """The series of events between actor codes ``a`` and ``b``, by ``by`` period.

    The series runs from ``date_from`` (else the first event) to ``date_to``
    (else the last). Example: ``dyad(store, "RUS", "UKR", by="week")``.
    """
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; use one of: {', '.join(PERIODS)}")
    if a.strip().casefold() == b.strip().casefold():
        raise ValueError("a dyad needs two different actors")
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ValueError("the end of the window is before its start")
    rows = dyad_counts(store, a, b, date_from, date_to)
    periods = _series(rows, by, date_from, date_to, scale)
    undated = sum(row.events for row in rows if row.day is None)
    return DyadSeries(
        a.strip().upper(), b.strip().upper(), by, date_from, date_to, periods, undated, scale
    )


def _series(
    rows: Iterable[DayCount], by: str, first: date | None, last: date | None, scale: Scale
) -> tuple[DyadPeriod, ...]:
    """Bucket dated rows into periods and fill the empty periods between the bounds."""
    buckets: dict[tuple[Period, bool], list[Count]] = defaultdict(list)
    days: list[date] = []
    for row in rows:
        if row.day is None:
            continue
        days.append(row.day)
        buckets[(period_of(row.day, by), row.forward)].append(
            Count(row.type, row.status, row.events)
        )
    first = first or min(days, default=None)
    last = last or max(days, default=None)
    if first is None or last is None:
        return ()
    return tuple(
        DyadPeriod(
            period,
            flow(buckets.get((period, True), ()), scale),
            flow(buckets.get((period, False), ()), scale),
        )
        for period in periods_between(first, last, by)
    )
