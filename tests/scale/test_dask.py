"""The Dask executor on a real LocalCluster of two worker processes.

Most tests use the line-format coder (no model) so that they stay quick; the
``model`` test codes real text with the full engine on the same workers.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from polybius.cli import main
from polybius.config import Config
from polybius.scale.dask import PLUGIN, DaskExecutor
from polybius.scale.executor import BatchReport, EngineFactory, run_batch
from tests.scale.helpers import (
    FlakyFactory,
    broken_engine,
    fragile_engine,
    line_documents,
    line_engine,
)

pytestmark = pytest.mark.distributed


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


@pytest.fixture
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster.scheduler_address, set_as_default=False) as connected:
        yield connected


def engine_loads(client: Client) -> dict[str, int]:
    """How often each worker has built its engine since the plugin was last registered."""

    def loads(dask_worker: Any) -> int:
        plugin = dask_worker.plugins.get(PLUGIN)
        return plugin.cache.loads if plugin is not None and plugin.cache is not None else 0

    return client.run(loads)  # type: ignore[no-any-return]


def batch(
    cluster: LocalCluster, out: Path, documents: Any, factory: EngineFactory, **options: Any
) -> BatchReport:
    with DaskExecutor(scheduler=cluster.scheduler_address, retries=options.pop("retries", 2)) as ex:
        return run_batch(documents, ex, out=out, factory=factory, **options)


def test_engine_is_loaded_once_per_worker_not_per_task(
    cluster: LocalCluster, client: Client, tmp_path: Path
) -> None:
    report = batch(cluster, tmp_path, line_documents(16), line_engine, partition_size=2)
    assert (report.partitions, report.coded, report.failed, report.events) == (8, 8, [], 16)
    loads = engine_loads(client)
    assert len(loads) == 2
    assert set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1
    assert len(list(tmp_path.glob("part-*.parquet"))) == 8


def test_warmed_up_workers_keep_their_engine_across_batches(
    cluster: LocalCluster, client: Client, tmp_path: Path
) -> None:
    with DaskExecutor(scheduler=cluster.scheduler_address) as executor:
        assert executor.workers == 2
        assert executor.warm_up(line_engine, Config()) == {w: 1 for w in engine_loads(client)}
        for name in ("a", "b"):
            report = run_batch(
                line_documents(8), executor, out=tmp_path / name, partition_size=1,
                factory=line_engine,
            )  # fmt: skip
            assert report.coded == 8
        assert set(engine_loads(client).values()) == {1}


def test_a_rerun_skips_finished_partitions(
    cluster: LocalCluster, client: Client, tmp_path: Path
) -> None:
    documents = line_documents(6)
    batch(cluster, tmp_path, documents, line_engine, partition_size=2)
    documents[5] = replace(documents[5], text=documents[5].text.replace("UKR", "IRN"))
    again = batch(cluster, tmp_path, documents, line_engine, partition_size=2)
    assert (again.coded, again.skipped) == (1, 2)
    assert sum(engine_loads(client).values()) == 1  # only the worker that coded partition 2
    rows = pq.read_table(tmp_path / "part-000002.parquet").to_pylist()
    assert [r["recipient_country"] for r in rows] == ["UKR", "IRN"]


def test_a_bad_document_does_not_fail_the_batch(cluster: LocalCluster, tmp_path: Path) -> None:
    documents = line_documents(6)
    documents[2] = replace(documents[2], text="BREAK " + documents[2].text)
    problems: list[Any] = []
    report = batch(
        cluster, tmp_path, documents, fragile_engine, partition_size=3, on_problem=problems.append
    )
    assert (report.coded, report.failed, report.events) == (2, [], 5)
    assert [str(p) for p in problems] == [
        "d2: could not be coded, skipped: ValueError('cannot code d2')"
    ]


def test_a_transient_failure_is_retried_and_succeeds(cluster: LocalCluster, tmp_path: Path) -> None:
    marker = tmp_path / "loaded-once"
    out = tmp_path / "events"
    report = batch(cluster, out, line_documents(4), FlakyFactory(marker), partition_size=2)
    assert marker.exists()  # the first load did fail
    assert (report.coded, report.failed, report.events) == (2, [], 4)


def test_failed_partitions_are_reported_and_coded_on_the_next_run(
    cluster: LocalCluster, tmp_path: Path
) -> None:
    documents = line_documents(4)
    failed = batch(cluster, tmp_path, documents, broken_engine, partition_size=2, retries=1)
    assert (failed.coded, sorted(f.index for f in failed.failed)) == (0, [0, 1])
    assert failed.failed[0].error == "RuntimeError: no spaCy model on this worker"
    assert json.loads((tmp_path / "_manifest.json").read_text())["partitions"] == {}
    again = batch(cluster, tmp_path, documents, line_engine, partition_size=2)
    assert (again.coded, again.skipped, again.failed) == (2, 0, [])


def test_without_a_scheduler_a_local_cluster_is_started(tmp_path: Path) -> None:
    with DaskExecutor(workers=1) as executor:
        assert executor.cluster is not None
        report = run_batch(line_documents(3), executor, out=tmp_path, factory=line_engine)
    assert (report.coded, report.events) == (1, 3)
    assert executor.cluster is None  # stopped at the end of the block


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a free port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = tmp_path / "news.jsonl"
    source.write_text(json.dumps({"id": "d1", "text": line_documents(1)[0].text}) + "\n")
    address = f"tcp://127.0.0.1:{port}"
    args = ["batch", str(source), "--out", str(tmp_path / "o"), "--scheduler", address,
            "--connect-timeout", "1"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler at '{address}' within 1 s" in result.stderr
    assert "start one with 'dask scheduler'" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.model
@pytest.mark.slow
def test_batch_command_codes_real_text_on_the_cluster(
    cluster: LocalCluster, client: Client, tmp_path: Path
) -> None:
    source = tmp_path / "news.jsonl"
    texts = [
        "France condemned Iran on Tuesday.",
        "Russian forces attacked Ukraine on Monday, officials said.",
        "The European Union imposed sanctions on Iran.",
        "Joe Biden will visit Israel and Saudi Arabia next month.",
    ]
    lines = [{"id": f"n{i}", "published": "2022-10-20", "text": t} for i, t in enumerate(texts)]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    out = tmp_path / "events"
    args = ["batch", str(source), "--out", str(out), "--scheduler", cluster.scheduler_address,
            "--partition-size", "1"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "4 partition(s): 4 coded, 0 skipped (finished before), 0 failed" in result.stderr
    loads = engine_loads(client)
    assert set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1
    rows = pq.read_table(out).to_pylist()
    found = {(r["doc_id"], r["type"], r["actor_country"], r["recipient_country"]) for r in rows}
    assert ("n0", "ACCUSE", "FRA", "IRN") in found
    assert ("n3", "CONSULT", "USA", "ISR") in found
