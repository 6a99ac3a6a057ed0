"""``POST /api/documents``: code one document (plain text, or an HTML page) and store it.

Protected by a bearer token (``Authorization: Bearer TOKEN``; 401 without the
right one, 403 when the server has no token and so takes no documents). The
body is JSON, read up to the size limit (413 beyond it) and checked field by
field (422 with every problem). Coding runs in a worker thread, one document
at a time per app: the engine (spaCy) is loaded on the first post and kept.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from polybius.api.errors import ApiError, validation_details
from polybius.api.settings import ApiSettings
from polybius.errors import InputError
from polybius.records import Document, Problem
from polybius.sources.files import parse_published
from polybius.sources.html import extract_html
from polybius.sources.text import is_probably_english
from polybius.store.browse import get_document
from polybius.store.database import Store
from polybius.store.ingest import Coder, IngestReport, ingest


class DocumentIn(BaseModel):
    """A document to code: ``id`` and either ``text`` or ``html`` (a saved news page, whose
    article body and metadata are extracted); the optional fields override the page's."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=500)
    text: str | None = None
    html: str | None = None
    title: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, description="ISO date or datetime")
    url: str | None = Field(default=None, max_length=4000)
    outlet: str | None = Field(default=None, max_length=500)

    @field_validator("id")
    @classmethod
    def _id_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("id must not be blank")
        return value.strip()

    @field_validator("published")
    @classmethod
    def _published_is_a_date(cls, value: str | None) -> str | None:
        if value is not None and value.strip() and parse_published(value) is None:
            raise ValueError(f"{value!r} is not an ISO date or datetime (YYYY-MM-DD)")
        return value

    @model_validator(mode="after")
    def _text_or_html(self) -> DocumentIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' (plain text) and 'html' (a page)")
        return self


@dataclass
class Poster:
    """What a post needs: the store, the coder, and a lock so one document is coded at a time."""

    store: Store
    coder: Coder
    settings: ApiSettings
    lock: threading.Lock

    def check_token(self, request: Request) -> None:
        """401/403 unless the request carries the server's token."""
        if self.settings.token is None:
            raise ApiError(403, "this server takes no documents: start it with a token "
                           "(POLYBIUS_API_TOKEN or --token-file) to enable posting")  # fmt: skip
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(
            given.strip().encode(), self.settings.token.encode()
        ):
            raise ApiError(401, "missing or wrong token: send 'Authorization: Bearer TOKEN'",
                           headers={"WWW-Authenticate": "Bearer"})  # fmt: skip

    def store_document(self, document: Document) -> tuple[IngestReport, list[Problem]]:
        """Code and store one document (in a worker thread, one at a time)."""
        problems: list[Problem] = []
        with self.lock:
            report = ingest(self.store, [document], self.coder, on_problem=problems.append)
        return report, problems


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"the body has {int(declared)} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise ApiError(413, f"the body is over the limit of {limit} bytes")
    return bytes(body)


def parse_document(body: bytes) -> DocumentIn:
    """The posted JSON as a ``DocumentIn``; 422 with every problem when it is not one."""
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ApiError(422, f"the body is not JSON: {e}") from e
    try:
        return DocumentIn.model_validate(value)
    except ValidationError as e:
        details = validation_details(e.errors())
        first = details[0] if details else {"where": "body", "message": "invalid"}
        where = f"body.{first['where']}" if first["where"] else "body"
        raise ApiError(422, f"invalid {where}: {first['message']}", details) from e


def to_document(posted: DocumentIn) -> Document:
    """The ``Document`` to code: the text as given, or the body and metadata of the page."""
    text, meta = posted.text, dict[str, str | None]()
    if posted.html is not None:
        try:
            text, meta = extract_html(posted.html, f"document {posted.id!r}")
        except InputError as e:
            raise ApiError(422, str(e)) from e
    assert text is not None  # the model requires text or html
    if not text.strip():
        raise ApiError(422, f"document {posted.id!r} has no text to code")
    if not is_probably_english(text):
        raise ApiError(422, f"document {posted.id!r} does not look like English; "
                       "Polybius codes English news")  # fmt: skip
    published = posted.published or meta.get("date")
    return Document(
        id=posted.id,
        text=text,
        title=posted.title or meta.get("title"),
        published=parse_published(published) if published else None,
        url=posted.url or meta.get("url"),
        outlet=posted.outlet or meta.get("outlet"),
    )


def make_write_router(poster: Poster) -> APIRouter:
    """The write endpoint, under /api."""
    router = APIRouter(prefix="/api")
    schema = DocumentIn.model_json_schema()
    body = {"required": True, "content": {"application/json": {"schema": schema}}}

    @router.post("/documents", tags=["documents"], status_code=201,
                 openapi_extra={"requestBody": body})  # fmt: skip
    async def post_document(request: Request) -> JSONResponse:
        """Code a document and store it with its events (needs the API token)."""
        poster.check_token(request)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise ApiError(415, "send the document as JSON (Content-Type: application/json) "
                           "with 'id' and 'text' or 'html'")  # fmt: skip
        document = to_document(parse_document(await read_body(request, poster.settings.max_bytes)))
        report, problems = await run_in_threadpool(poster.store_document, document)
        return _answer(poster.store, document, report, problems)

    return router


def _answer(
    store: Store, document: Document, report: IngestReport, problems: list[Problem]
) -> JSONResponse:
    if report.failed:
        message = "; ".join(p.message for p in problems) or "the document could not be stored"
        raise ApiError(422, f"document {document.id!r}: {message}")
    outcome = _outcome(report)
    stored = get_document(store, document.id)
    events = sorted({m.event_id for m in stored[0].mentions}) if stored else []
    quoted = quote(document.id, safe="")
    body: dict[str, Any] = {
        "id": document.id,
        "outcome": outcome,
        "mentions": len(stored[0].mentions) if stored else 0,
        "events": events,
        "published": document.published.isoformat() if document.published else None,
        "problems": [p.message for p in problems],
        "links": {"document": f"/api/documents/{quoted}", "page": f"/documents/{quoted}"},
    }
    return JSONResponse(body, status_code=201 if outcome in ("added", "updated") else 200)


def _outcome(report: IngestReport) -> str:
    for name in ("added", "updated", "unchanged", "duplicates"):
        if getattr(report, name):
            return name.removesuffix("s")
    return "unchanged"
