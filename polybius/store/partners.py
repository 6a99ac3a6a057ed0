"""One actor's relations: its counted events with each other actor, both ways, and its latest.

Like the graph queries of ``relations``, these read merged events by merge
code, leave out merged events whose claim state is ``denied``, and let the
database sum the volume and score of each counterpart on the weights they are
given (``ScaleColumns``). They run on the dyad indexes of migration 2
(``ix_events_dyad`` for the actor side, ``ix_events_recipient_dyad`` for the
recipient side).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select

from polybius.store.database import Store
from polybius.store.merge import NO_ACTOR
from polybius.store.query import StoredEvent, _stored_event
from polybius.store.relations import (
    COUNTED,
    ScaleColumns,
    code_variants,
    scale_lookup,
    window_filter,
)
from polybius.store.schema import events as merged


class CounterpartRow(NamedTuple):
    """Counted events between the actor and one other actor in one direction."""

    code: str
    outgoing: bool  # True: the actor did it to the counterpart
    events: int
    volume: float
    score: float


def counterpart_rows(
    store: Store,
    code: str,
    scale: ScaleColumns,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[CounterpartRow]:
    """The actor's counted events per counterpart and direction (events on itself left out)."""
    codes = code_variants(code)
    found: list[CounterpartRow] = []
    with store.reading() as conn:
        for outgoing in (True, False):
            own, other = _sides(outgoing)
            query = (
                select(
                    other,
                    func.count(),
                    func.sum(scale_lookup(merged.c.status, scale.factors)),
                    func.sum(
                        scale_lookup(merged.c.status, scale.factors)
                        * scale_lookup(merged.c.type, scale.weights)
                    ),
                )
                .where(own.in_(codes), other.not_in([*codes, NO_ACTOR]), COUNTED,
                       *window_filter(date_from, date_to))
                .group_by(other)
            )  # fmt: skip
            for row in conn.execute(query):
                found.append(CounterpartRow(
                    row[0], outgoing, int(row[1]), float(row[2] or 0.0), float(row[3] or 0.0),
                ))  # fmt: skip
    return found


def latest_events(store: Store, code: str, *, limit: int = 10) -> list[StoredEvent]:
    """The actor's dated merged events (either side, every claim state), the latest first.

    One small query per side and spelling of the code, each read in order from the
    ``ix_events_*_span`` index of migration 3, then merged.
    """
    found: dict[int, StoredEvent] = {}
    with store.reading() as conn:
        for value in code_variants(code):
            for side in ("actor_code", "recipient_code"):
                query = (
                    select(merged)
                    .where(merged.c[side] == value, merged.c.date_end.is_not(None))
                    .order_by(merged.c.date_end.desc(), merged.c.id.desc())
                    .limit(limit)
                )
                for row in conn.execute(query):
                    found[row.id] = _stored_event(row)
    latest = sorted(found.values(), key=lambda e: (e.date_end, e.id), reverse=True)
    return latest[:limit]


def _sides(outgoing: bool) -> tuple[ColumnElement[str], ColumnElement[str]]:
    if outgoing:
        return merged.c.actor_code, merged.c.recipient_code
    return merged.c.recipient_code, merged.c.actor_code
