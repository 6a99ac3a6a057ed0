"""Throughput benchmark: the bare spaCy parse against the full coder, on the same texts.

Three stages run one after the other, each in its own Python process so that
peak memory is measured per stage and one stage's caches cannot speed up the next:

* ``bare``: ``nlp.pipe(texts)`` only, counting sentences (the floor we cannot beat);
* ``coder``: ``Engine(Config()).code(documents)``, coding plus the whole claim layer;
* ``coder_no_claims``: the same with ``Config(claim_parts=())``, i.e. without the
  claim layer's dates, places and quantities (status and attribution stay: the
  coder reads them itself), so the claim layer's cost can be read off.

Loading the pipeline (and the engine's gazetteer, lexicon and classifier) is
timed separately and excluded from throughput; each stage then warms up on a
few documents before the timed passes over all of them (several passes for
small inputs, the fastest counting).

Run from the checkout: ``python -m bench.throughput [--limit 40] [--n-process 1 2]``.
Results go to ``bench/results/throughput.json`` and ``.md``; see bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import missing_input

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT / ".." / "shared" / "data" / "news" / "wikinews.jsonl"
DEFAULT_OUT = ROOT / "bench" / "results"
STAGES = ("bare", "coder", "coder_no_claims")
STAGE_LABELS = {
    "bare": "spaCy nlp.pipe only",
    "coder": "coder + claim layer",
    "coder_no_claims": "coder, claim_parts=()",
}
WARMUP_DOCS = 3
SAMPLE_SECONDS = 0.1
# A first pass over a few dozen documents varies by +-30% between processes (memory
# first touched, caches filled); under this many documents, time several passes.
SMALL_RUN_DOCS = 100
SMALL_RUN_PASSES = 3
BUSY_LOAD = 0.5  # a 1-minute load average above this means someone else is computing
# Goals from the issue: the coder keeps at least half the parser's speed, and the
# claim layer (dates, places, quantities) costs at most a quarter of the coder's.
CODER_RATIO_GOAL = 0.5
CLAIM_COST_GOAL = 0.25


@dataclass
class StageResult:
    """What one stage measured; rates come from the counts and ``seconds``, the fastest pass."""

    stage: str
    n_process: int
    batch_size: int
    documents: int
    characters: int
    sentences: int
    events: int | None
    load_seconds: float
    seconds: float
    peak_rss_mib: float
    peak_worker_rss_mib: float | None = None
    peak_tree_mib: float | None = None
    cpu_seconds: float | None = None  # CPU time (all processes) of the fastest pass
    coding_seconds: float | None = None  # of which in Engine.code_doc: coding parsed docs
    passes: list[float] = field(default_factory=list)  # wall seconds of each timed pass

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["docs_per_second"] = round(self.docs_per_second, 3)
        record["sentences_per_second"] = round(self.sentences_per_second, 2)
        return record


# ---- one stage, run inside its own process


def load_documents(path: Path, limit: int | None) -> tuple[list[Any], int]:
    """The first ``limit`` documents of ``path`` (all when None) and how many problems were met."""
    from polybius.sources.files import read_documents

    problems: list[Any] = []
    documents = read_documents([str(path)], on_problem=problems.append)
    return list(itertools.islice(documents, limit)), len(problems)


@dataclass(frozen=True)
class Plan:
    """How a stage runs: parser processes, batch size, and timed passes over the documents."""

    n_process: int
    batch_size: int
    repeat: int = 1


def run_stage(stage: str, path: Path, limit: int | None, plan: Plan) -> StageResult:
    """Load, warm up and time one stage on the documents of ``path``."""
    documents, _ = load_documents(path, limit)
    if stage == "bare":
        result = _run_bare(documents, plan)
    else:
        result = _run_coder(documents, plan, claims=stage == "coder")
    result.stage = stage
    result.peak_rss_mib = _maxrss_mib(resource.RUSAGE_SELF)
    if plan.n_process > 1:
        result.peak_worker_rss_mib = _maxrss_mib(resource.RUSAGE_CHILDREN)
    return result


def _run_bare(documents: list[Any], plan: Plan) -> StageResult:
    """Time ``nlp.pipe`` alone; sentences are counted so every doc is fully consumed."""
    from polybius.nlp.pipeline import load_nlp

    loading = time.perf_counter()
    nlp = load_nlp()
    load_seconds = time.perf_counter() - loading
    for document in documents[:WARMUP_DOCS]:
        nlp(document.text)
    texts = [document.text for document in documents]
    passes = []
    for _ in range(plan.repeat):
        started = _clock()
        sentences = 0
        for doc in nlp.pipe(texts, batch_size=plan.batch_size, n_process=plan.n_process):
            sentences += sum(1 for _ in doc.sents)
        passes.append(_since(started))
    return _result(documents, plan, sentences, None, load_seconds, passes)


def _run_coder(documents: list[Any], plan: Plan, *, claims: bool) -> StageResult:
    """Time ``Engine.code`` with or without the claim layer's dates, places and quantities."""
    from polybius.config import Config

    options: dict[str, Any] = {"batch_size": plan.batch_size, "n_process": plan.n_process}
    if not claims:
        options["claim_parts"] = ()
    loading = time.perf_counter()
    engine = _counting_engine(Config(**options))
    load_seconds = time.perf_counter() - loading
    for document in documents[:WARMUP_DOCS]:  # in this process: no workers spawned to warm up
        engine.code_doc(engine.nlp(document.text), document)
    passes, coding = [], []
    for _ in range(plan.repeat):
        engine.sentences, engine.coding_seconds = 0, 0.0
        started = _clock()
        events = sum(1 for _ in engine.code(documents))
        passes.append(_since(started))
        coding.append(engine.coding_seconds)
    result = _result(documents, plan, engine.sentences, events, load_seconds, passes)
    result.coding_seconds = round(coding[_fastest(passes)], 3)
    return result


