"""Aggregate queries over merged events for the graph of the international system.

The graph reads merged events by their **merge codes** (``events.actor_code``
and ``events.recipient_code``: the country, else the organisation's id, else
the name), so that Russia's ministers and Russian forces are all "RUS". Every
query here is answered from the indexes of migration 2 (``ix_events_dyad``,
``ix_events_recipient_dyad``, ``ix_events_window``) without reading the table
rows, and returns small typed rows. The scale of ``polybius.graph`` is applied
there, except by the edge query: a year of a large store has tens of
thousands of edges, so the database sums their scores itself, on the weights
it is given (``ScaleColumns``).

Counts include only merged events whose claim state is not ``denied`` (nobody
asserts them); ``claim_events`` shows every state, since claims are its point.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import compress
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Row,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
)

from polybius.records import PLOVER_TYPES
from polybius.store.claims import ASSERTING, DENYING, UNKNOWN_OUTLET
from polybius.store.database import Store
from polybius.store.merge import NO_ACTOR
from polybius.store.query import EventQuery, StoredEvent, _stored_event, select_events
from polybius.store.rollup import Piece, rollup_pieces, window_pieces
from polybius.store.schema import actors, documents, edge_periods, mentions
from polybius.store.schema import events as merged
from polybius.store.summary import outlet_label

COUNTED: ColumnElement[bool] = merged.c.state != "denied"
EXPORT_CHUNK = 1000
AGGREGATE_WORK_MEM = "64MB"


class DayCount(NamedTuple):
    """Events of one type and status on one day in one direction of a dyad."""

    forward: bool  # True: from the first actor to the second
    day: date | None
    type: str
    status: str
    events: int


class EdgeRow(NamedTuple):
    """Counted events from one actor to another, summed on a scale: count, volume (the sum
    of the status factors), score (the sum of weight × factor) and counts per type.
    A named tuple: a year of a large store makes tens of thousands."""

    actor: str
    recipient: str
    events: int
    volume: float
    score: float
    types: dict[str, int]


@dataclass(frozen=True)
class ScaleColumns:
    """What the edge query needs of a scale: type weights and status factors (plain maps,
    so the store does not depend on ``polybius.graph``), and the types to count."""

    weights: Mapping[str, float]
    factors: Mapping[str, float]
    types: tuple[str, ...] = PLOVER_TYPES


@dataclass(frozen=True)
class ActorCount:
    """How many counted events an actor code is the actor and the recipient of."""

    code: str
    as_actor: int
    as_recipient: int

    @property
    def total(self) -> int:
        """Events on either side (an event with the actor on both sides counts twice)."""
        return self.as_actor + self.as_recipient


@dataclass(frozen=True)
class ActorName:
    """The name and country the actor table gives a code."""

    name: str
    country: str | None


@dataclass(frozen=True)
class Voice:
    """One report of a merged event: who speaks, with what status, where and when."""

    speaker: str
    status: str
    outlet: str | None
    published: date | None
    doc_id: str

    @property
    def stance(self) -> str:
        """Whether the report "asserts", "denies" (denied or negated) or neither ("other")."""
        if self.status in ASSERTING:
            return "asserts"
        return "denies" if self.status in DENYING else "other"


@dataclass(frozen=True)
class ExportRow:
    """A merged event with the report that shows it best (its Contract 2 record and source)."""

    event: StoredEvent
    record: dict[str, Any]
    doc_id: str | None
    url: str | None
    outlet: str | None


def code_variants(value: str) -> list[str]:
    """The merge codes a user's actor may be stored under: as given, upper-case, case-folded."""
    value = value.strip()
    return sorted({value, value.upper(), value.casefold()})


def window_filter(date_from: date | None, date_to: date | None) -> list[ColumnElement[bool]]:
    """Events that start inside the window (an open side is unbounded)."""
    found: list[ColumnElement[bool]] = []
    if date_from is not None:
        found.append(merged.c.date_start >= date_from)
    if date_to is not None:
        found.append(merged.c.date_start <= date_to)
    return found


def _between(a: list[str], b: list[str]) -> ColumnElement[bool]:
    """Events from ``a`` to ``b`` or from ``b`` to ``a``."""
    return or_(
        and_(merged.c.actor_code.in_(a), merged.c.recipient_code.in_(b)),
        and_(merged.c.actor_code.in_(b), merged.c.recipient_code.in_(a)),
    )


def dyad_statement(
    a: list[str], b: list[str], date_from: date | None, date_to: date | None
) -> Select:
    """Counted events between the codes ``a`` and ``b``, grouped by actor, day, type, status."""
    return (
        select(
            merged.c.actor_code,
            merged.c.date_start,
            merged.c.type,
            merged.c.status,
            func.count().label("n"),
        )
        .where(_between(a, b), COUNTED, *window_filter(date_from, date_to))
        .group_by(merged.c.actor_code, merged.c.date_start, merged.c.type, merged.c.status)
    )


