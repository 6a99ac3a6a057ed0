"""The batch runner on the in-process executor: partitions, Parquet output, the manifest
that lets a re-run skip finished work, and ingest into a store (no cluster, no model)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from polybius.cli import main
from polybius.config import Config
from polybius.errors import ConfigError
from polybius.records import Problem
from polybius.registry import make_executor
from polybius.scale.executor import (
    BatchError,
    LocalExecutor,
    make_partitions,
    run_batch,
)
from polybius.scale.output import EVENT_SCHEMA, OutputError
from polybius.store.database import open_store
from polybius.store.query import count_events
from tests.scale.helpers import fragile_engine, line_documents, line_engine
from tests.store.conftest import LineCoder


def test_partitions_keep_input_order_and_keys_follow_the_content() -> None:
    documents = line_documents(7)
    partitions = list(make_partitions(documents, 3))
    assert [[d.id for d in p.documents] for p in partitions] == [
        ["d0", "d1", "d2"],
        ["d3", "d4", "d5"],
        ["d6"],
    ]
    again = list(make_partitions(documents, 3))
    assert [p.key for p in again] == [p.key for p in partitions]
    documents[4] = replace(documents[4], text=documents[4].text + " More.")
    changed = list(make_partitions(documents, 3))
    assert [a.key == b.key for a, b in zip(changed, partitions, strict=True)] == [
        True,
        False,
        True,
    ]
    with pytest.raises(ConfigError, match="at least 1"):
        list(make_partitions(documents, 0))


def test_each_partition_becomes_one_typed_parquet_file(tmp_path: Path) -> None:
    out = tmp_path / "events"
    with LocalExecutor() as executor:
        report = run_batch(
            line_documents(5), executor, out=out, partition_size=2, factory=line_engine
        )
    assert (report.partitions, report.coded, report.skipped, report.failed) == (3, 3, 0, [])
    assert (report.documents, report.events) == (5, 5)
    files = sorted(p.name for p in out.iterdir())
    assert files == ["_manifest.json", *(f"part-00000{i}.parquet" for i in range(3))]
    table = pq.read_table(out)  # the folder reads as one dataset; the manifest is passed over
    assert table.schema.equals(EVENT_SCHEMA)
    rows = table.sort_by("doc_id").to_pylist()
    assert [r["doc_id"] for r in rows] == ["d0", "d1", "d2", "d3", "d4"]
    first = rows[0]
    assert (first["type"], first["actor_country"], first["recipient_country"]) == (
        "ASSAULT",
        "RUS",
        "UKR",
    )
    assert first["date_start"].isoformat() == "2022-10-17"
    assert first["url"] == "https://news.example/0"
    assert not list(out.glob(".*"))  # no temporary file left behind


def test_a_rerun_skips_finished_partitions_and_codes_only_changed_ones(tmp_path: Path) -> None:
    out = tmp_path / "events"
    documents = line_documents(6)
    with LocalExecutor() as executor:
        run_batch(documents, executor, out=out, partition_size=2, factory=line_engine)
        again = run_batch(documents, executor, out=out, partition_size=2, factory=line_engine)
        assert executor.cache is not None and executor.cache.loads == 0  # model never loaded
        assert (again.coded, again.skipped) == (0, 3)
        documents[3] = replace(documents[3], text=documents[3].text.replace("RUS", "IRN"))
        changed = run_batch(documents, executor, out=out, partition_size=2, factory=line_engine)
    assert (changed.coded, changed.skipped) == (1, 2)
    rows = pq.read_table(out / "part-000001.parquet").to_pylist()
    assert [r["actor_country"] for r in rows] == ["RUS", "IRN"]


def test_a_bad_document_is_reported_and_its_partition_still_written(tmp_path: Path) -> None:
    documents = line_documents(4)
    documents[1] = replace(documents[1], text="BREAK " + documents[1].text)
    problems: list[Problem] = []
    with LocalExecutor() as executor:
        report = run_batch(
            documents,
            executor,
            out=tmp_path,
            partition_size=2,
            factory=fragile_engine,
            on_problem=problems.append,
        )
    assert (report.coded, report.failed, report.events, report.problems) == (2, [], 3, 1)
    assert [(p.source, p.message) for p in problems] == [
        ("d1", "could not be coded, skipped: ValueError('cannot code d1')")
    ]
    rows = pq.read_table(tmp_path / "part-000000.parquet").to_pylist()
    assert [r["doc_id"] for r in rows] == ["d0"]


def test_store_gets_the_partitions_in_order_and_a_rerun_stores_nothing_twice(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "x.db")
    documents = line_documents(5)
    with LocalExecutor() as executor, open_store(db) as store:
        first = run_batch(documents, executor, store=store, partition_size=2, factory=line_engine)
        again = run_batch(documents, executor, store=store, partition_size=2, factory=line_engine)
        assert count_events(store) == 1  # five reports of one merged event
    assert (first.stored, again.stored) == (5, 0)


def test_parquet_and_store_together_skip_partitions_stored_before(tmp_path: Path) -> None:
    out, db = tmp_path / "events", str(tmp_path / "x.db")
    documents = line_documents(4)
    with LocalExecutor() as executor:
        run_batch(documents, executor, out=out, partition_size=2, factory=line_engine)
        with open_store(db) as store:
            # Written to Parquet before but never stored: coded again, and stored.
            stored = run_batch(
                documents, executor, out=out, store=store, partition_size=2, factory=line_engine
            )
            skipped = run_batch(
                documents, executor, out=out, store=store, partition_size=2, factory=line_engine
            )
    assert (stored.coded, stored.stored) == (2, 4)
    assert (skipped.coded, skipped.skipped) == (0, 2)
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["partitions"]["0"]["stored_in"] == [db]


def test_nothing_to_write_to_and_a_broken_manifest_are_clear_errors(tmp_path: Path) -> None:
    with LocalExecutor() as executor:
        with pytest.raises(BatchError, match="give an output folder"):
            run_batch(line_documents(1), executor, factory=line_engine)
        (tmp_path / "_manifest.json").write_text("{not json")
        with pytest.raises(OutputError, match="cannot read the batch manifest.*delete it"):
            run_batch(line_documents(1), executor, out=tmp_path, factory=line_engine)
        a_file = tmp_path / "file.txt"
        a_file.write_text("x")
        with pytest.raises(OutputError, match="not a folder"):
            run_batch(line_documents(1), executor, out=a_file, factory=line_engine)


def test_executors_are_chosen_by_registered_name() -> None:
    assert isinstance(make_executor("polybius.executor.local.v1"), LocalExecutor)
    assert Config().executor == "polybius.executor.dask.v1"
    with pytest.raises(ConfigError, match="registered executors: polybius.executor.dask.v1"):
        make_executor("polybius.executor.spark.v1")


def test_batch_command_writes_parquet_and_skips_on_a_second_run(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    lines = [{"id": d.id, "text": d.text} for d in line_documents(3)]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out = tmp_path / "events"
    args = ["batch", str(source), "--out", str(out), "--partition-size", "2",
            "--executor", "polybius.executor.local.v1"]  # fmt: skip
    runner = CliRunner()
    first = runner.invoke(main, args, obj={"engine": LineCoder()})
    assert first.exit_code == 0, first.output
    assert "2 partition(s): 2 coded, 0 skipped (finished before), 0 failed; 3 document(s), " \
        "3 event(s)" in first.stderr  # fmt: skip
    second = runner.invoke(main, args, obj={"engine": LineCoder()})
    assert "2 partition(s): 0 coded, 2 skipped (finished before), 0 failed" in second.stderr


def test_batch_command_needs_an_output_and_readable_input(tmp_path: Path) -> None:
    runner = CliRunner()
    none = runner.invoke(main, ["batch", str(tmp_path)])
    assert none.exit_code == 2
    assert "give --out DIR (Parquet), --db URL (store), or both" in none.stderr
    args = ["batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"),
            "--executor", "polybius.executor.local.v1"]  # fmt: skip
    missing = runner.invoke(main, args, obj={"engine": LineCoder()})
    assert missing.exit_code == 1
    assert "missing.jsonl: no such file or directory" in missing.stderr
    assert "no document could be read; nothing was coded" in missing.stderr
    unknown = runner.invoke(main, ["batch", str(tmp_path), "--out", "o", "--executor", "nope"])
    assert unknown.exit_code == 1 and "Unknown executor 'nope'" in unknown.stderr


def test_batch_command_stores_into_a_database_without_parquet(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    source.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n"
                              for d in line_documents(3)))  # fmt: skip
    db = str(tmp_path / "x.db")
    args = ["batch", str(source), "--db", db, "--executor", "polybius.executor.local.v1"]
    result = CliRunner().invoke(main, args, obj={"engine": LineCoder()})
    assert result.exit_code == 0, result.output
    assert result.stderr.rstrip().endswith(f"; stored in {db}")
    with open_store(db) as store:
        assert count_events(store) == 1


def test_batch_command_takes_a_scheduler_or_local_workers_not_both(tmp_path: Path) -> None:
    args = ["batch", str(tmp_path), "--out", str(tmp_path / "o"),
            "--scheduler", "tcp://127.0.0.1:8786", "--workers", "3"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "give --scheduler (a running cluster's workers) or --workers" in result.stderr
