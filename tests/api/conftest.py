"""API fixtures: the graph corpus of ``tests/graph`` in a store of each backend, an app over
it and an in-process client (``httpx.ASGITransport``), and a document whose text is hostile.

The coder of posted documents is the store tests' ``LineCoder`` (a real coder of the
line format, no model needed); the tests marked ``model`` post to the real engine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from polybius.api.app import make_app
from polybius.api.settings import ApiSettings
from polybius.records import Document
from polybius.store.database import Store
from polybius.store.ingest import ingest
from tests.graph.conftest import corpus
from tests.store.conftest import LineCoder, coder, db_url, doc, store  # noqa: F401

TOKEN = "test-token-0123456789"
# Markup, a script, bidirectional overrides, zero-width and combining characters, an emoji,
# a character outside the BMP: all must come back as the same text, never as markup.
HOSTILE_LINES = (
    "<h1>Breaking</h1> <script>window.__pwned = 1</script>",
    "ACCUSE USA RUS 2022-03-04 occurred - <img src=x onerror=\"window.__pwned=2\"> The US "
    "accused <b>Russia</b> of \u202elying\u202c, \u200bzero\u200dwidth, Z\u0351\u0358a\u0352lgo "
    "\U0001f914 & \"quotes\" 'too' </textarea>",
    "Plain closing line with a <a href=\"javascript:alert(1)\">link</a>.",
)  # fmt: skip
HOSTILE_SENTENCE = HOSTILE_LINES[1].split(" - ", 1)[1]


def hostile_document() -> Document:
    """A document whose text and evidence sentence hold markup and odd Unicode."""
    return doc("hostile<script>", *HOSTILE_LINES, outlet="<i>Evil</i> Times",
               published="2022-03-05")  # fmt: skip


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def world(store: Store) -> Store:  # noqa: F811 - the imported fixture, by name
    """The store of each backend with the graph corpus and the hostile document."""
    report = ingest(store, [*corpus(), hostile_document()], LineCoder())
    assert report.added == 6
    return store


@pytest.fixture
def app(world: Store) -> FastAPI:
    return make_app(world, ApiSettings(token=TOKEN, max_bytes=20_000), coder=LineCoder())


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as opened:
        yield opened
