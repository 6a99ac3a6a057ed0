"""Counted events rolled up per year and per month, kept in step with ``events`` by triggers.

A network of one year of a large store groups about a hundred thousand merged
events into tens of thousands of edges; reading each event's row is most of
the time. ``edge_periods`` holds, per calendar year (grain ``Y``) and per
calendar month (grain ``M``), per actor code, recipient code and status, the
number of counted merged events (claim state not ``denied``) in total and per
PLOVER type. A year of the network then reads one rollup row per edge and
status instead of one row per event.

Database triggers on ``events`` (written here for SQLite and PostgreSQL)
subtract a row's old contribution and add its new one on every insert, update
and delete, so the rollup equals what the events say whatever writes them:
the ingest, a re-ingest that moves an event to another date, or a bulk load.
Migration 4 builds the table, the triggers, and the rollup of the events a
store already holds.

A time window is answered in pieces (``window_pieces``): whole years from the
yearly rows, whole months from the monthly rows, and the days left at either
end from the events themselves.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import Connection

from polybius.records import PLOVER_TYPES
from polybius.store.schema import TYPE_COUNT_COLUMNS, edge_periods

Grain = Literal["Y", "M", "D"]
# The columns of a merged event that decide its place in the rollup.
KEY_COLUMNS = ("type", "actor_code", "recipient_code", "date_start", "status", "state")
_CONFLICT = "grain, period_start, actor_code, recipient_code, status"


@dataclass(frozen=True)
class Piece:
    """Part of a window: whole years (``Y``) or months (``M``) of the rollup, or days (``D``)
    read from the events, from ``start`` to ``end`` inclusive (for ``Y`` and ``M``, the first
    days of the first and last periods)."""

    grain: Grain
    start: date
    end: date


def window_pieces(date_from: date, date_to: date) -> list[Piece]:
    """Split ``[date_from, date_to]`` into whole years, whole months and loose days.

    Example: 2023-11-20 .. 2025-02-10 is the days 2023-11-20..30, the month
    2023-12, the year 2024, the month 2025-01 and the days 2025-02-01..10.
    """
    if date_to < date_from:
        return []
    first_year = date_from.year + (0 if date_from == date(date_from.year, 1, 1) else 1)
    last_year = date_to.year - (0 if date_to == date(date_to.year, 12, 31) else 1)
    if first_year > last_year:
        return _month_pieces(date_from, date_to)
    years = Piece("Y", date(first_year, 1, 1), date(last_year, 1, 1))
    before = _month_pieces(date_from, date(first_year, 1, 1) - timedelta(days=1))
    after = _month_pieces(date(last_year + 1, 1, 1), date_to)
    return [*before, years, *after]


def _month_pieces(date_from: date, date_to: date) -> list[Piece]:
    """Whole months of ``[date_from, date_to]`` and the days left at either end."""
    if date_to < date_from:
        return []
    first = _month_start(date_from)
    if first < date_from:
        first = _next_month(first)
    last = _month_start(date_to)
    if date_to < _month_end(last):
        last = _previous_month(last)
    if first > last:
        return [Piece("D", date_from, date_to)]
    pieces = [Piece("M", first, last)]
    if date_from < first:
        pieces.insert(0, Piece("D", date_from, first - timedelta(days=1)))
    if _month_end(last) < date_to:
        pieces.append(Piece("D", _month_end(last) + timedelta(days=1), date_to))
    return pieces


def _month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def _month_end(first: date) -> date:
    return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])


def _next_month(first: date) -> date:
    return _month_end(first) + timedelta(days=1)


def _previous_month(first: date) -> date:
    return _month_start(first - timedelta(days=1))


# --- the triggers and the rebuild, per dialect -------------------------------------------


def _period(dialect: str, grain: str, column: str) -> str:
    """SQL for the first day of ``column``'s year or month."""
    if dialect == "sqlite":
        unit = "year" if grain == "Y" else "month"
        return f"date({column}, 'start of {unit}')"
    unit = "year" if grain == "Y" else "month"
    return f"CAST(date_trunc('{unit}', {column}) AS date)"


def _type_counts(type_column: str, one: str) -> list[str]:
    """One SQL expression per PLOVER type: ``one`` when the row has that type, else 0."""
    return [f"CASE WHEN {type_column} = '{name}' THEN {one} ELSE 0 END" for name in PLOVER_TYPES]


def _counted(row: str) -> str:
    return f"{row}.state <> 'denied' AND {row}.date_start IS NOT NULL"


