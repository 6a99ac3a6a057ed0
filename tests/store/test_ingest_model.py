"""Ingest with the real engine: stories across outlets, and a run killed mid-way (SIGKILL).

The texts are written by the team for these tests (not real reports).
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from polybius.records import Document
from polybius.store.database import Store, open_store
from polybius.store.ingest import ingest
from polybius.store.query import events

pytestmark = pytest.mark.model

NEWS = [
    Document("a1", "TEST TEXT. Russia struck Kyiv with drones on Monday, killing four people. "
             "U.S. officials said Iran had sent the drones to Russia.",
             published=date(2022, 10, 18), outlet="Daily Test"),
    Document("a2", "TEST TEXT. Russian forces attacked Kyiv on Monday, Ukrainian officials said. "
             "Iran denied that it had supplied drones to Russia.",
             published=date(2022, 10, 18), outlet="Wire Test"),
    Document("a3", "TEST TEXT. Russia struck Kyiv again on Thursday, hitting power stations.",
             published=date(2022, 10, 21), outlet="Daily Test"),
]  # fmt: skip


def test_reports_across_outlets_become_stories_with_claims(tmp_path: Path, engine: Any) -> None:
    with open_store(str(tmp_path / "news.db")) as store:
        ingest(store, NEWS, engine)
        ingest(store, NEWS, engine)  # again: no change
        monday, thursday = events(store, actor="RUS", recipient="UKR", type="ASSAULT")
        aid = events(store, actor="IRN", recipient="RUS", type="AID")
    assert (monday.date_start, thursday.date_start) == (date(2022, 10, 17), date(2022, 10, 20))
    assert (monday.report_count, monday.state) == (2, "corroborated")
    assert monday.outlets == ("Daily Test", "Wire Test")
    assert (thursday.report_count, thursday.state) == (1, "reported")
    assert [(e.state, e.asserted_by, e.denied_by) for e in aid] == [
        ("contested", ("USA",), ("IRN",))
    ]


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TEMPLATES = (
    "TEST TEXT {n}. {a} struck {b} with drones on {day}, officials said. {b} condemned the attack.",
    "TEST TEXT {n}. {a} imposed new sanctions on {b} on {day}. {b} accused {a} of coercion.",
    "TEST TEXT {n}. The foreign ministers of {a} and {b} met on {day} to discuss a ceasefire.",
)
PAIRS = (("Russia", "Ukraine"), ("Iran", "Israel"), ("France", "Mali"), ("China", "Taiwan"))


def corpus(n: int) -> list[dict[str, str]]:
    """``n`` short documents, a few events each, over consecutive days."""
    docs = []
    for i in range(n):
        published = date(2023, 1, 2) + timedelta(days=i // 6)
        a, b = PAIRS[i % len(PAIRS)]
        text = TEMPLATES[i % len(TEMPLATES)].format(
            n=i, a=a, b=b, day=WEEKDAYS[(published - timedelta(days=1)).weekday()]
        )
        docs.append({"id": f"n{i:03d}", "published": published.isoformat(),
                     "outlet": f"Outlet {i % 5}", "text": text})  # fmt: skip
    return docs


def stories(store: Store) -> list[tuple]:
    """Every merged event's key, dates, counts and state: what a run must end with."""
    return sorted(
        (e.type, e.actor.code, e.recipient.code, e.date_start, e.report_count,
         e.mention_count, e.state)
        for e in events(store, limit=None)
    )  # fmt: skip


def stored(path: Path) -> tuple[int, int, int]:
    """Documents, mentions, and the mentions the document rows promise, read as another process."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
        docs, promised = conn.execute("SELECT count(*), sum(n_mentions) FROM documents").fetchone()
        mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    return docs, mentions, promised or 0


@pytest.mark.slow
def test_an_ingest_killed_mid_way_loses_nothing_committed_and_a_rerun_completes(
    tmp_path: Path, engine: Any
) -> None:
    docs = corpus(150)
    source = tmp_path / "corpus.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in docs))
    db = tmp_path / "killed.db"
    command = [sys.executable, "-m", "polybius.cli", "ingest", str(source), "--db", str(db),
               "--batch-size", "5"]  # fmt: skip
    log = tmp_path / "child.log"
    with log.open("wb") as stderr:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        seen, reads = _wait_for_commits(child, db, log, at_least=15)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    docs_at_kill, mentions_at_kill, promised = stored(db)
    assert seen <= docs_at_kill < len(docs), "the child finished before it could be killed"
    assert docs_at_kill % 5 == 0 and mentions_at_kill == promised  # whole batches only
    assert reads > 0  # the store was read while the child was writing

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(docs) - docs_at_kill} new, 0 updated, {docs_at_kill} unchanged" in rerun.stderr

    reference_db = tmp_path / "reference.db"
    with open_store(str(reference_db)) as reference:
        ingest(reference, [_document(d) for d in docs], engine)
        expected = stories(reference)
    with open_store(str(db), create=False) as store:
        assert stories(store) == expected
    assert stored(db) == stored(reference_db)
    assert stored(db)[0] == len(docs)


def _wait_for_commits(
    child: subprocess.Popen, db: Path, log: Path, at_least: int
) -> tuple[int, int]:
    """Poll the store (as a reader) until ``at_least`` documents are committed."""
    deadline = time.monotonic() + 120
    reads = 0
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise AssertionError(
                f"ingest ended early: {child.stderr.read() if child.stderr else ''}"
            )
        if db.exists():
            try:
                with open_store(str(db), create=False, lock_timeout=1) as store:
                    events(store, limit=5)
                    reads += 1
                docs = stored(db)[0]
            except Exception:  # noqa: BLE001 - the child may still be creating the schema
                docs = 0
            if docs >= at_least:
                return docs, reads
        time.sleep(0.05)
    raise AssertionError("no batch was committed within two minutes")


def _document(record: dict[str, str]) -> Document:
    return Document(id=record["id"], text=record["text"], outlet=record["outlet"],
                    published=date.fromisoformat(record["published"]))  # fmt: skip