def _counting_engine(config: Any) -> Any:
    """An ``Engine`` that also counts the sentences of the docs it codes and times the coding
    of parsed docs (everything but ``nlp.pipe``)."""
    from polybius.pipeline import Engine

    class CountingEngine(Engine):
        sentences = 0
        coding_seconds = 0.0

        def code_doc(self, doc: Any, document: Any) -> list[Any]:
            self.sentences += sum(1 for _ in doc.sents)
            started = time.perf_counter()
            try:
                return super().code_doc(doc, document)
            finally:
                self.coding_seconds += time.perf_counter() - started

    return CountingEngine(config)


def _result(
    documents: list[Any],
    plan: Plan,
    sentences: int,
    events: int | None,
    load_seconds: float,
    passes: list[tuple[float, float]],
) -> StageResult:
    """The stage's counts, timed by its fastest pass (the least disturbed by the machine)."""
    wall, cpu = passes[_fastest(passes)]
    return StageResult(
        stage="",
        n_process=plan.n_process,
        batch_size=plan.batch_size,
        documents=len(documents),
        characters=sum(len(d.text) for d in documents),
        sentences=sentences,
        events=events,
        load_seconds=round(load_seconds, 3),
        seconds=round(wall, 3),
        peak_rss_mib=0.0,
        cpu_seconds=round(cpu, 3),
        passes=[round(wall, 3) for wall, _ in passes],
    )


def _fastest(passes: list[tuple[float, float]]) -> int:
    """Index of the pass with the least wall time."""
    return min(range(len(passes)), key=lambda i: passes[i][0])


def _clock() -> tuple[float, float]:
    """Now, as (wall seconds, CPU seconds of this process and its finished workers)."""
    return time.perf_counter(), _cpu_seconds()


def _since(started: tuple[float, float]) -> tuple[float, float]:
    """Wall and CPU seconds elapsed since ``started`` (a ``_clock()`` reading)."""
    wall, cpu = _clock()
    return wall - started[0], cpu - started[1]