def upsert_statement(dialect: str, row: str, sign: int, grain: str) -> str:
    """Add ``sign`` (1 or -1) times the trigger row ``row`` (``new``/``old``) to its period."""
    columns = ", ".join(("n", *TYPE_COUNT_COLUMNS))
    counts = ", ".join(f"{name} = edge_periods.{name} + excluded.{name}" for name in
                       ("n", *TYPE_COUNT_COLUMNS))  # fmt: skip
    return (
        f"INSERT INTO edge_periods (grain, period_start, actor_code, recipient_code, status, "
        f"{columns}) SELECT '{grain}', {_period(dialect, grain, f'{row}.date_start')}, "
        f"{row}.actor_code, {row}.recipient_code, {row}.status, {sign}, "
        f"{', '.join(_type_counts(f'{row}.type', str(sign)))} WHERE {_counted(row)} "
        f"ON CONFLICT ({_CONFLICT}) DO UPDATE SET {counts};"
    )


def _changed(old: str, new: str, dialect: str) -> str:
    differs = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    return " OR ".join(f"{old}.{column} {differs} {new}.{column}" for column in KEY_COLUMNS)


def sqlite_triggers() -> list[str]:
    """The three SQLite triggers that keep ``edge_periods`` equal to the events."""

    def body(*parts: tuple[str, int]) -> str:
        return " ".join(
            upsert_statement("sqlite", row, sign, grain)
            for row, sign in parts
            for grain in ("Y", "M")
        )

    keys = ", ".join(KEY_COLUMNS)
    return [
        "CREATE TRIGGER IF NOT EXISTS events_rollup_insert AFTER INSERT ON events "
        f"BEGIN {body(('new', 1))} END",
        "CREATE TRIGGER IF NOT EXISTS events_rollup_delete AFTER DELETE ON events "
        f"BEGIN {body(('old', -1))} END",
        f"CREATE TRIGGER IF NOT EXISTS events_rollup_update AFTER UPDATE OF {keys} ON events "
        f"WHEN {_changed('old', 'new', 'sqlite')} BEGIN {body(('old', -1), ('new', 1))} END",
    ]


def postgres_triggers() -> list[str]:
    """A PL/pgSQL trigger function and the row trigger that calls it."""
    old = " ".join(upsert_statement("postgresql", "OLD", -1, g) for g in ("Y", "M"))
    new = " ".join(upsert_statement("postgresql", "NEW", 1, g) for g in ("Y", "M"))
    keys = ", ".join(KEY_COLUMNS)
    function = (
        "CREATE OR REPLACE FUNCTION polybius_events_rollup() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'UPDATE' AND NOT ({_changed('OLD', 'NEW', 'postgresql')}) THEN "
        "RETURN NULL; END IF; "
        f"IF TG_OP <> 'INSERT' THEN {old} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {new} END IF; "
        "RETURN NULL; END $$"
    )
    return [
        function,
        "DROP TRIGGER IF EXISTS events_rollup ON events",
        f"CREATE TRIGGER events_rollup AFTER INSERT OR DELETE OR UPDATE OF {keys} ON events "
        "FOR EACH ROW EXECUTE FUNCTION polybius_events_rollup()",
    ]


def rebuild_statements(dialect: str) -> list[str]:
    """Empty the rollup and fill it again from the events (migration 4, and repairs)."""
    columns = ", ".join(("n", *TYPE_COUNT_COLUMNS))
    statements = ["DELETE FROM edge_periods"]
    for grain in ("Y", "M"):
        period = _period(dialect, grain, "date_start")
        sums = ", ".join(f"SUM({expression})" for expression in _type_counts("type", "1"))
        statements.append(
            f"INSERT INTO edge_periods (grain, period_start, actor_code, recipient_code, status, "
            f"{columns}) SELECT '{grain}', {period}, actor_code, recipient_code, status, "
            f"COUNT(*), {sums} FROM events WHERE state <> 'denied' AND date_start IS NOT NULL "
            f"GROUP BY {period}, actor_code, recipient_code, status"
        )
    return statements


def install(conn: Connection) -> None:
    """Create the rollup table and its triggers, and roll up the events already stored."""
    edge_periods.create(conn, checkfirst=True)
    dialect = conn.dialect.name
    triggers = sqlite_triggers() if dialect == "sqlite" else postgres_triggers()
    for statement in (*triggers, *rebuild_statements(dialect)):
        conn.exec_driver_sql(statement)


def rebuild(conn: Connection) -> None:
    """Recompute the whole rollup from the events (inside the caller's write transaction)."""
    for statement in rebuild_statements(conn.dialect.name):
        conn.exec_driver_sql(statement)


def rollup_pieces(pieces: Sequence[Piece]) -> list[Piece]:
    """The pieces answered from the rollup table (not from the events)."""
    return [piece for piece in pieces if piece.grain != "D"]
