"""Engine factories for the batch tests. They live in an importable module (not a test
function) because Dask pickles them by reference and the worker processes import them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from polybius.config import Config
from polybius.records import Document, Event, Problem
from tests.store.conftest import LineCoder

ProblemHandler = Callable[[Problem], None]


def line_engine(config: Config, on_problem: ProblemHandler) -> LineCoder:
    """The store tests' line-format coder: no model, instant."""
    return LineCoder()


class FragileCoder(LineCoder):
    """A line coder that breaks on any document containing the word BREAK."""

    def code(self, documents: Iterable[Document]) -> Iterator[Event]:
        for document in documents:
            if "BREAK" in document.text:
                raise ValueError(f"cannot code {document.id}")
            yield from super().code([document])


def fragile_engine(config: Config, on_problem: ProblemHandler) -> FragileCoder:
    return FragileCoder()


def broken_engine(config: Config, on_problem: ProblemHandler) -> LineCoder:
    """An engine that never loads, like a worker without the model installed."""
    raise RuntimeError("no spaCy model on this worker")


class FlakyFactory:
    """Fails the first load anywhere (it leaves a marker file), then works: a transient
    failure that the executor's retries get past."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __call__(self, config: Config, on_problem: ProblemHandler) -> LineCoder:
        try:
            with self.marker.open("x"):
                pass
        except FileExistsError:
            return LineCoder()
        raise RuntimeError("the first load fails")


def line_documents(count: int, *, start: int = 0) -> list[Document]:
    """``count`` documents with one line-format event each (an example text of ours)."""
    return [
        Document(
            id=f"d{i}",
            text=f"ASSAULT RUS UKR 2022-10-17 occurred - Russia struck Kyiv again, report {i}.",
            url=f"https://news.example/{i}",
        )
        for i in range(start, start + count)
    ]
