"""Look things up one by one, for browsing: an event by id, documents and their events,
actors by name, and the span of the store.

These are the reads the HTTP API and the web UI need beside the filtered
queries of ``query`` and the aggregates of ``relations``: small, indexed,
with every user value bound as a parameter.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, or_, select

from polybius.store.database import Store
from polybius.store.query import StoredEvent, _stored_event
from polybius.store.schema import actors, documents, mentions
from polybius.store.schema import events as merged
from polybius.store.summary import outlet_label

DEFAULT_PAGE = 50


@dataclass(frozen=True)
class DocumentMention:
    """One event as a document reports it: where, what, and the merged event it is part of."""

    event_id: int
    ordinal: int
    start: int
    end: int
    type: str
    status: str
    actor: str
    recipient: str
    trigger: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "event_id": self.event_id, "ordinal": self.ordinal, "start": self.start,
            "end": self.end, "type": self.type, "status": self.status, "actor": self.actor,
            "recipient": self.recipient, "trigger": self.trigger,
        }  # fmt: skip


@dataclass(frozen=True)
class StoredDocument:
    """A stored document's metadata and the events it reports (without its text)."""

    id: str
    title: str | None
    published: date | None
    url: str | None
    outlet: str | None
    ingested_at: str
    mentions: tuple[DocumentMention, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "outlet": self.outlet,
            "ingested_at": self.ingested_at,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class StoreSpan:
    """How much the store holds and the dates its merged events cover."""

    events: int
    documents: int
    first: date | None
    last: date | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "events": self.events,
            "documents": self.documents,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


@dataclass(frozen=True)
class KnownActor:
    """An actor of the actor table."""

    code: str
    name: str
    country: str | None
    sector: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"code": self.code, "name": self.name, "country": self.country,
                "sector": self.sector}  # fmt: skip


def get_event(store: Store, event_id: int) -> StoredEvent | None:
    """The merged event with this id, or None."""
    with store.reading() as conn:
        row = conn.execute(select(merged).where(merged.c.id == event_id)).first()
    return _stored_event(row) if row is not None else None


def get_document(store: Store, doc_id: str) -> tuple[StoredDocument, str] | None:
    """A stored document and its text, or None when no document has this id."""
    with store.reading() as conn:
        row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
        if row is None:
            return None
        found = _document(row, _mentions_of(conn, [doc_id]).get(doc_id, []))
    return found, row.text


def list_documents(
    store: Store,
    *,
    outlet: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = DEFAULT_PAGE,
    offset: int = 0,
) -> list[StoredDocument]:
    """Stored documents, the most recently published first, with the events each reports.

    ``outlet`` matches the outlet name (or the URL's host when the outlet is
    unknown) without regard to case; the dates bound the publication date.
    """
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    query = (
        select(*[c for c in documents.c if c.name != "text"])
        .where(*_document_filters(outlet, date_from, date_to))
        # Newest first, undated last, then by id: the order of index ix_documents_published.
        .order_by(documents.c.published.desc().nulls_last(), documents.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with store.reading() as conn:
        rows = conn.execute(query).all()
        found = _mentions_of(conn, [row.id for row in rows])
    return [_document(row, found.get(row.id, [])) for row in rows]


def _document_filters(
    outlet: str | None, date_from: date | None, date_to: date | None
) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if outlet:
        name = outlet.casefold()
        found.append(or_(
            func.lower(documents.c.outlet) == name,
            documents.c.outlet.is_(None) & func.lower(documents.c.url).contains(name),
        ))  # fmt: skip
    if date_from is not None:
        found.append(documents.c.published >= date_from)
    if date_to is not None:
        found.append(documents.c.published <= date_to)
    return found


def _mentions_of(conn: Connection, doc_ids: list[str]) -> dict[str, list[DocumentMention]]:
    """The mentions of some documents, in document order, by document id."""
    found: dict[str, list[DocumentMention]] = defaultdict(list)
    if not doc_ids:
        return found
    query = (
        select(
            mentions.c.doc_id, mentions.c.story_id, mentions.c.ordinal, mentions.c.type,
            mentions.c.status, mentions.c.actor_code, mentions.c.recipient_code,
            mentions.c.trigger, mentions.c.record,
        )
        .where(mentions.c.doc_id.in_(doc_ids))
        .order_by(mentions.c.doc_id, mentions.c.ordinal)
    )  # fmt: skip
    for row in conn.execute(query):
        span = json.loads(row.record).get("span") or [0, 0]
        found[row.doc_id].append(DocumentMention(
            row.story_id, row.ordinal, int(span[0]), int(span[1]), row.type, row.status,
            row.actor_code, row.recipient_code, row.trigger,
        ))  # fmt: skip
    return found


def _document(row: Any, found: list[DocumentMention]) -> StoredDocument:
    return StoredDocument(
        row.id, row.title, row.published, row.url, outlet_label(row.outlet, row.url),
        row.ingested_at, tuple(found),
    )  # fmt: skip


def find_actors(store: Store, words: str, *, limit: int = 20) -> list[KnownActor]:
    """Actors whose code or name contains ``words`` (case aside), exact codes first."""
    needle = words.strip().casefold()
    if not needle:
        return []
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    exact = func.lower(actors.c.code) == needle
    query = (
        select(actors)
        .where(or_(
            func.lower(actors.c.code).like(pattern, escape="\\"),
            func.lower(actors.c.name).like(pattern, escape="\\"),
        ))
        .order_by(exact.desc(), func.length(actors.c.name), actors.c.code)
        .limit(limit)
    )  # fmt: skip
    with store.reading() as conn:
        return [KnownActor(r.code, r.name, r.country, r.sector) for r in conn.execute(query)]


def get_actor(store: Store, code: str) -> KnownActor | None:
    """The actor table's entry for ``code`` (as given, upper-case or case-folded), or None."""
    variants = sorted({code, code.upper(), code.casefold()})
    with store.reading() as conn:
        row = conn.execute(select(actors).where(actors.c.code.in_(variants))).first()
    return KnownActor(row.code, row.name, row.country, row.sector) if row is not None else None


def store_span(store: Store) -> StoreSpan:
    """Counts of merged events and documents, and the first and last event start dates."""
    with store.reading() as conn:
        n_events = conn.execute(select(func.count()).select_from(merged)).scalar_one()
        n_documents = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        first = conn.execute(select(func.min(merged.c.date_start))).scalar_one()
        last = conn.execute(select(func.max(merged.c.date_start))).scalar_one()
    return StoreSpan(int(n_events), int(n_documents), first, last)
