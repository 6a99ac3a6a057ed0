"""Ingest throughput against coding throughput: what storing costs on top of coding.

Two stages, each in its own subprocess, on the same documents with the same engine settings
(``Engine(Config())``, as ``polybius code`` and ``polybius ingest`` build it):

* ``code``: ``list(Engine.code(documents))``, what ``polybius code`` does;
* ``ingest``: ``polybius.store.ingest.ingest`` of the documents into a fresh SQLite store in a
  temporary folder (coding included, the default batch of 20 documents per transaction).

The engine is built and warmed up on a short text before the clock starts in both, so model
loading is not timed. Reported: documents per second of each stage and the ratio
ingest / code (goal: at least 0.85). Results: ``bench/results/ingest_throughput.json``/``.md``.

Run from the checkout: ``python -m bench.ingest_throughput [--input PATH] [--limit N]``.
The input defaults to ``../shared/data/news/wikinews.jsonl``; the run stops with exit
status 2 when it is missing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
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
GOAL_RATIO = 0.85
WARM_UP = "Russia attacked Ukraine on Monday. The EU condemned the strike."


def _documents(path: Path, limit: int | None) -> list[Any]:
    from polybius.sources.files import read_documents

    found = read_documents([str(path)], on_problem=lambda _problem: None)
    return list(itertools.islice(found, limit))


def _engine() -> Any:
    from polybius.config import Config
    from polybius.pipeline import Engine
    from polybius.records import Document

    engine = Engine(Config())
    list(engine.code([Document(id="warm-up", text=WARM_UP)]))
    return engine


def run_stage(stage: str, path: Path, limit: int | None) -> dict[str, Any]:
    """Time one stage in this process; a JSON-ready result."""
    documents = _documents(path, limit)
    engine = _engine()
    if stage == "code":
        started = time.perf_counter()
        coded = list(engine.code(documents))
        seconds = time.perf_counter() - started
        return _result(stage, len(documents), len(coded), seconds)
    from polybius.store.database import open_store
    from polybius.store.ingest import ingest

    folder = tempfile.mkdtemp(prefix="polybius-ingest-")
    try:
        with open_store(str(Path(folder) / "ingest.db")) as store:
            started = time.perf_counter()
            report = ingest(store, documents, engine)
            seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result = _result(stage, len(documents), report.mentions, seconds)
    result["stored"] = report.stored
    result["failed"] = report.failed
    return result


def _result(stage: str, n: int, events: int, seconds: float) -> dict[str, Any]:
    return {
        "stage": stage,
        "documents": n,
        "events": events,
        "seconds": round(seconds, 2),
        "docs_per_second": round(n / seconds, 2) if seconds else None,
    }


def spawn(stage: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one stage in a fresh interpreter and read its JSON result."""
    return spawn_stage("bench.ingest_throughput", stage, args.input, args.limit)


def markdown(report: dict[str, Any]) -> str:
    code, stored = report["code"], report["ingest"]
    ratio = report["ratio"]
    verdict = "meets" if ratio is not None and ratio >= GOAL_RATIO else "misses"
    return "\n".join([
        "# Ingest throughput",
        "",
        f"`{report['input']}`, {code['documents']} documents, `Engine(Config())` in both "
        "stages, each in its own process, model loading not timed. Ingest writes a fresh "
        "SQLite store (batches of 20 documents per transaction).",
        "",
        "| stage | documents | events | seconds | documents/s |",
        "|---|---:|---:|---:|---:|",
        *(f"| {r['stage']} | {r['documents']} | {r['events']} | {r['seconds']} | "
          f"{r['docs_per_second']} |" for r in (code, stored)),
        "",
        f"Ingest / code: **{ratio}** ({verdict} the goal of {GOAL_RATIO}). "
        f"Measured {report['measured']} on {report['machine']}.",
        "",
    ])  # fmt: skip


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="a .jsonl of documents")
    parser.add_argument("--limit", type=int, help="the first N documents only")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the results")
    parser.add_argument("--stage", choices=("code", "ingest"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if missing_input("ingest_throughput", args.input):
        return 2
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.input, args.limit)))
        return 0
    code, stored = spawn("code", args), spawn("ingest", args)
    ratio = None
    if code["docs_per_second"] and stored["docs_per_second"]:
        ratio = round(stored["docs_per_second"] / code["docs_per_second"], 3)
    report = {
        "input": os.path.relpath(args.input.resolve(), ROOT),
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "goal_ratio": GOAL_RATIO,
        "code": code,
        "ingest": stored,
        "ratio": ratio,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ingest_throughput.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / "ingest_throughput.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
