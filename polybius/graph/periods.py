"""Calendar periods for time series: ISO weeks, months and years.

An event falls in the period of its start date. A series covers every period
from its first to its last, empty ones included, so that a plot of it has no
silent gaps.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

PERIODS: tuple[str, ...] = ("week", "month", "year")


@dataclass(frozen=True, order=True)
class Period:
    """One calendar period: its first and last day and its label (2022-W42, 2022-10, 2022)."""

    start: date
    end: date
    label: str


def period_of(day: date, by: str) -> Period:
    """The ``by`` ("week", "month" or "year") period that contains ``day``."""
    if by == "week":
        start = day - timedelta(days=day.weekday())
        year, week, _ = start.isocalendar()
        return Period(start, start + timedelta(days=6), f"{year}-W{week:02d}")
    if by == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(
            date(day.year, day.month, 1),
            date(day.year, day.month, last),
            f"{day.year}-{day.month:02d}",
        )
    if by == "year":
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), str(day.year))
    raise ValueError(f"unknown period {by!r}; use one of: {', '.join(PERIODS)}")


def periods_between(first: date, last: date, by: str) -> Iterator[Period]:
    """Every ``by`` period from the one holding ``first`` to the one holding ``last``."""
    if last < first:
        return
    period = period_of(first, by)
    while period.start <= last:
        yield period
        period = period_of(period.end + timedelta(days=1), by)
