"""The graph's SQL (``store/relations.py``): migration 2's indexes, and queries that use them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Select, inspect, select

from polybius.graph.weights import STATUS_FACTORS, WEIGHTS
from polybius.store import schema
from polybius.store.database import Store, open_store
from polybius.store.migrations import GRAPH_INDEXES, LATEST
from polybius.store.query import EventQuery, select_events
from polybius.store.relations import (
    ScaleColumns,
    code_variants,
    dyad_statement,
    edge_statement,
    side_statement,
)

YEAR = (date(2022, 1, 1), date(2022, 12, 31))


def _index_names(store: Store) -> set[str | None]:
    with store.reading() as conn:
        inspector = inspect(conn)
        return {i["name"] for t in ("events", "mentions") for i in inspector.get_indexes(t)}


def test_migration_2_adds_the_graph_indexes_to_a_version_1_store(db_url: str) -> None:
    assert LATEST >= 2
    with open_store(db_url) as store, store.writing() as conn:
        for statement in GRAPH_INDEXES:  # back to version 1
            name = statement.split(" ON ")[0].split()[-1]
            conn.exec_driver_sql(f"DROP INDEX {name}")
        conn.execute(schema.schema_version.delete().where(schema.schema_version.c.version >= 2))
    with open_store(db_url, create=False) as store:
        assert {"ix_events_dyad", "ix_events_window", "ix_events_recipient_dyad",
                "ix_mentions_actor_code_story", "ix_mentions_recipient_country_story"} <= (
            _index_names(store))  # fmt: skip
        with store.reading() as conn:
            versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
        assert versions == list(range(1, LATEST + 1))


def _plan(store: Store, statement: Select) -> str:
    with store.reading() as conn:
        sql = statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
    return "\n".join(row[-1] for row in rows)


@pytest.fixture
def sqlite_world(tmp_path: object, world: Store) -> Store:
    if world.dialect != "sqlite":
        pytest.skip("query plans are checked on SQLite")
    return world


@pytest.mark.parametrize(
    ("name", "statement", "index"),
    [
        ("dyad", dyad_statement(["RUS"], ["UKR"], *YEAR), "ix_events_"),
        ("edges", edge_statement(*YEAR, ScaleColumns(WEIGHTS, STATUS_FACTORS)), "ix_events_window"),
        ("actors", side_statement("actor", None, None), "ix_events_dyad"),
        ("recipients", side_statement("recipient", None, None), "ix_events_recipient_dyad"),
        ("window", side_statement("recipient", *YEAR), "ix_events_window"),
    ],
)
def test_graph_queries_read_only_covering_indexes(
    sqlite_world: Store, name: str, statement: Select, index: str
) -> None:
    plan = _plan(sqlite_world, statement)
    lines = [line for line in plan.splitlines() if "events" in line]
    assert lines, plan
    assert all("USING COVERING INDEX " + index in line for line in lines), plan


def test_event_actor_filters_read_merge_codes_and_only_aliased_mentions(
    sqlite_world: Store,
) -> None:
    plan = _plan(sqlite_world, select_events(EventQuery(actor="RUS", date_from=YEAR[0]), "sqlite"))
    mention_lines = [line for line in plan.splitlines() if "mentions" in line]
    assert mention_lines == ["SEARCH mentions USING INDEX ix_mentions_actor_alias (actor_id=?)"]
    assert "COVERING INDEX ix_events_actor_span (actor_code=? AND date_end>?)" in plan
    assert "SCAN events" not in plan


def test_codes_match_as_given_in_capitals_and_case_folded() -> None:
    assert code_variants(" rus ") == ["RUS", "rus"]
    assert code_variants("EU") == ["EU", "eu"]
    assert code_variants("Free Syrian Army") == ["FREE SYRIAN ARMY", "Free Syrian Army",
                                                 "free syrian army"]  # fmt: skip
