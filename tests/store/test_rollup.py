"""The rollup of counted events per year and month (``store/rollup.py``, migration 4).

The rollup must always equal a count of the events computed from scratch,
whatever writes the events, and a network of any window read through it must
equal the same network counted from the events alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from polybius.graph.weights import STATUS_FACTORS, WEIGHTS
from polybius.store import schema
from polybius.store.database import Store, open_store
from polybius.store.ingest import ingest
from polybius.store.relations import (
    ScaleColumns,
    actor_counts,
    edge_counts,
    edge_statement,
    side_statement,
)
from polybius.store.rollup import rebuild, window_pieces
from tests.store.conftest import LineCoder, doc

SCALE = ScaleColumns(WEIGHTS, STATUS_FACTORS)
days = st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31))


@given(days, st.integers(min_value=0, max_value=1500))
def test_window_pieces_cover_the_window_once_in_aligned_parts(first: date, length: int) -> None:
    last = first + timedelta(days=length)
    pieces = window_pieces(first, last)
    covered: list[date] = []
    for piece in pieces:
        if piece.grain == "Y":
            assert (piece.start.month, piece.start.day, piece.end.month) == (1, 1, 1)
            covered += _days(piece.start, date(piece.end.year, 12, 31))
        elif piece.grain == "M":
            assert piece.start.day == piece.end.day == 1
            covered += _days(piece.start, _month_end(piece.end))
        else:
            covered += _days(piece.start, piece.end)
    assert covered == _days(first, last)  # every day once, in order
    assert sum(piece.grain == "D" for piece in pieces) <= 2


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def test_a_calendar_year_is_one_yearly_piece() -> None:
    assert [(p.grain, p.start, p.end) for p in window_pieces(date(2024, 1, 1),
            date(2024, 12, 31))] == [("Y", date(2024, 1, 1), date(2024, 1, 1))]  # fmt: skip
    assert [p.grain for p in window_pieces(date(2024, 3, 15), date(2024, 3, 20))] == ["D"]
    assert window_pieces(date(2024, 3, 2), date(2024, 3, 1)) == []


def _rollup(store: Store) -> dict[tuple[Any, ...], tuple[int, ...]]:
    columns = ("n", *schema.TYPE_COUNT_COLUMNS)
    with store.reading() as conn:
        rows = conn.execute(select(schema.edge_periods)).all()
    found = {}
    for row in rows:
        counts = tuple(getattr(row, name) for name in columns)
        if any(counts):
            key = (row.grain, str(row.period_start), row.actor_code, row.recipient_code,
                   row.status)  # fmt: skip
            found[key] = counts
    return found


def _rebuilt(store: Store) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """The rollup as ``rebuild`` computes it from the events, left in place."""
    with store.writing() as conn:
        rebuild(conn)
    return _rollup(store)


def test_the_rollup_follows_ingests_updates_and_denials(store: Store) -> None:
    ingest(store, [
        doc("d1", "ASSAULT RUS UKR 2022-01-05 occurred - Russia struck Kyiv.",
            "CONSULT UKR RUS 2022-01-07 planned - Ukraine will meet Russia.",
            "THREATEN RUS - 2022-02-01 occurred - Russia threatened."),
        doc("d2", "AID IRN RUS 2022-02-10 occurred USA Iran sent drones to Russia, U.S. says."),
    ], LineCoder())  # fmt: skip
    assert _rollup(store)[("Y", "2022-01-01", "RUS", "UKR", "occurred")][:1] == (1,)
    # A denial turns the AID into a contested event (still counted); d1 changes its text and
    # moves the strike to March; a second report of the strike joins the first.
    ingest(store, [
        doc("d3", "AID IRN RUS 2022-02-10 denied IRN Iran denied sending drones."),
        doc("d1", "ASSAULT RUS UKR 2022-03-05 occurred - Russia struck Kyiv again.",
            "CONSULT UKR RUS 2022-01-07 planned - Ukraine will meet Russia."),
        doc("d4", "ASSAULT RUS UKR 2022-03-05 occurred - Russia struck Kyiv again, they said."),
    ], LineCoder())  # fmt: skip
    held = _rollup(store)
    assert held == _rebuilt(store)
    assert ("M", "2022-01-01", "RUS", "UKR", "occurred") not in held  # moved away
    assert held[("M", "2022-03-01", "RUS", "UKR", "occurred")][0] == 1  # one merged event
    assert ("M", "2022-02-01", "RUS", "-", "occurred") not in held  # d1 lost its threat


def test_an_event_only_denied_leaves_the_rollup(store: Store) -> None:
    ingest(store, [doc("d1", "AID USA UKR 2022-03-04 denied RUS Russia denied the US sent arms.")],
           LineCoder())  # fmt: skip
    assert _rollup(store) == {}
    ingest(store, [doc("d2", "AID USA UKR 2022-03-04 occurred - The US sent arms to Ukraine.")],
           LineCoder())  # fmt: skip
    counts = _rollup(store)[("Y", "2022-01-01", "USA", "UKR", "occurred")]
    assert counts[0] == 1 and counts[1 + 5] == 1  # n and n_aid (AID is the sixth type)


def test_migration_4_rolls_up_the_events_of_an_older_store(db_url: str) -> None:
    with open_store(db_url) as store:
        ingest(store, [doc("d1", "ASSAULT RUS UKR 2022-01-05 occurred - Russia struck Kyiv.",
                           "AGREE EU UKR 2023-06-01 occurred - The EU agreed to help Ukraine.")],
               LineCoder())  # fmt: skip
        expected = _rollup(store)
        with store.writing() as conn:  # back to version 3: no rollup, no triggers
            if store.dialect == "sqlite":
                for name in ("insert", "delete", "update"):
                    conn.exec_driver_sql(f"DROP TRIGGER events_rollup_{name}")
            else:
                conn.exec_driver_sql("DROP TRIGGER events_rollup ON events")
            conn.exec_driver_sql("DROP TABLE edge_periods")
            conn.execute(schema.schema_version.delete().where(schema.schema_version.c.version >= 4))
    with open_store(db_url, create=False) as store:
        assert _rollup(store) == expected
        assert len(expected) == 4  # two events, each in a year and a month


def _from_events(store: Store, first: date, last: date) -> dict[tuple[str, str], Any]:
    with store.reading() as conn:
        rows = conn.execute(edge_statement(first, last, SCALE)).all()
    return {(r[0], r[1]): (r[2], round(r[3], 6), round(r[4], 6)) for r in rows}


def _through_rollup(store: Store, first: date, last: date) -> dict[tuple[str, str], Any]:
    return {(r.actor, r.recipient): (r.events, round(r.volume, 6), round(r.score, 6))
            for r in edge_counts(store, SCALE, first, last)}  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_edges_through_the_rollup_equal_edges_from_the_events(
    spread: Store, data: st.DataObject
) -> None:
    store = spread
    first = data.draw(st.dates(min_value=date(2021, 11, 1), max_value=date(2023, 3, 1)))
    last = first + timedelta(days=data.draw(st.integers(min_value=0, max_value=500)))
    assert _through_rollup(store, first, last) == _from_events(store, first, last)


@pytest.fixture(scope="module")
def spread(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One SQLite store with events every five days of 2021-2023, some denied."""
    path = tmp_path_factory.mktemp("rollup") / "spread.db"
    with open_store(str(path)) as store:
        kinds = [("ASSAULT", "RUS", "UKR"), ("CONSULT", "UKR", "RUS"), ("AID", "USA", "UKR"),
                 ("ACCUSE", "CHN", "USA"), ("AGREE", "EU", "UKR")]  # fmt: skip
        statuses = ("occurred", "planned", "occurred", "possible", "denied")
        documents = []
        for i in range(160):
            day = date(2021, 12, 1) + timedelta(days=i * 5)
            type_, actor, recipient = kinds[i % len(kinds)]
            line = f"{type_} {actor} {recipient} {day} {statuses[i % 5]} - Event number {i}."
            documents.append(doc(f"s{i}", line))
        ingest(store, documents, LineCoder())
        yield store