def dyad_counts(
    store: Store, a: str, b: str, date_from: date | None = None, date_to: date | None = None
) -> list[DayCount]:
    """Counted events between ``a`` and ``b`` in both directions, by day, type and status."""
    first, second = code_variants(a), code_variants(b)
    with store.reading() as conn:
        rows = conn.execute(dyad_statement(first, second, date_from, date_to)).all()
    return [
        DayCount(row.actor_code in first, row.date_start, row.type, row.status, row.n)
        for row in rows
    ]


def edge_statement(
    date_from: date | None,
    date_to: date | None,
    scale: ScaleColumns,
    days: Sequence[tuple[date, date]] | None = None,
    *,
    undated: bool = False,
) -> Select:
    """Counted events between two different actors, one row per directed pair, from the events.

    The database sums each pair's volume, score and count per type itself
    (``FILTER`` clauses, SQLite 3.30+ and PostgreSQL), so that a window comes
    back as one row per edge rather than one per type and status. ``days``
    (ranges, inclusive) replaces the window when given; ``undated`` counts the
    events without a date instead.
    """
    a, r = merged.c.actor_code, merged.c.recipient_code
    factor = scale_lookup(merged.c.status, scale.factors)
    weight = scale_lookup(merged.c.type, scale.weights)
    window = _day_filter(date_from, date_to, days, undated)
    return (
        select(
            a,
            r,
            func.count().label("n"),
            func.sum(factor).label("volume"),
            func.sum(factor * weight).label("score"),
            *(func.count().filter(merged.c.type == name) for name in scale.types),
        )
        .where(*window, COUNTED, a != NO_ACTOR, r != NO_ACTOR, a != r)
        .group_by(a, r)
    )


def rollup_edge_statement(pieces: Sequence[Piece], scale: ScaleColumns) -> Select:
    """The same rows as ``edge_statement``, summed from the yearly and monthly rollup rows."""
    t = edge_periods.c
    factor = scale_lookup(t.status, scale.factors)
    type_columns = [t[f"n_{name.lower()}"] for name in scale.types]
    weighted = sum(
        (column * float(scale.weights.get(name, 0.0))
         for name, column in zip(scale.types, type_columns, strict=True)),
        literal(0.0, Float),
    )  # fmt: skip
    periods = _periods(pieces)
    return (
        select(
            t.actor_code,
            t.recipient_code,
            func.sum(t.n).label("n"),
            func.sum(t.n * factor).label("volume"),
            func.sum(weighted * factor).label("score"),
            *(func.sum(column) for column in type_columns),
        )
        .where(
            periods,
            t.actor_code != NO_ACTOR,
            t.recipient_code != NO_ACTOR,
            t.actor_code != t.recipient_code,
        )
        .group_by(t.actor_code, t.recipient_code)
        .having(func.sum(t.n) > 0)
    )


def scale_lookup(column: ColumnElement[str], values: Mapping[str, float]) -> ColumnElement[float]:
    """``CASE column WHEN key THEN value ... ELSE 0``, with typed floats (no numeric sums)."""
    if not values:
        return literal(0.0, Float)
    return case(
        {key: literal(float(value), Float) for key, value in values.items()},
        value=column,
        else_=literal(0.0, Float),
    )


