"""Store fixtures: a database per test on each backend, and a small coder that needs no model.

``LineCoder`` reads documents written in a tiny line format, so a test states
exactly which events a document yields and the store is tested on its own:

    ASSAULT RUS UKR 2022-10-17 occurred - Russia struck Kyiv on Monday.

type, actor code, recipient code (``-``: none), date (``2022-10-17`` a day from
the text, ``2022-10-17p`` a day from the publication date, ``2022-10`` a month,
``-`` none), status, attributed-to code (``-``: the writer), then the sentence.
Other lines are plain text and yield nothing. The PostgreSQL variant of each
store test runs in a schema of its own, dropped afterwards, and only when
POLYBIUS_TEST_PG_URL is set.
"""

from __future__ import annotations

import calendar
import os
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from polybius.records import Actor, Document, Event, EventDate, make_event_id
from polybius.store.database import Store, database_url, open_store

PG_ENV = "POLYBIUS_TEST_PG_URL"
NAMES = {"RUS": "Russia", "UKR": "Ukraine", "IRN": "Iran", "USA": "United States", "EU": "EU"}


class LineCoder:
    """Codes documents written in the line format above (see the module docstring)."""

    def __init__(self) -> None:
        self.coded: list[str] = []

    def code(self, documents: Iterable[Document]) -> Iterator[Event]:
        for document in documents:
            self.coded.append(document.id)
            offset = 0
            for line in document.text.split("\n"):
                event = parse_line(document.id, line, offset)
                if event is not None:
                    yield event
                offset += len(line) + 1


def parse_line(doc_id: str, line: str, offset: int) -> Event | None:
    """One event from one line of the format, or None for plain text."""
    parts = line.split(" ", 6)
    if len(parts) < 7 or not parts[0].isupper() or parts[4] not in STATUSES:
        return None
    type_, actor, recipient, when, status, source, sentence = parts
    start = offset + line.index(sentence)
    span = (start, start + len(sentence))
    return Event(
        event_id=make_event_id(doc_id, span, type_, coded(actor), coded(recipient)),
        doc_id=doc_id,
        sentence=sentence,
        span=span,
        type=type_,
        mode=None,
        context=(),
        cameo=None,
        actor=coded(actor),
        recipient=coded(recipient),
        status=status,  # type: ignore[arg-type]
        attributed_to=coded(source),
        date=event_date(when),
        confidence=0.8,
        trigger=sentence.split()[1] if " " in sentence else sentence,
    )


STATUSES = ("occurred", "planned", "possible", "denied", "negated")


def coded(code: str) -> Actor | None:
    if code == "-":
        return None
    country = code if len(code) == 3 else None
    return Actor(code, NAMES.get(code, code), code, country, "GOV" if country else "IGO")


def event_date(text: str) -> EventDate | None:
    if text == "-":
        return None
    if len(text) == 7:
        year, month = int(text[:4]), int(text[5:])
        last = calendar.monthrange(year, month)[1]
        return EventDate(date(year, month, 1), date(year, month, last), "month", text, "text")
    basis = "published" if text.endswith("p") else "text"
    day = date.fromisoformat(text.removesuffix("p"))
    return EventDate(day, day, "day", None if basis == "published" else text, basis)  # type: ignore[arg-type]


def doc(
    doc_id: str, *lines: str, outlet: str | None = "Daily", published: str = "2022-10-18"
) -> Document:
    """A document of the line format."""
    return Document(
        id=doc_id,
        text="\n".join(lines),
        published=date.fromisoformat(published),
        outlet=outlet,
    )


@pytest.fixture
def coder() -> LineCoder:
    return LineCoder()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database URL: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against")
    schema = f"polybius_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(base))
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened
