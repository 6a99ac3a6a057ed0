"""``polybius batch``: code many documents in partitions, on any registered executor.

The client side (this module) reads the documents, cuts them into numbered
partitions, hands the partitions that are not finished yet to an executor
(``polybius.executor.dask.v1`` spreads them over a Dask cluster,
``polybius.executor.local.v1`` codes them in this process), writes each
result as a Parquet partition and, with a store, ingests the results in
partition order. Every executor runs the same unit of work, ``EngineCache.code``:
one engine per process, loaded on first use, then ``Engine.code`` over the
partition's documents (``code_documents``' engine), never a stage of its own.

A re-run with the same input and settings skips the partitions the output
folder's manifest lists as finished; a partition that failed (after the
executor's retries) is reported and left out of the manifest, so the next
run tries it again.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from polybius.closing import ClosesOnExit
from polybius.config import Config
from polybius.errors import ConfigError, PolybiusError
from polybius.records import Document, Event, Problem
from polybius.scale.output import Finished, Manifest, write_partition

ProblemHandler = Callable[[Problem], None]

DEFAULT_PARTITION_SIZE = 50
DEFAULT_RETRIES = 2


class BatchError(PolybiusError):
    """A batch cannot run: no output given, no cluster reachable, a cluster lost."""


class Coder(Protocol):
    """Anything that codes documents into events, like ``polybius.pipeline.Engine``."""

    def code(self, documents: Iterable[Document]) -> Iterable[Event]: ...


EngineFactory = Callable[[Config, ProblemHandler], Coder]


def make_engine(config: Config, on_problem: ProblemHandler) -> Coder:
    """The default engine factory: the full pipeline (spaCy, gazetteer, lexicon, classifier)."""
    from polybius.pipeline import Engine

    return Engine(config, on_problem=on_problem)


@dataclass(frozen=True)
class Partition:
    """Documents coded together as one task; ``key`` changes when its documents or the
    settings change, so a re-run can tell a finished partition from a stale one."""

    index: int
    key: str
    documents: tuple[Document, ...]


@dataclass(frozen=True)
class PartitionResult:
    """A coded partition: its events, the problems met, the ids of documents that could
    not be coded, how long it took and where it ran."""

    index: int
    key: str
    events: tuple[Event, ...]
    problems: tuple[Problem, ...] = ()
    failed: tuple[str, ...] = ()
    seconds: float = 0.0
    worker: str = ""
    cpu_seconds: float = 0.0


@dataclass(frozen=True)
class PartitionFailure:
    """A partition whose task failed on every try; ``error`` says why."""

    index: int
    key: str
    error: str


Outcome = PartitionResult | PartitionFailure


def settings_key(config: Config, factory: EngineFactory) -> str:
    """What, besides the documents, decides a partition's events: the coding settings
    (not the executor) and the engine factory."""
    settings = {k: v for k, v in asdict(config).items() if k != "executor"}
    kind = factory if hasattr(factory, "__qualname__") else type(factory)
    name = f"{kind.__module__}.{kind.__qualname__}"
    return f"{sorted(settings.items())!r}|{name}"


def make_partitions(
    documents: Iterable[Document], size: int, salt: str = ""
) -> Iterator[Partition]:
    """Cut ``documents`` into partitions of ``size`` in input order, numbered from 0."""
    if size < 1:
        raise ConfigError(f"partition size must be at least 1 document, not {size}")
    iterator = iter(documents)
    for index in itertools.count():
        chunk = tuple(itertools.islice(iterator, size))
        if not chunk:
            return
        yield Partition(index, partition_key(chunk, salt), chunk)


def partition_key(documents: Iterable[Document], salt: str = "") -> str:
    """A stable hash of the documents (ids, texts, metadata) and ``salt``."""
    digest = hashlib.sha256(salt.encode("utf-8"))
    for document in documents:
        digest.update(repr((document.id, document.title, document.published)).encode("utf-8"))
        digest.update(repr((document.url, document.outlet)).encode("utf-8"))
        digest.update(hashlib.sha256(document.text.encode("utf-8", "replace")).digest())
    return digest.hexdigest()[:32]


class EngineCache:
    """One engine per process, loaded on the first partition and reused for the rest.

    A Dask worker keeps one in its plugin (never in a module global); ``loads``
    counts how often the engine was built, which should be once. Problems the
    engine reports while coding a partition are collected for that partition.
    """

    def __init__(self, factory: EngineFactory, config: Config, where: str = "") -> None:
        self.factory = factory
        self.config = config
        self.where = where
        self.loads = 0
        self._engine: Coder | None = None
        self._lock = threading.Lock()
        self._local = threading.local()

    def engine(self) -> Coder:
        with self._lock:
            if self._engine is None:
                self._engine = self.factory(self.config, self._report)
                self.loads += 1
            return self._engine

    def _report(self, problem: Problem) -> None:
        problems = getattr(self._local, "problems", None)
        if problems is not None:
            problems.append(problem)

    def code(self, partition: Partition) -> PartitionResult:
        """Code one partition; a document that breaks the batch is retried alone, and one
        that fails alone is reported and left out."""
        started, cpu = time.monotonic(), time.thread_time()
        coder = self.engine()
        problems: list[Problem] = []
        self._local.problems = problems
        try:
            events, failed = code_partition(coder, partition.documents, problems.append)
        finally:
            self._local.problems = None
        return PartitionResult(
            index=partition.index,
            key=partition.key,
            events=tuple(events),
            problems=tuple(problems),
            failed=tuple(failed),
            seconds=time.monotonic() - started,
            worker=self.where,
            cpu_seconds=time.thread_time() - cpu,
        )


def code_partition(
    coder: Coder, documents: Iterable[Document], report: ProblemHandler
) -> tuple[list[Event], list[str]]:
    """Events of ``documents`` and the ids of those that could not be coded."""
    documents = list(documents)
    try:
        return list(coder.code(documents)), []
    except Exception:  # noqa: BLE001 - find the document at fault, keep the others
        events: list[Event] = []
        failed: list[str] = []
        for document in documents:
            try:
                events.extend(coder.code([document]))
            except Exception as e:  # noqa: BLE001 - reported, the partition goes on
                failed.append(document.id)
                report(Problem(document.id, f"could not be coded, skipped: {e!r}"))
        return events, failed


class Executor(Protocol):
    """Runs partitions somewhere and yields their outcomes as they finish."""

    workers: int

    def run(
        self, partitions: Iterable[Partition], factory: EngineFactory, config: Config
    ) -> Iterator[Outcome]: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


class LocalExecutor(ClosesOnExit):
    """Codes partitions one after another in this process, with one engine."""

    def __init__(self, **_options: Any) -> None:
        self.workers = 1
        self.cache: EngineCache | None = None

    def run(
        self, partitions: Iterable[Partition], factory: EngineFactory, config: Config
    ) -> Iterator[Outcome]:
        self.cache = EngineCache(factory, config, where="local")
        for partition in partitions:
            try:
                yield self.cache.code(partition)
            except Exception as e:  # noqa: BLE001 - reported like a failed remote task
                yield PartitionFailure(partition.index, partition.key, _describe(e))

    def close(self) -> None:
        self.cache = None


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


@dataclass
class BatchReport:
    """What a batch did. ``seconds`` is the wall time of the whole run; ``cpu_seconds`` the
    processor time the workers spent coding (a measure that other load on a machine does
    not inflate)."""

    partitions: int = 0
    coded: int = 0
    skipped: int = 0
    failed: list[PartitionFailure] = field(default_factory=list)
    documents: int = 0
    events: int = 0
    problems: int = 0
    stored: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0


class _Batch:
    """One ``run_batch`` call: the manifest, the store and the partitions in flight.

    Outcomes arrive in completion order; ``drain`` hands them to the store in
    partition order, so the store sees the same sequence whatever the cluster does.
    """

    def __init__(
        self,
        manifest: Manifest | None,
        store: Any,
        on_problem: ProblemHandler,
    ) -> None:
        self.manifest = manifest
        self.store = store
        self.on_problem = on_problem
        self.report = BatchReport()
        self.order: deque[Partition] = deque()
        self.settled: dict[int, Outcome | None] = {}
        self.started = time.monotonic()

    def pending(self, partitions: Iterable[Partition]) -> Iterator[Partition]:
        """The partitions still to code; finished ones are counted and passed over."""
        where = self.store.where if self.store is not None else None
        for partition in partitions:
            self.report.partitions += 1
            self.order.append(partition)
            if self.manifest is not None and self.manifest.is_done(
                partition.index, partition.key, where
            ):
                self.report.skipped += 1
                self.settled[partition.index] = None
                self.drain()
                continue
            yield partition

    def finish(self, outcome: Outcome) -> None:
        if isinstance(outcome, PartitionFailure):
            self.report.failed.append(outcome)
        else:
            self.report.coded += 1
            self.report.cpu_seconds += outcome.cpu_seconds
            for problem in outcome.problems:
                self.on_problem(problem)
            self.report.problems += len(outcome.problems)
        self.settled[outcome.index] = outcome
        self.drain()

    def drain(self) -> None:
        while self.order and self.order[0].index in self.settled:
            partition = self.order.popleft()
            outcome = self.settled.pop(partition.index)
            if isinstance(outcome, PartitionResult):
                self.save(partition, outcome)
        self.report.seconds = time.monotonic() - self.started

    def save(self, partition: Partition, result: PartitionResult) -> None:
        """Write, store and record one coded partition."""
        failed = set(result.failed)
        documents = [d for d in partition.documents if d.id not in failed]
        if self.manifest is not None:
            write_partition(self.manifest.folder, partition.index, result.events, documents)
        stored_in: tuple[str, ...] = ()
        if self.store is not None:
            self.ingest(documents, result.events)
            stored_in = (self.store.where,)
        self.report.documents += len(partition.documents)
        self.report.events += len(result.events)
        if self.manifest is not None:
            entry = Finished(
                partition.index,
                partition.key,
                len(partition.documents),
                len(result.events),
                len(result.problems),
                stored_in,
            )
            self.manifest.record(entry)

    def ingest(self, documents: list[Document], events: Iterable[Event]) -> None:
        from polybius.store.ingest import ingest

        report = ingest(
            self.store, documents, _Precoded(events), batch_size=len(documents) or 1,
            on_problem=self.on_problem,
        )  # fmt: skip
        self.report.stored += report.stored


class _Precoded:
    """A coder that hands back events coded elsewhere (on the cluster), for ``ingest``."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.events = list(events)

    def code(self, documents: Iterable[Document]) -> Iterator[Event]:
        wanted = {document.id for document in documents}
        return (event for event in self.events if event.doc_id in wanted)


def run_batch(
    documents: Iterable[Document],
    executor: Executor,
    *,
    config: Config | None = None,
    out: Path | None = None,
    store: Any = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    factory: EngineFactory = make_engine,
    on_problem: ProblemHandler | None = None,
    on_progress: Callable[[BatchReport], None] | None = None,
) -> BatchReport:
    """Code ``documents`` in partitions on ``executor``; write Parquet to ``out`` and/or
    ingest into ``store`` (an open ``polybius.store.database.Store``).

    Example::

        with make_executor("polybius.executor.dask.v1", workers=2) as executor:
            report = run_batch(read_documents(["news/"]), executor, out=Path("events"))
    """
    if out is None and store is None:
        raise BatchError("nothing to write to: give an output folder (--out), a store (--db), "
                         "or both")  # fmt: skip
    config = config or Config()
    manifest = Manifest.open(out) if out is not None else None
    batch = _Batch(manifest, store, on_problem or (lambda _problem: None))
    salt = settings_key(config, factory)
    partitions = batch.pending(make_partitions(documents, partition_size, salt))
    for outcome in executor.run(partitions, factory, config):
        batch.finish(outcome)
        if on_progress is not None:
            on_progress(batch.report)
    batch.drain()
    return batch.report
