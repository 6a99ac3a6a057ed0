"""Open the event store: a SQLite file by default, PostgreSQL through the same code.

``Store`` owns one SQLAlchemy engine and hands out connections for reading
and for writing. SQLite runs in WAL mode, so readers work while an ingest
writes; a write transaction starts with ``BEGIN IMMEDIATE`` so that two
writers queue for the lock instead of failing half-way. In PostgreSQL the
writers queue on a transaction-level advisory lock, which makes the two
engines behave the same: one writer at a time, readers never blocked.

Opening a store applies pending migrations and refuses a newer schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url

from polybius.closing import ClosesOnExit
from polybius.store.errors import StoreError, translate_errors
from polybius.store.migrations import LATEST, check_version, current_version, migrate

DEFAULT_DB = "polybius.db"
DEFAULT_LOCK_TIMEOUT = 30.0
CONNECT_TIMEOUT = 10
# Any fixed number: every Polybius writer on a PostgreSQL database takes this lock.
WRITER_LOCK_KEY = 0x504F4C59
_WRITE_OPTION = "polybius_write"


def database_url(value: str | None) -> URL:
    """The SQLAlchemy URL for ``--db``: a URL, or a plain file path for SQLite.

    ``postgresql://`` and ``postgres://`` use the psycopg (3) driver.
    """
    value = value or DEFAULT_DB
    if "://" not in value:
        return URL.create("sqlite", database=value)
    try:
        url = make_url(value)
    except ValueError as e:  # a port that is not a number, and such
        raise StoreError(f"not a usable database URL {_display(value)!r}: {e}") from e
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory ones."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    database = url.database
    if url.query.get("uri") == "true":
        database = database.removeprefix("file:")
    return Path(database)


class Store(ClosesOnExit):
    """An open event store. Use as a context manager, or call ``close``.

    ``create`` makes a new database when there is none (ingest); readers pass
    False to get a clear message instead of an empty database. ``lock_timeout``
    is how long a writer waits for another writer before giving up.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        create: bool = True,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        self.lock_timeout = lock_timeout
        self.where = url or DEFAULT_DB
        with translate_errors(self.where, lock_timeout):
            self.url = database_url(url)
            self.where = _display(url or DEFAULT_DB)
            self.engine = _make_engine(self.url, lock_timeout)
        self.dialect = self.engine.dialect.name
        try:
            self._prepare(create)
        except BaseException:
            self.engine.dispose()
            raise

    def _prepare(self, create: bool) -> None:
        path = sqlite_path(self.url)
        if not create and path is not None and not path.exists():
            raise StoreError(f"no database at {self.where}; run 'polybius ingest' first")
        with self.reading() as conn:
            version = current_version(conn)
        check_version(version, self.where)
        if version == 0 and not create:
            raise StoreError(f"{self.where} holds no Polybius data; run 'polybius ingest' first")
        if version < LATEST:
            with self.writing() as conn:
                migrate(conn, self.where)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection in one read transaction: a consistent snapshot, never blocked."""
        with (
            translate_errors(self.where, self.lock_timeout),
            self.engine.connect() as conn,
            conn.begin(),
        ):
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection in one write transaction, committed when the block ends.

        Holds the writer lock for the whole block, so a read-then-write in it
        (is this document new?) cannot race another ingest.
        """
        with translate_errors(self.where, self.lock_timeout), self.engine.connect() as conn:
            conn.execution_options(**{_WRITE_OPTION: True})
            with conn.begin():
                if self.dialect == "postgresql":
                    _postgres_writer_lock(conn, self.lock_timeout)
                yield conn

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_store(
    url: str | None = None, *, create: bool = True, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
) -> Store:
    """Open (and migrate) the store at ``url``: a path, ``sqlite:///FILE`` or ``postgresql://``."""
    return Store(url, create=create, lock_timeout=lock_timeout)


def _display(value: str) -> str:
    """How messages name the database: the path or URL as given, without its password."""
    if "://" not in value:
        return value
    try:
        return make_url(value).render_as_string(hide_password=True)
    except ValueError:
        return value.split("://", 1)[0] + "://..."


def _make_engine(url: URL, lock_timeout: float) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": lock_timeout})
        _sqlite_events(engine, lock_timeout)
        return engine
    if url.get_backend_name() == "postgresql":
        return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT})
    return create_engine(url)


def _sqlite_events(engine: Engine, lock_timeout: float) -> None:
    """SQLite settings per connection, and transactions begun by us (deferred or immediate)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the "begin" hook below issues BEGIN
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # a read-only file: readers still work, writers get a clear message
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _postgres_writer_lock(conn: Connection, lock_timeout: float) -> None:
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(1, int(lock_timeout * 1000))}")
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")