def _cpu_seconds() -> float:
    """User + system time; parser workers count once they have exited (end of each pass)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _maxrss_mib(who: int) -> float:
    """Peak resident set size in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return round(peak / scale, 1)


# ---- the driver: one subprocess per stage, memory sampled from outside


def spawn_stage(stage: str, args: argparse.Namespace, n_process: int) -> StageResult:
    """Run one stage in a fresh interpreter and read its result from the last stdout line."""
    command = [
        sys.executable,
        "-m",
        "bench.throughput",
        "--stage",
        stage,
        "--input",
        str(args.input),
        "--n-process",
        str(n_process),
        "--batch-size",
        str(args.batch_size),
        "--repeat",
        str(args.repeat),
    ]
    if args.limit is not None:
        command += ["--limit", str(args.limit)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    tree_peak = _sample_tree_peak(process)
    stdout, stderr = process.communicate()
    if process.returncode != 0 or not stdout.strip():
        tail = "\n".join(stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"stage {stage} failed (exit {process.returncode}):\n{tail}")
    record = json.loads(stdout.strip().splitlines()[-1])
    for derived in ("docs_per_second", "sentences_per_second"):
        record.pop(derived, None)
    result = StageResult(**record)
    result.peak_tree_mib = tree_peak
    return result


def _sample_tree_peak(process: subprocess.Popen[str]) -> float | None:
    """Peak summed RSS of the stage process and its workers, sampled until it exits.

    Sampled every 0.1 s from this process, so the measured one pays nothing for
    it. Only RSS is read: PSS would count pages that forked workers share once,
    but reading it (/proc/PID/smaps) slowed the measured process by up to 30%.
    So with n_process > 1 this is an upper bound. None without psutil.
    """
    try:
        import psutil
    except ImportError:
        process.wait()
        return None
    peak = 0
    try:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            peak = max(peak, _tree_memory(root, psutil))
            time.sleep(SAMPLE_SECONDS)
    except psutil.Error:
        pass
    process.wait()
    return round(peak / 2**20, 1) if peak else None


def _tree_memory(root: Any, psutil: Any) -> int:
    total = 0
    for member in [root, *root.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def summarise(results: list[StageResult]) -> list[dict[str, Any]]:
    """Per ``n_process``: the coder/bare ratio and the claim layer's share of the coder's cost.

    Each comes three ways: from wall-clock throughput across the stage processes
    (the goals' own measure), from their CPU time (less disturbed by other load),
    and, with one process, ``*_direct`` from the coder's own split of its time
    between ``nlp.pipe`` and coding, which no difference between processes disturbs.
    """
    summaries = []
    for n_process in sorted({r.n_process for r in results}):
        by_stage = {r.stage: r for r in results if r.n_process == n_process}
        bare, full, lean = (by_stage.get(s) for s in STAGES)
        entry: dict[str, Any] = {"n_process": n_process}
        if bare and full and full.seconds:
            entry.update(_coder_ratio(bare, full))
        if full and lean and full.seconds:
            entry.update(_claim_cost(full, lean))
        summaries.append(entry)
    return summaries


def _coder_ratio(bare: StageResult, full: StageResult) -> dict[str, Any]:
    ratio = bare.seconds / full.seconds  # the same documents: the ratio of throughputs
    direct = None
    if full.n_process == 1 and full.coding_seconds is not None:
        direct = round(1 - full.coding_seconds / full.seconds, 3)
    return {
        "coder_over_bare": round(ratio, 3),
        "coder_over_bare_cpu": _cpu_ratio(bare, full),
        "coder_over_bare_direct": direct,
        "coder_over_bare_ok": ratio >= CODER_RATIO_GOAL,
    }


def _claim_cost(full: StageResult, lean: StageResult) -> dict[str, Any]:
    cost = 1 - lean.seconds / full.seconds
    cpu = _cpu_ratio(lean, full)
    direct = None
    if full.n_process == 1 and full.coding_seconds is not None and lean.coding_seconds is not None:
        direct = round((full.coding_seconds - lean.coding_seconds) / full.seconds, 3)
    return {
        "claim_layer_cost": round(cost, 3),
        "claim_layer_cost_cpu": None if cpu is None else round(1 - cpu, 3),
        "claim_layer_cost_direct": direct,
        "claim_layer_cost_ok": cost <= CLAIM_COST_GOAL,
    }


def _cpu_ratio(faster: StageResult, slower: StageResult) -> float | None:
    """``faster``'s CPU seconds over ``slower``'s: the ratio of their CPU throughputs."""
    if not faster.cpu_seconds or not slower.cpu_seconds:
        return None
    return round(faster.cpu_seconds / slower.cpu_seconds, 3)


def machine() -> dict[str, Any]:
    """Where the numbers were measured: they mean little without it."""
    import spacy

    from polybius.nlp.pipeline import find_model

    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "spacy": spacy.__version__,
        "model": str(find_model()),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


# ---- reporting


def table(results: list[StageResult]) -> list[str]:
    """A markdown table, readable as plain text too."""
    lines = [
        "| stage | n_process | docs | sentences | events | load s | run s | CPU s | docs/s "
        "| sents/s | peak RSS MiB | tree peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        events = "-" if r.events is None else str(r.events)
        tree = "-" if r.peak_tree_mib is None else f"{r.peak_tree_mib:.0f}"
        cpu = "-" if r.cpu_seconds is None else f"{r.cpu_seconds:.1f}"
        lines.append(
            f"| {r.stage} | {r.n_process} | {r.documents} | {r.sentences} | {events} "
            f"| {r.load_seconds:.1f} | {r.seconds:.1f} | {cpu} | {r.docs_per_second:.2f} "
            f"| {r.sentences_per_second:.1f} | {r.peak_rss_mib:.0f} | {tree} |"
        )
    return lines


def verdicts(summaries: list[dict[str, Any]]) -> list[str]:
    """One line per goal and ``n_process``: the figure, its CPU and direct twins, pass/fail."""
    lines = []
    for entry in summaries:
        n = entry["n_process"]
        if "coder_over_bare" in entry:
            mark = "ok" if entry["coder_over_bare_ok"] else "BELOW GOAL"
            lines.append(
                f"- n_process={n}: coder/bare throughput = {entry['coder_over_bare']:.2f}"
                f" ({_twins(entry, 'coder_over_bare', '.2f')};"
                f" goal >= {CODER_RATIO_GOAL}: {mark})"
            )
        if "claim_layer_cost" in entry:
            mark = "ok" if entry["claim_layer_cost_ok"] else "OVER BUDGET"
            lines.append(
                f"- n_process={n}: claim-layer cost = {entry['claim_layer_cost']:.1%}"
                f" of coder throughput ({_twins(entry, 'claim_layer_cost', '.1%')};"
                f" goal <= {CLAIM_COST_GOAL:.0%}: {mark})"
            )
    return lines


def _twins(entry: dict[str, Any], key: str, spec: str) -> str:
    twins = [f"by CPU time {_figure(entry[key + '_cpu'], spec)}"]
    if entry.get(key + "_direct") is not None:
        twins.append(f"direct {_figure(entry[key + '_direct'], spec)}")
    return ", ".join(twins)


def _figure(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def write_results(out: Path, report: dict[str, Any], results: list[StageResult]) -> None:
    """throughput.json (everything) and throughput.md (the table and verdicts)."""
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / "throughput.json", json.dumps(report, indent=2) + "\n")
    info = report["machine"]
    markdown = [
        "# Throughput",
        "",
        f"Measured {info['when']} on {info['cpus']} CPU(s), Python {info['python']}, "
        f"spaCy {info['spacy']}, model `{info['model']}`.",
        f"Input: `{report['input']}` ({report['documents']} documents, "
        f"{report['characters']:,} characters); batch size {report['batch_size']}, "
        f"fastest of {report['repeat']} timed pass(es) per stage.",
        "",
        *table(results),
        "",
        *verdicts(report["summary"]),
        "",
        "Load time is excluded from docs/s and sents/s. See bench/README.md for how to read this.",
    ]
    _write_atomic(out / "throughput.md", "\n".join(markdown) + "\n")


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# ---- command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.throughput",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--input",
        type=Path,
        default=DEFAULT_INPUT,
        help="documents to code (any input `polybius code` reads)",
    )
    parser.add_argument("--limit", type=_positive, help="use only the first N documents")
    parser.add_argument(
        "--n-process",
        type=_positive,
        nargs="+",
        default=[1],
        help="parser processes; several values run every stage with each",
    )
    parser.add_argument("--batch-size", type=_positive, default=64)
    parser.add_argument(
        "--repeat",
        type=_positive,
        help=f"timed passes per stage, the fastest counts (default: {SMALL_RUN_PASSES} under "
        f"{SMALL_RUN_DOCS} documents, where one pass is mostly noise, else 1)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the results")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.stage:  # inside a stage process: print one JSON line for the driver
        plan = Plan(args.n_process[0], args.batch_size, args.repeat or 1)
        result = run_stage(args.stage, args.input, args.limit, plan)
        print(json.dumps(result.to_dict()))
        return 0
    if missing_input("bench.throughput", args.input):
        return 2
    return drive(args)


def drive(args: argparse.Namespace) -> int:
    """Run every stage for every ``n_process``, print the table and write the results."""
    documents, problems = load_documents(args.input, args.limit)
    if not documents:
        print(f"bench.throughput: no document could be read from {args.input}", file=sys.stderr)
        return 2
    info = machine()  # before the run: its load average is other people's work
    if args.repeat is None:
        args.repeat = SMALL_RUN_PASSES if len(documents) < SMALL_RUN_DOCS else 1
    print(f"{len(documents)} documents from {args.input}", file=sys.stderr)
    for warning in caveats(args, len(documents), info):
        print(f"bench.throughput: warning: {warning}", file=sys.stderr)
    results = []
    for n_process, stage in itertools.product(args.n_process, STAGES):
        print(f"  {stage} ({STAGE_LABELS[stage]}), n_process={n_process} ...", file=sys.stderr)
        try:
            results.append(spawn_stage(stage, args, n_process))
        except RuntimeError as e:
            print(f"bench.throughput: {e}", file=sys.stderr)
            return 1
    report = {
        "machine": info,
        "input": str(args.input.resolve()),
        "limit": args.limit,
        "documents": len(documents),
        "characters": sum(len(d.text) for d in documents),
        "input_problems": problems,
        "batch_size": args.batch_size,
        "repeat": args.repeat,
        "warmup_docs": WARMUP_DOCS,
        "stages": [r.to_dict() for r in results],
        "summary": summarise(results),
    }
    write_results(args.out, report, results)
    print("\n".join(["", *table(results), "", *verdicts(report["summary"])]))
    print(f"\nwrote {args.out / 'throughput.json'} and throughput.md", file=sys.stderr)
    return 0


def caveats(args: argparse.Namespace, documents: int, info: dict[str, Any]) -> list[str]:
    """Conditions that make the numbers mean less than they seem."""
    found = []
    busy = info["load_average"][0]
    if busy > BUSY_LOAD:
        found.append(
            f"load average {busy:.2f} before the run: other processes share the CPUs, "
            "so wall-clock figures are noisy (the CPU-time figures less so)"
        )
    batches = -(-documents // args.batch_size)
    for n_process in args.n_process:
        if n_process > 1 and batches < 2 * n_process:
            found.append(
                f"n_process={n_process} with {batches} batch(es) of {args.batch_size}: "
                "workers sit idle; lower --batch-size or code more documents"
            )
    return found


if __name__ == "__main__":
    sys.exit(main())
