"""Databases that cannot be used: clear one-line errors, and nothing committed is lost.

Also: readers are never blocked by a writer (SQLite in WAL mode).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from polybius.store.database import open_store
from polybius.store.errors import StoreError
from polybius.store.ingest import ingest
from polybius.store.query import count_events, events
from tests.store.conftest import LineCoder, doc

STRIKE = "ASSAULT RUS UKR 2022-10-17 occurred - Russia struck Kyiv on Monday."
SANCTION = "SANCTION EU IRN 2022-10-20 occurred - The EU imposed sanctions on Iran."


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """A SQLite store holding one document and one merged event."""
    path = tmp_path / "store.db"
    with open_store(str(path)) as store:
        ingest(store, [doc("d1", STRIKE)], LineCoder())
    return path


def test_readers_work_while_a_writer_holds_its_transaction(db_file: Path) -> None:
    with open_store(str(db_file)) as writer, writer.writing() as conn:
        ingest_inside = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        assert ingest_inside == "wal"
        conn.exec_driver_sql("DELETE FROM mentions")  # not committed yet
        with open_store(str(db_file), create=False, lock_timeout=0.1) as reader:
            assert [e.type for e in events(reader)] == ["ASSAULT"]
            assert count_events(reader) == 1


def test_a_locked_database_gives_one_clear_line_and_loses_nothing(db_file: Path) -> None:
    holder = sqlite3.connect(db_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_store(str(db_file), lock_timeout=0.2) as store:
            with pytest.raises(StoreError, match=r"is locked by another process \(waited 0.2 s\)"):
                ingest(store, [doc("d2", SANCTION)], LineCoder())
            assert count_events(store) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_read_only_database_can_be_read_but_not_written(db_file: Path) -> None:
    url = f"sqlite:///file:{db_file}?mode=ro&uri=true"
    with open_store(url, create=False) as store:
        assert [e.type for e in events(store)] == ["ASSAULT"]
        with pytest.raises(StoreError, match="is read-only; nothing was written"):
            ingest(store, [doc("d2", SANCTION)], LineCoder())
    with open_store(str(db_file)) as store:
        assert count_events(store) == 1


def test_an_unreachable_server_is_named_without_its_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://polybius:secret@127.0.0.1:1/none")
    message = str(caught.value)
    assert message.startswith("cannot connect to the database at postgresql://polybius:***@")
    assert "secret" not in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("nosuch://host/db", "unsupported database URL"),
        ("mysql://host/db", "no driver for database URL"),
        ("postgresql://host:notaport/db", "not a usable database URL"),
    ],
)
def test_unusable_urls_are_explained(url: str, expected: str) -> None:
    with pytest.raises(StoreError, match=expected):
        open_store(url)


def test_a_missing_folder_or_a_file_that_is_no_database_is_explained(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open database .*folder exists"):
        open_store(str(tmp_path / "absent" / "x.db"))
    notes = tmp_path / "notes.db"
    notes.write_text("not a database at all, " * 100)
    with pytest.raises(StoreError, match="is not a Polybius"):
        open_store(str(notes))


def test_reading_a_store_that_does_not_exist_does_not_create_one(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    with pytest.raises(StoreError, match="no database at .*run 'polybius ingest' first"):
        open_store(str(path), create=False)
    assert not path.exists()
