"""Ingest: code documents with the engine and store them, batch by batch, idempotently.

Documents are taken in batches (``batch_size``, 20 by default). For each
batch the documents already stored with the same text are set aside before
coding (a re-run codes only what is new), the rest are coded by the engine
(the same ``Engine.code`` unit the CLI uses), and the batch is written in one
transaction. A process killed mid-way loses at most the open batch; running
the same command again skips what was committed and finishes the job.

Bad input never stops the run: a document the coder or the database cannot
handle is reported through ``on_problem`` and skipped, and the batch goes on.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import Connection, exc

from polybius.records import Document, Event, Problem
from polybius.store.database import Store
from polybius.store.merge import MergeRule
from polybius.store.write import Plan, plan_document, store_document

DEFAULT_BATCH_SIZE = 20


class Coder(Protocol):
    """Anything that codes documents into events, like ``polybius.pipeline.Engine``."""

    def code(self, documents: Iterable[Document]) -> Iterable[Event]: ...


class LazyCoder:
    """A coder loaded on first use: a re-run with nothing new to code never loads the model."""

    def __init__(self, load: Callable[[], Coder]) -> None:
        self._load = load
        self._coder: Coder | None = None

    def code(self, documents: Iterable[Document]) -> Iterable[Event]:
        if self._coder is None:
            self._coder = self._load()
        return self._coder.code(documents)


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did: documents by outcome, event mentions stored, time taken."""

    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    mentions: int = 0
    seconds: float = 0.0

    @property
    def stored(self) -> int:
        """Documents written in this run (new or changed)."""
        return self.added + self.updated


@dataclass
class _Tally:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    started: float = field(default_factory=time.monotonic)

    def report(self) -> IngestReport:
        fields = ("read", "added", "updated", "unchanged", "duplicates", "failed", "mentions")
        values = {name: self.counts[name] for name in fields}
        return IngestReport(**values, seconds=time.monotonic() - self.started)


_COUNTER = {
    "add": "added",
    "update": "updated",
    "unchanged": "unchanged",
    "duplicate": "duplicates",
}


def ingest(
    store: Store,
    documents: Iterable[Document],
    coder: Coder,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    rule: MergeRule | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Code and store ``documents`` in ``store``; returns what was done.

    ``on_progress`` is called after each committed batch with the totals so far.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    run = _Run(store, coder, rule or MergeRule(), on_problem or (lambda _problem: None))
    for batch in _batches(documents, batch_size):
        run.batch(batch)
        if on_progress is not None:
            on_progress(run.tally.report())
    return run.tally.report()


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class _Run:
    """One ingest call: the store, the coder, the rule, the problem handler, the counts."""

    def __init__(
        self, store: Store, coder: Coder, rule: MergeRule, on_problem: Callable[[Problem], None]
    ) -> None:
        self.store = store
        self.coder = coder
        self.rule = rule
        self.on_problem = on_problem
        self.tally = _Tally()
        self.seen: set[str] = set()  # document ids read in this run

    def batch(self, batch: list[Document]) -> None:
        """Plan, code and write one batch; the write is one transaction."""
        self.tally.counts["read"] += len(batch)
        batch = self.unique(batch)
        with self.store.reading() as conn:
            todo = [doc for doc in batch if plan_document(conn, doc).action in ("add", "update")]
        coded = self.code(todo)
        with self.store.writing() as conn:
            for document in batch:
                plan = plan_document(conn, document)
                if plan.action in ("add", "update") and document.id not in coded:
                    continue  # the coder failed on it (reported)
                self.write(conn, document, coded.get(document.id, []), plan)

    def unique(self, batch: list[Document]) -> list[Document]:
        """The batch without ids read before in this run (the first wins), repeats reported."""
        kept = []
        for document in batch:
            if document.id in self.seen:
                self.skip(document, "duplicate document id in this input, skipped")
                continue
            self.seen.add(document.id)
            kept.append(document)
        return kept

    def code(self, todo: list[Document]) -> dict[str, list[Event]]:
        """Events by document id; when the batch fails, each document is tried alone."""
        if not todo:
            return {}
        try:
            return _group(todo, self.coder.code(todo))
        except Exception:  # noqa: BLE001 - find the document at fault, keep the others
            coded: dict[str, list[Event]] = {}
            for document in todo:
                try:
                    coded |= _group([document], self.coder.code([document]))
                except Exception as e:  # noqa: BLE001 - reported, the batch goes on
                    self.skip(document, f"could not be coded, skipped: {e!r}")
            return coded

    def write(self, conn: Connection, document: Document, events: list[Event], plan: Plan) -> None:
        """Store one document in a savepoint: a document the database rejects is skipped alone.

        Only errors about this document's data are caught; a lost connection, a
        lock or a read-only file stop the run (the open batch is rolled back).
        """
        if plan.action in ("unchanged", "duplicate"):
            self.tally.counts[_COUNTER[plan.action]] += 1
            if plan.same_as is not None:
                note = f"same text as stored document {plan.same_as!r}, skipped"
                self.on_problem(Problem(document.id, note))
            return
        try:
            with conn.begin_nested():
                store_document(conn, document, events, plan, self.rule)
        except exc.StatementError as e:
            if isinstance(e, exc.DBAPIError) and not isinstance(
                e, exc.DataError | exc.IntegrityError
            ):
                raise
            self.skip(document, f"could not be stored, skipped: {_first_line(e)}")
            return
        self.tally.counts[_COUNTER[plan.action]] += 1
        self.tally.counts["mentions"] += len(events)

    def skip(self, document: Document, message: str) -> None:
        self.tally.counts["failed"] += 1
        self.on_problem(Problem(document.id, message))


def _group(documents: list[Document], events: Iterable[Event]) -> dict[str, list[Event]]:
    grouped: dict[str, list[Event]] = {document.id: [] for document in documents}
    for event in events:
        if event.doc_id in grouped:
            grouped[event.doc_id].append(event)
    return grouped


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
