"""The Dask executor: partitions spread over a dask.distributed cluster.

By default it starts a ``LocalCluster`` of worker processes with one thread
each (spaCy's parser holds the GIL, so processes, not threads, add speed);
given a scheduler address it joins an existing cluster, on one machine or
many. Each worker gets an ``EnginePlugin``: the engine (spaCy pipeline,
gazetteer, classifier) is loaded on the worker's first partition and kept on
the plugin for the next ones, so it is loaded once per worker, not per task.

Tasks are submitted a few at a time (``window``), so a batch of millions of
documents never sits in the cluster's memory at once; each has ``retries``
further tries before its partition is reported as failed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from distributed import Client, Future, LocalCluster, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from polybius.closing import ClosesOnExit
from polybius.config import Config
from polybius.records import Document
from polybius.scale.executor import (
    DEFAULT_RETRIES,
    BatchError,
    EngineCache,
    EngineFactory,
    Outcome,
    Partition,
    PartitionFailure,
    PartitionResult,
    settings_key,
)

PLUGIN = "polybius-engine"
_WARM_UP = "Russia attacked Ukraine on Monday. The EU condemned the strike."
DEFAULT_CONNECT_TIMEOUT = 10.0


class EnginePlugin(WorkerPlugin):
    """Keeps one ``EngineCache`` per worker; the engine itself loads on first use."""

    name = PLUGIN

    def __init__(self, factory: EngineFactory, config: Config) -> None:
        self.factory = factory
        self.config = config
        self.cache: EngineCache | None = None

    def setup(self, worker: Any) -> None:
        self.cache = EngineCache(self.factory, self.config, where=str(worker.address))

    def teardown(self, worker: Any) -> None:
        self.cache = None


def code_on_worker(partition: Partition) -> PartitionResult:
    """The task: code one partition with this worker's engine."""
    plugin = get_worker().plugins.get(PLUGIN)
    cache = getattr(plugin, "cache", None)
    if cache is None:
        raise RuntimeError(f"the {PLUGIN} worker plugin is missing on this worker")
    return cache.code(partition)


def _load_engine(dask_worker: Any) -> int:
    plugin = dask_worker.plugins.get(PLUGIN)
    cache = getattr(plugin, "cache", None)
    if cache is None:
        raise RuntimeError(f"the {PLUGIN} worker plugin is missing on this worker")
    list(cache.engine().code([Document(id="warm-up", text=_WARM_UP)]))  # first-call costs
    return int(cache.loads)


class DaskExecutor(ClosesOnExit):
    """Runs partitions on a Dask cluster; use as a context manager.

    ``scheduler`` is an address such as ``tcp://10.0.0.5:8786``; without it a
    LocalCluster of ``workers`` processes starts, and stops when done.
    """

    def __init__(
        self,
        *,
        scheduler: str | None = None,
        workers: int = 2,
        retries: int = DEFAULT_RETRIES,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        window: int | None = None,
    ) -> None:
        if workers < 1:
            raise BatchError(f"--workers must be at least 1, not {workers}")
        self.scheduler = scheduler
        self.workers = workers
        self.retries = retries
        self.connect_timeout = connect_timeout
        self.window = window
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None
        self.registered: str | None = None  # the settings the workers' plugin was made for

    def __enter__(self) -> DaskExecutor:
        if self.scheduler is None:
            self.cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster, set_as_default=False)
        else:
            self.client = _connect(self.scheduler, self.connect_timeout)
            self.workers = max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))
        return self

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None
        self.registered = None

    def prepare(self, factory: EngineFactory, config: Config) -> Client:
        """Give every worker the engine plugin (once per executor and settings); the engine
        itself loads on a worker's first partition."""
        client = self.client
        if client is None:
            raise BatchError("the Dask executor is not started: use it in a 'with' block")
        settings = settings_key(config, factory)
        if self.registered != settings:
            client.register_plugin(EnginePlugin(factory, config), name=PLUGIN)
            self.registered = settings
        return client

    def warm_up(self, factory: EngineFactory, config: Config) -> dict[str, int]:
        """Load the engine on every worker now (timing runs, early failure); returns each
        worker's count of engine loads."""
        client = self.prepare(factory, config)
        return client.run(_load_engine)

    def run(
        self, partitions: Iterable[Partition], factory: EngineFactory, config: Config
    ) -> Iterator[Outcome]:
        """Submit partitions, at most ``window`` at a time, and yield outcomes as they end."""
        client = self.prepare(factory, config)
        window = self.window or 2 * self.workers + 1
        running: dict[Any, Partition] = {}
        futures = as_completed(loop=client.loop)
        for partition in partitions:
            future = client.submit(code_on_worker, partition, retries=self.retries, pure=False)
            running[future.key] = partition
            futures.add(future)
            while futures.count() >= window:
                yield _outcome(next(futures), running)
        for future in futures:
            yield _outcome(future, running)


def _outcome(future: Future, running: dict[Any, Partition]) -> Outcome:
    partition = running.pop(future.key)
    try:
        if future.status == "error":
            error = future.exception()
            return PartitionFailure(partition.index, partition.key, _describe(error))
        result = future.result()
    finally:
        future.release()
    if not isinstance(result, PartitionResult):
        return PartitionFailure(partition.index, partition.key, f"unexpected result {result!r}")
    return result


def _describe(error: BaseException | None) -> str:
    if error is None:
        return "unknown error"
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def _connect(address: str, timeout: float) -> Client:
    """A client of the scheduler at ``address``, or a ``BatchError`` saying what to do."""
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as e:
        raise BatchError(
            f"cannot reach the Dask scheduler at {address!r} within {timeout:g} s "
            f"({_describe(e)}); start one with 'dask scheduler' and workers with "
            "'dask worker ADDRESS', or leave out --scheduler to use local worker processes"
        ) from e
