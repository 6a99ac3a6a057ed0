"""Schema migrations: numbered steps applied in order, recorded in ``schema_version``.

A database records every step it has had. Opening it applies the missing
ones in one transaction (SQLite and PostgreSQL both have transactional DDL,
so a failed step leaves the database as it was), and refuses a database whose
version is newer than the code knows: an older Polybius must not write to a
schema it does not understand.

To change the schema, append a ``Migration`` with the next number whose step
alters the tables with explicit DDL, and update ``schema.py`` to match. Step 1
builds the tables from ``schema.py``; when a later step changes a table, freeze
step 1's definitions here first, so that it keeps building version 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select

from polybius.store import rollup, schema
from polybius.store.errors import NewerSchemaError


@dataclass(frozen=True)
class Migration:
    """One schema step: its number, what it does, and the function that does it."""

    version: int
    description: str
    apply: Callable[[Connection], None]


SQLITE_FTS = (
    "CREATE VIRTUAL TABLE sentences_fts USING fts5("
    "text, content='sentences', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN "
    "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN "
    "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "END",
    "CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN "
    "INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END",
)
POSTGRES_FTS = (
    "CREATE INDEX ix_sentences_fts ON sentences USING gin (to_tsvector('english', text))",
)


def _create_tables(conn: Connection) -> None:
    """Version 1: documents, sentences, mentions, merged events, actors, full-text index."""
    later = {"schema_version", "edge_periods"}  # edge_periods comes with version 4
    tables = [t for t in schema.metadata.sorted_tables if t.name not in later]
    schema.metadata.create_all(conn, tables=tables)
    statements = SQLITE_FTS if conn.dialect.name == "sqlite" else POSTGRES_FTS
    for statement in statements:
        conn.exec_driver_sql(statement)


# Version 2: covering indexes for the graph queries (``store/relations.py``): a dyad's
# events in both directions, a time window's edges, rankings by actor and by recipient;
# and mention indexes that carry the story id, so that the ``events`` actor filters
# (a mention's id, country or merge code) find their merged events without reading rows.
GRAPH_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_events_dyad ON events "
    "(actor_code, recipient_code, date_start, type, status, state)",
    "CREATE INDEX IF NOT EXISTS ix_events_recipient_dyad ON events "
    "(recipient_code, actor_code, date_start, type, status, state)",
    "CREATE INDEX IF NOT EXISTS ix_events_window ON events "
    "(date_start, actor_code, recipient_code, type, status, state)",
    *(
        f"CREATE INDEX IF NOT EXISTS ix_mentions_{side}_{key}_story ON mentions "
        f"({side}_{key}, story_id)"
        for side in ("actor", "recipient")
        for key in ("code", "id", "country")
    ),
)


def _graph_indexes(conn: Connection) -> None:
    """Version 2: indexes for dyads, networks, actor rankings and actor filters."""
    for statement in GRAPH_INDEXES:
        conn.exec_driver_sql(statement)


# Version 3: indexes for the ``events`` actor filters on the merged table's merge codes.
# The actor filters match a mention's id, country or merge code. A country is the merge code
# when there is one, and every mention of a merged event has its merge code: so only ids
# that differ from the merge code (a person of a country) need the mentions, and these
# partial indexes hold just those. The code-and-end-date indexes answer "this actor's events
# overlapping a window" from the index alone (the dyad index has no end date, and reading
# the rows for it costs as much as the old mention scan).
ACTOR_FILTER_INDEXES = (
    *(
        f"CREATE INDEX IF NOT EXISTS ix_mentions_{side}_alias ON mentions "
        f"({side}_id, story_id) WHERE {side}_id <> {side}_code"
        for side in ("actor", "recipient")
    ),
    *(
        f"CREATE INDEX IF NOT EXISTS ix_events_{side}_span ON events "
        f"({side}_code, date_end, date_start, id)"
        for side in ("actor", "recipient")
    ),
)


def _actor_filter_indexes(conn: Connection) -> None:
    """Version 3: indexes for the actor filters on merge codes and on aliased ids."""
    for statement in ACTOR_FILTER_INDEXES:
        conn.exec_driver_sql(statement)


def _edge_rollup(conn: Connection) -> None:
    """Version 4: counted events per year and month, kept in step by triggers."""
    rollup.install(conn)


def _documents_by_date(conn: Connection) -> None:
    """Version 5: documents listed newest first (the HTTP API's document pages)."""
    # SQLite puts NULLs last in a descending index already and knows no NULLS LAST there.
    nulls = "" if conn.dialect.name == "sqlite" else " NULLS LAST"
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_documents_published ON documents "
        f"(published DESC{nulls}, id DESC)"
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, sentences, mentions, events, actors, full-text index", _create_tables),
    Migration(2, "indexes for dyads, networks, actor rankings and actor filters", _graph_indexes),
    Migration(3, "indexes for actor filters on merge codes and aliased ids", _actor_filter_indexes),
    Migration(4, "events rolled up per year and month for networks and rankings", _edge_rollup),
    Migration(5, "index of documents by publication date", _documents_by_date),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The highest migration applied to the database; 0 for an empty database."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    version = conn.execute(
        select(schema.schema_version.c.version)
        .order_by(schema.schema_version.c.version.desc())
        .limit(1)
    ).scalar()
    return int(version or 0)


def check_version(version: int, where: str) -> None:
    """Refuse a database newer than this code (its tables may mean other things)."""
    if version > LATEST:
        raise NewerSchemaError(
            f"database {where} has schema version {version}, newer than this Polybius knows "
            f"({LATEST}); nothing was changed: upgrade Polybius to use it"
        )


def pending(version: int) -> list[Migration]:
    """The migrations a database at ``version`` still needs, in order."""
    return [m for m in MIGRATIONS if m.version > version]


def migrate(conn: Connection, where: str) -> list[int]:
    """Bring the database on ``conn`` (inside a write transaction) to ``LATEST``.

    Returns the versions applied. The caller holds the write lock, so two
    processes opening a new database at once apply each step exactly once.
    """
    version = current_version(conn)
    check_version(version, where)
    steps = pending(version)
    if steps and version == 0:
        schema.schema_version.create(conn, checkfirst=True)
    for step in steps:
        step.apply(conn)
        conn.execute(
            schema.schema_version.insert().values(
                version=step.version,
                description=step.description,
                applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        )
    return [step.version for step in steps]
