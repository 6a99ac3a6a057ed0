"""Batch throughput on Dask: documents per second with 1 and 2 workers, against ``polybius code``.

Three stages on the same documents, in one run:

* ``code``: ``list(Engine(Config()).code(documents))`` in one process, what ``polybius code``
  does (in its own subprocess, engine loaded and warmed up before the clock starts);
* ``batch-1`` and ``batch-2``: ``run_batch`` (what ``polybius batch --out DIR`` runs) on a
  LocalCluster of 1 and then 2 worker processes with one thread each, writing Parquet
  partitions to a temporary folder. The cluster is started and every worker's engine
  loaded (``DaskExecutor.warm_up``) before the clock starts; both are reported apart.

Reported: documents/s of each stage, documents per CPU second (each stage's capacity per
busy core, which other load does not lower), the speed-up of 2 workers over 1 and the scaling
efficiency (speed-up / 2), batch-1 / code (what the executor costs over coding in process),
and the machine's own 2-process speed-up on pure-Python work, the ceiling for the batch's.
Results: ``bench/results/batch_throughput.json``/``.md``.

Run from the checkout: ``python -m bench.batch_throughput [--input PATH] [--limit N]
[--partition-size N]``. The input defaults to ``../shared/data/news/wikinews.jsonl``; the
run stops with exit status 2 when it is missing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import machine, missing_input, spawn_stage

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT / ".." / "shared" / "data" / "news" / "wikinews.jsonl"
DEFAULT_OUT = ROOT / "bench" / "results"
WARM_UP = "Russia attacked Ukraine on Monday. The EU condemned the strike."


def _documents(path: Path, limit: int | None) -> list[Any]:
    from polybius.sources.files import read_documents

    found = read_documents([str(path)], on_problem=lambda _problem: None)
    return list(itertools.islice(found, limit))


def run_code(path: Path, limit: int | None) -> dict[str, Any]:
    """The in-process stage (run in a subprocess of its own)."""
    from polybius.config import Config
    from polybius.pipeline import Engine
    from polybius.records import Document

    documents = _documents(path, limit)
    started = time.perf_counter()
    engine = Engine(Config())
    list(engine.code([Document(id="warm-up", text=WARM_UP)]))
    load = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    events = list(engine.code(documents))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return _result("code", 1, len(documents), len(events), seconds, load, cpu)


def run_batch_stage(path: Path, limit: int | None, workers: int, size: int) -> dict[str, Any]:
    """One batch stage on a fresh LocalCluster of ``workers`` processes."""
    from polybius.config import Config
    from polybius.scale.dask import DaskExecutor
    from polybius.scale.executor import make_engine, run_batch

    documents = _documents(path, limit)
    started = time.perf_counter()
    with DaskExecutor(workers=workers) as executor:
        executor.warm_up(make_engine, Config())
        load = time.perf_counter() - started
        with tempfile.TemporaryDirectory(prefix="polybius-batch-") as folder:
            started = time.perf_counter()
            report = run_batch(
                documents, executor, out=Path(folder), partition_size=size, config=Config()
            )
            seconds = time.perf_counter() - started
    if report.failed:
        raise SystemExit(f"batch-{workers}: {len(report.failed)} partition(s) failed")
    n, cpu = report.documents, report.cpu_seconds
    return _result(f"batch-{workers}", workers, n, report.events, seconds, load, cpu)


def _result(
    stage: str, workers: int, n: int, events: int, seconds: float, load: float, cpu: float
) -> dict[str, Any]:
    return {
        "stage": stage,
        "workers": workers,
        "documents": n,
        "events": events,
        "start_and_load_seconds": round(load, 1),
        "seconds": round(seconds, 2),
        "docs_per_second": round(n / seconds, 2) if seconds else None,
        "cpu_seconds": round(cpu, 1),
        "docs_per_cpu_second": round(n / cpu, 2) if cpu else None,
    }


def _spin(_: int) -> float:
    """A fixed amount of pure-Python work; its wall time."""
    started, total = time.perf_counter(), 0
    for i in range(20_000_000):
        total += i
    return time.perf_counter() - started


def machine_speedup() -> float:
    """How much faster two processes do two units of CPU work than one process does one
    unit each after the other: the ceiling for any 2-worker speed-up on this machine
    (2.0 on two free cores; lower when the cores are busy or are two threads of one core)."""
    import multiprocessing

    alone = _spin(0)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        started = time.perf_counter()
        pool.map(_spin, [0, 1])
        together = time.perf_counter() - started
    return round(2 * alone / together, 2)


def spawn(args: argparse.Namespace, stage: str) -> dict[str, Any]:
    """The code stage in a fresh interpreter, so it shares no warm cache with the batches."""
    return spawn_stage("bench.batch_throughput", stage, args.input, args.limit)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def markdown(report: dict[str, Any]) -> str:
    stages = report["stages"]
    rows = [
        f"| {r['stage']} | {r['workers']} | {r['documents']} | {r['events']} | "
        f"{r['start_and_load_seconds']} | {r['seconds']} | {r['docs_per_second']} | "
        f"{r['cpu_seconds']} | {r['docs_per_cpu_second']} |"
        for r in stages
    ]
    return "\n".join([
        "# Batch throughput (Dask)",
        "",
        f"`{report['input']}`, {stages[0]['documents']} documents, `Config()` defaults, "
        f"partitions of {report['partition_size']} documents. Cluster start and model loading "
        "are timed apart (not in documents/s).",
        "",
        "| stage | workers | documents | events | start + load s | run s | documents/s "
        "| coding CPU s | documents per CPU s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"- Speed-up of 2 workers over 1: **{report['speedup']}** "
        f"(scaling efficiency {report['efficiency']}). The same pure-Python work runs "
        f"**{report['machine_speedup']}** times as fast in 2 processes as in 1 on this machine "
        "right now: the ceiling for any 2-worker speed-up here.",
        f"- batch-1 / code (the executor's cost over coding in process): "
        f"**{report['batch_over_code']}**.",
        "- Documents per CPU second is each stage's capacity per busy core, which other load "
        "on the machine does not lower: the figure to plan a cluster with.",
        f"- Measured {report['measured']} on {report['machine']}; the machine's 2 cores are "
        "shared with other work, so these numbers are noisy (load average at the start: "
        f"{report['load_average']}).",
        "",
    ])  # fmt: skip


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="a .jsonl of documents")
    parser.add_argument("--limit", type=int, help="the first N documents only")
    parser.add_argument("--partition-size", type=int, default=10, help="documents per task")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the results")
    parser.add_argument("--stage", choices=("code",), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if missing_input("batch_throughput", args.input):
        return 2
    if args.stage == "code":
        print(json.dumps(run_code(args.input, args.limit)))
        return 0
    load_average = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    ceiling = machine_speedup()
    code = spawn(args, "code")
    stages = [code]
    for workers in (1, 2):
        print(f"running batch-{workers}...", file=sys.stderr)
        stages.append(run_batch_stage(args.input, args.limit, workers, args.partition_size))
    one, two = stages[1]["docs_per_second"], stages[2]["docs_per_second"]
    speedup = _ratio(two, one)
    report = {
        "input": os.path.relpath(args.input.resolve(), ROOT),
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average": load_average,
        "machine_speedup": ceiling,
        "partition_size": args.partition_size,
        "stages": stages,
        "speedup": speedup,
        "efficiency": round(speedup / 2, 3) if speedup else None,
        "batch_over_code": _ratio(one, code["docs_per_second"]),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "batch_throughput.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / "batch_throughput.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