def test_the_rollup_total_equals_the_counted_events(store: Store) -> None:
    ingest(store, [doc("d1", "ASSAULT RUS UKR 2022-01-05 occurred - Russia struck Kyiv.",
                       "ASSAULT RUS UKR - occurred - Russia attacked.")], LineCoder())  # fmt: skip
    with store.reading() as conn:
        yearly = conn.execute(text("SELECT SUM(n) FROM edge_periods WHERE grain = 'Y'")).scalar()
        dated = conn.execute(select(func.count()).select_from(schema.events).where(
            schema.events.c.date_start.is_not(None))).scalar()  # fmt: skip
    assert yearly == dated == 1  # the undated event is not in the rollup


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_actor_counts_through_the_rollup_equal_counts_from_the_events(
    spread: Store, data: st.DataObject
) -> None:
    first = data.draw(st.dates(min_value=date(2021, 11, 1), max_value=date(2023, 3, 1)))
    last = first + timedelta(days=data.draw(st.integers(min_value=0, max_value=500)))
    expected: dict[str, list[int]] = {}
    with spread.reading() as conn:
        for i, side in enumerate(("actor", "recipient")):
            for code, n in conn.execute(side_statement(side, first, last)):
                expected.setdefault(code, [0, 0])[i] = n
    found = {c.code: [c.as_actor, c.as_recipient] for c in actor_counts(spread, first, last)}
    assert found == expected
