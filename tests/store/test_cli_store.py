"""`polybius ingest` and `polybius events`, in-process, with the line coder as the engine."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from polybius.cli import _IngestProgress, main
from polybius.store.ingest import IngestReport
from polybius.store.migrations import LATEST
from tests.store.conftest import LineCoder

LINES = [
    {"id": "d1", "published": "2022-10-18", "outlet": "Daily",
     "text": "ASSAULT RUS UKR 2022-10-17 occurred - Russia struck Kyiv with drones on Monday."},
    {"id": "d2", "published": "2022-10-19", "outlet": "Wire",
     "text": "ASSAULT RUS UKR 2022-10-17 occurred UKR Russian drones hit Kyiv, Ukraine said."},
    {"id": "d3", "published": "2022-10-21", "outlet": "Daily",
     "text": "SANCTION EU IRN 2022-10-20 occurred - The EU imposed sanctions on Iran."},
]  # fmt: skip


def run(*args: str, coder: LineCoder | None = None) -> Result:
    return CliRunner().invoke(main, list(args), obj={"engine": coder or LineCoder()})


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """Three documents with a malformed line between the first two."""
    path = tmp_path / "news.jsonl"
    lines = [json.dumps(LINES[0]), '{"id": "broken", "text": ', *map(json.dumps, LINES[1:])]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_ingest_reports_a_malformed_line_and_stores_the_rest(news: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    result = run("ingest", str(news), "--db", db)
    assert result.exit_code == 0, result.output
    assert f"{news}:2: invalid JSON" in result.stderr
    assert "3 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed document(s)" in result.stderr
    assert "3 event mention(s) stored; 2 merged event(s) in store" in result.stderr
    again = run("ingest", str(news), "--db", db, "--batch-size", "1")
    assert "0 new, 0 updated, 3 unchanged" in again.stderr


def test_ingest_uses_polybius_db_in_the_working_directory_by_default(
    news: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLYBIUS_DB", raising=False)
    result = run("ingest", str(news))
    assert result.exit_code == 0
    assert (tmp_path / "polybius.db").exists()
    assert "polybius: polybius.db: 3 new" in result.stderr


def test_events_prints_a_table_and_json_lines(news: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    run("ingest", str(news), "--db", db)
    table = run("events", "--db", db)
    assert table.exit_code == 0
    header, first, second = table.stdout.splitlines()
    assert header.split() == ["id", "date", "type", "actor", "recipient", "status", "state",
                              "reports", "outlets", "evidence"]  # fmt: skip
    assert first.split()[:9] == ["1", "2022-10-17", "ASSAULT", "RUS", "UKR", "occurred",
                                 "corroborated", "2", "Daily,Wire"]  # fmt: skip
    assert second.split()[2] == "SANCTION"
    found = run("events", "--db", db, "--json", "--mentions", "--actor", "RUS", "--text", "drones")
    records = [json.loads(line) for line in found.stdout.splitlines()]
    assert [r["state"] for r in records] == ["corroborated"]
    assert [m["document"]["outlet"] for m in records[0]["mentions"]] == ["Daily", "Wire"]
    none = run("events", "--db", db, "--json", "--type", "aid")
    assert (none.exit_code, none.stdout) == (0, "")


def test_event_filters_are_checked(tmp_path: Path) -> None:
    result = run("events", "--db", str(tmp_path / "x.db"), "--type", "BOMB")
    assert result.exit_code == 2
    assert "'BOMB' is not one of" in result.stderr
    result = run("events", "--db", str(tmp_path / "x.db"), "--from", "last week")
    assert "is not a date; use YYYY-MM-DD" in result.stderr


def test_events_without_a_store_says_to_ingest_first(tmp_path: Path) -> None:
    result = run("events", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("run 'polybius ingest' first")
    assert not (tmp_path / "none.db").exists()


def test_a_newer_schema_is_one_line_and_nothing_is_written(news: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    run("ingest", str(news), "--db", str(db))
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'future', 'now')", (LATEST + 1,))
    coder = LineCoder()
    for command in (["ingest", str(news), "--db", str(db)], ["events", "--db", str(db)]):
        result = run(*command, coder=coder)
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "newer than this Polybius knows" in lines[0]
    assert coder.coded == []


def test_a_locked_store_is_one_line_and_keeps_what_it_had(news: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    run("ingest", str(news), "--db", str(db))
    (tmp_path / "more.jsonl").write_text(json.dumps({"id": "d4", "text": "Plain text."}) + "\n")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("ingest", str(tmp_path / "more.jsonl"), "--db", str(db),
                     "--lock-timeout", "0.1")  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: database ")
    assert "is locked by another process (waited 0.1 s)" in result.stderr
    assert len(run("events", "--db", str(db), "--json").stdout.splitlines()) == 2


def test_nothing_readable_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n")
    result = run("ingest", str(tmp_path / "empty.jsonl"), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert "no document could be read; nothing was ingested" in result.stderr


def test_progress_is_one_rewritten_line_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = IngestReport(read=40, added=40, mentions=90, seconds=8.0)
    quiet = _IngestProgress(enabled=False)
    quiet.show(report)
    quiet.end()
    assert capsys.readouterr().err == ""
    shown = _IngestProgress(enabled=True)
    shown.show(report)
    shown.end()
    assert capsys.readouterr().err == "\rpolybius: 40 documents (5.0/s), 90 events found\n"