def edge_counts(
    store: Store,
    scale: ScaleColumns,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[EdgeRow]:
    """Counted events between two different actors, per directed pair, summed on ``scale``.

    Whole years and months of the window come from the rollup (``rollup.py``), the days
    left at its ends from the events; a window open on both sides also counts undated events.
    """
    with store.reading() as conn:
        _aggregate_in_memory(conn)
        pieces, days = _window_parts(conn, date_from, date_to)
        statements = []
        if rollup_pieces(pieces):
            statements.append(rollup_edge_statement(pieces, scale))
        if days:
            statements.append(edge_statement(None, None, scale, days))
        if date_from is None and date_to is None:
            statements.append(edge_statement(None, None, scale, undated=True))
        rows: list[EdgeRow] = []
        for statement in statements:
            found = _edge_rows(conn.execute(statement).all(), scale.types)
            rows = _add_edges(rows, found) if rows else found
    return rows


def _aggregate_in_memory(conn: Connection) -> None:
    """PostgreSQL's default 4 MB of work memory makes a year's edges spill their hash
    aggregate to disk (twice as slow): allow more for this read transaction only."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL work_mem = '{AGGREGATE_WORK_MEM}'")


def _window_parts(
    conn: Connection, date_from: date | None, date_to: date | None
) -> tuple[list[Piece], list[tuple[date, date]]]:
    """The window in rollup pieces, and the loose days among them (read from the events)."""
    first, last = _bounds(conn, date_from, date_to)
    pieces = window_pieces(first, last) if first and last else []
    return pieces, [(piece.start, piece.end) for piece in pieces if piece.grain == "D"]


def _bounds(
    conn: Connection, date_from: date | None, date_to: date | None
) -> tuple[date | None, date | None]:
    """The window with an open side closed at the first or last dated event."""
    if date_from is None:
        date_from = conn.execute(select(func.min(merged.c.date_start))).scalar()
    if date_to is None:
        date_to = conn.execute(select(func.max(merged.c.date_start))).scalar()
    return date_from, date_to


def _edge_rows(rows: Iterable[Row], types: tuple[str, ...]) -> list[EdgeRow]:
    # A year of a large store is tens of thousands of rows: keep the loop lean (the counts
    # per type are kept where non-zero, with C-level compress).
    return [
        EdgeRow(row[0], row[1], int(row[2]), float(row[3] or 0.0), float(row[4] or 0.0),
                dict(compress(zip(types, row[5:], strict=True), row[5:])))
        for row in rows
    ]  # fmt: skip


def _add_edges(first: list[EdgeRow], second: list[EdgeRow]) -> list[EdgeRow]:
    """Rows of both lists, summed where they are the same directed pair."""
    by_pair = {(row.actor, row.recipient): row for row in first}
    for row in second:
        held = by_pair.get((row.actor, row.recipient))
        if held is None:
            by_pair[(row.actor, row.recipient)] = row
            continue
        types = dict(held.types)
        for name, n in row.types.items():
            types[name] = types.get(name, 0) + n
        by_pair[(row.actor, row.recipient)] = EdgeRow(
            row.actor, row.recipient, held.events + row.events, held.volume + row.volume,
            held.score + row.score, types,
        )  # fmt: skip
    return list(by_pair.values())


def side_statement(
    side: str,
    date_from: date | None,
    date_to: date | None,
    *,
    days: Sequence[tuple[date, date]] | None = None,
    undated: bool = False,
) -> Select:
    """Counted events per code on one ``side`` ("actor" or "recipient") in the window,
    or in ``days`` (ranges, inclusive), or among the undated events."""
    column = merged.c[f"{side}_code"]
    return (
        select(column, func.count().label("n"))
        .where(COUNTED, column != NO_ACTOR, *_day_filter(date_from, date_to, days, undated))
        .group_by(column)
    )


def _day_filter(
    date_from: date | None,
    date_to: date | None,
    days: Sequence[tuple[date, date]] | None,
    undated: bool,
) -> list[ColumnElement[bool]]:
    if undated:
        return [merged.c.date_start.is_(None)]
    if days is not None:
        return [or_(*(merged.c.date_start.between(first, last) for first, last in days))]
    return window_filter(date_from, date_to)


def _periods(pieces: Sequence[Piece]) -> ColumnElement[bool]:
    """Rollup rows of the whole years and months among ``pieces``."""
    t = edge_periods.c
    return or_(*(
        and_(t.grain == piece.grain, _period_range(piece))
        for piece in rollup_pieces(pieces)
    ))  # fmt: skip


def _period_range(piece: Piece) -> ColumnElement[bool]:
    # One period as an equality: the database then reads the key in (actor, recipient) order
    # and groups the edges as it goes, with no sort (one calendar year, one month).
    if piece.start == piece.end:
        return edge_periods.c.period_start == piece.start
    return edge_periods.c.period_start.between(piece.start, piece.end)


def rollup_side_statement(side: str, pieces: Sequence[Piece]) -> Select:
    """``side_statement``'s rows for whole years and months, summed from the rollup."""
    t = edge_periods.c
    column = t[f"{side}_code"]
    return (
        select(column, func.sum(t.n).label("n"))
        .where(_periods(pieces), column != NO_ACTOR)
        .group_by(column)
        .having(func.sum(t.n) > 0)
    )


def actor_counts(
    store: Store, date_from: date | None = None, date_to: date | None = None
) -> list[ActorCount]:
    """Counted events per actor code as actor and as recipient, the most active first.

    Whole years and months come from the rollup, loose days from the events; with no
    window at all, undated events count too.
    """
    sides: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with store.reading() as conn:
        _aggregate_in_memory(conn)
        pieces, days = _window_parts(conn, date_from, date_to)
        for i, side in enumerate(("actor", "recipient")):
            statements = []
            if rollup_pieces(pieces):
                statements.append(rollup_side_statement(side, rollup_pieces(pieces)))
            if days:
                statements.append(side_statement(side, None, None, days=days))
            if date_from is None and date_to is None:
                statements.append(side_statement(side, None, None, undated=True))
            for statement in statements:
                for code, n in conn.execute(statement):
                    sides[code][i] += int(n)
    found = [ActorCount(code, n[0], n[1]) for code, n in sides.items()]
    return sorted(found, key=lambda c: (-c.total, -c.as_actor, c.code))


def actor_names(store: Store, codes: Iterable[str]) -> dict[str, ActorName]:
    """The actor table's name and country for each code it holds (others are left out)."""
    wanted = sorted(set(codes))
    found: dict[str, ActorName] = {}
    with store.reading() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = select(actors.c.code, actors.c.name, actors.c.country).where(
                actors.c.code.in_(chunk)
            )
            for row in conn.execute(query):
                found[row.code] = ActorName(row.name, row.country)
    return found


def claim_events(
    store: Store,
    a: str,
    b: str | None = None,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    state: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[StoredEvent]:
    """Merged events of every claim state with ``a`` on one side (and ``b`` on the other).

    Oldest first, like ``query.events``; ``state`` keeps one claim state.
    """
    first = code_variants(a)
    if b is None:
        side = or_(merged.c.actor_code.in_(first), merged.c.recipient_code.in_(first))
    else:
        side = _between(first, code_variants(b))
    conditions = [side, *window_filter(date_from, date_to)]
    if state is not None:
        conditions.append(merged.c.state == state.lower())
    query = (
        select(merged)
        .where(*conditions)
        .order_by(merged.c.date_start.is_(None), merged.c.date_start, merged.c.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    with store.reading() as conn:
        return [_stored_event(row) for row in conn.execute(query)]


def event_voices(store: Store, event_ids: Sequence[int]) -> dict[int, list[Voice]]:
    """Every report of each event: speaker, status, outlet, date, in publication order."""
    voices: dict[int, list[Voice]] = {event_id: [] for event_id in event_ids}
    with store.reading() as conn:
        for row in _mention_rows(conn, list(event_ids)):
            outlet = outlet_label(row.outlet, row.url)
            speaker = row.attributed_code or outlet or UNKNOWN_OUTLET
            voices[row.story_id].append(
                Voice(speaker, row.status, outlet, row.published, row.doc_id)
            )
    return voices


def _mention_rows(conn: Connection, event_ids: list[int]) -> list[Row]:
    """The mentions of some events with their documents, in publication order."""
    rows: list[Row] = []
    for start in range(0, len(event_ids), 500):
        query = (
            select(
                mentions.c.id,
                mentions.c.story_id,
                mentions.c.doc_id,
                mentions.c.status,
                mentions.c.confidence,
                mentions.c.attributed_code,
                mentions.c.record,
                documents.c.outlet,
                documents.c.url,
                documents.c.published,
            )
            .join(documents, documents.c.id == mentions.c.doc_id)
            .where(mentions.c.story_id.in_(event_ids[start : start + 500]))
            .order_by(documents.c.published, mentions.c.doc_id, mentions.c.ordinal)
        )
        rows.extend(conn.execute(query).all())
    return rows


def export_rows(store: Store, query: EventQuery, chunk: int = EXPORT_CHUNK) -> Iterator[ExportRow]:
    """Every merged event ``query`` matches (its limit included), in id order, in chunks.

    One read transaction: a consistent snapshot however long the export takes.
    Each event comes with its best report: a mention with the event's status,
    the most confident, the first reported among equals.
    """
    everything = replace(query, limit=None, offset=0)
    base = select_events(everything, store.dialect).order_by(None).order_by(merged.c.id)
    left = query.limit
    last = 0
    with store.reading() as conn:
        while left is None or left > 0:
            size = chunk if left is None else min(chunk, left)
            found = [_stored_event(row) for row in conn.execute(
                base.where(merged.c.id > last).limit(size)
            )]  # fmt: skip
            if not found:
                return
            best = _best_reports(conn, found)
            for event in found:
                yield _export_row(event, best.get(event.id))
            last = found[-1].id
            left = None if left is None else left - len(found)


def _best_reports(conn: Connection, found: list[StoredEvent]) -> dict[int, Row]:
    status = {event.id: event.status for event in found}
    best: dict[int, Row] = {}
    for row in _mention_rows(conn, list(status)):
        key = (row.status != status[row.story_id], -row.confidence)
        held = best.get(row.story_id)
        if held is None or key < (held.status != status[held.story_id], -held.confidence):
            best[row.story_id] = row
    return best


def _export_row(event: StoredEvent, report: Row | None) -> ExportRow:
    if report is None:
        return ExportRow(event, {}, None, None, None)
    record: dict[str, Any] = json.loads(report.record)
    return ExportRow(event, record, report.doc_id, report.url, outlet_label(report.outlet, None))
