"""The read endpoints: events, one event, actors, one actor, dyads, networks, claims,
documents, one document, health and the store's span. Each validates its parameters,
calls the library, and returns its records' ``to_dict``.

The handlers are plain functions: FastAPI runs them in its thread pool, so a
slow query never blocks the event loop.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from polybius.api.errors import ApiError, user_errors
from polybius.api.settings import ApiSettings
from polybius.graph.actors import top_actors
from polybius.graph.claims import claims
from polybius.graph.dyads import dyad
from polybius.graph.evidence import document_segments, sentence_segments
from polybius.graph.network import network
from polybius.graph.profile import actor_profile
from polybius.records import PLOVER_TYPES, STATUSES
from polybius.store.browse import find_actors, get_document, get_event, list_documents, store_span
from polybius.store.claims import STATES
from polybius.store.database import Store
from polybius.store.migrations import current_version
from polybius.store.query import EventQuery, event_mentions, query_events
from polybius.store.relations import event_voices

From = Annotated[date | None, Query(alias="from", description="On or after (YYYY-MM-DD).")]
To = Annotated[date | None, Query(alias="to", description="On or before (YYYY-MM-DD).")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
Code = Annotated[str, Path(min_length=1, max_length=200, description="Actor code (RUS, EU).")]


def get_store(request: Request) -> Store:
    """The app's store (set by ``make_app``)."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> ApiSettings:
    """The app's settings (set by ``make_app``)."""
    settings: ApiSettings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


def page_size(settings: ApiSettings, limit: int) -> int:
    """``limit`` checked against the settings' largest page."""
    if limit > settings.max_page:
        raise ApiError(422, f"limit {limit} is too large; ask for at most {settings.max_page}")
    return limit


def make_read_router() -> APIRouter:
    """The read endpoints, under /api."""
    router = APIRouter(prefix="/api")
    router.add_api_route("/health", health, methods=["GET"], tags=["meta"])
    router.add_api_route("/stats", stats, methods=["GET"], tags=["meta"])
    router.add_api_route("/events", list_events, methods=["GET"], tags=["events"])
    router.add_api_route("/events/{event_id}", one_event, methods=["GET"], tags=["events"])
    router.add_api_route("/actors", list_actors, methods=["GET"], tags=["actors"])
    router.add_api_route("/actors/{code}", one_actor, methods=["GET"], tags=["actors"])
    router.add_api_route("/dyads/{a}/{b}", dyad_series, methods=["GET"], tags=["graph"])
    router.add_api_route("/network", network_window, methods=["GET"], tags=["graph"])
    router.add_api_route("/claims/{a}", actor_claims, methods=["GET"], tags=["claims"])
    router.add_api_route("/claims/{a}/{b}", dyad_claims, methods=["GET"], tags=["claims"])
    router.add_api_route("/documents", documents_page, methods=["GET"], tags=["documents"])
    router.add_api_route(
        "/documents/{doc_id:path}", one_document, methods=["GET"], tags=["documents"]
    )
    return router


def health(store: StoreDep) -> dict[str, Any]:
    """Whether the server and its store answer."""
    with store.reading() as conn:
        version = current_version(conn)
    return {"status": "ok", "store": {"backend": store.dialect, "schema_version": version}}


def stats(store: StoreDep) -> dict[str, Any]:
    """How many events and documents the store holds, and the dates its events cover."""
    return store_span(store).to_dict()


def list_events(
    store: StoreDep,
    settings: SettingsDep,
    date_from: From = None,
    date_to: To = None,
    actor: str | None = None,
    recipient: str | None = None,
    either: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    type: Annotated[str | None, Query(description=", ".join(PLOVER_TYPES))] = None,
    status: Annotated[str | None, Query(description=", ".join(STATUSES))] = None,
    state: Annotated[str | None, Query(description=", ".join(STATES))] = None,
    outlet: str | None = None,
    text: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1)] = 50,
    offset: Offset = 0,
    mentions: bool = True,
) -> dict[str, Any]:
    """Merged events matching every filter, oldest first; each with its reports when
    ``mentions`` (the evidence sentences, statuses and sources of each document)."""
    size = page_size(settings, limit)
    with user_errors():
        query = EventQuery(
            actor, recipient, either, country, sector, type, status, state,
            date_from, date_to, outlet, text, size + 1, offset,
        )  # fmt: skip
    found = query_events(store, query)
    records = []
    for item in found[:size]:
        record = item.to_dict()
        if mentions:
            record["mentions"] = event_mentions(store, item.id)
        records.append(record)
    more = offset + size if len(found) > size else None
    return {"events": records, "limit": size, "offset": offset, "next_offset": more}


def one_event(store: StoreDep, event_id: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
    """One merged event: its claim summary, and every report with its evidence marked."""
    found = get_event(store, event_id)
    if found is None:
        raise ApiError(404, f"no event {event_id} in the store")
    voices = event_voices(store, [event_id])[event_id]
    reports = []
    for record in event_mentions(store, event_id):
        sentence = record.get("sentence") or found.sentence
        record["evidence"] = [s.to_dict() for s in sentence_segments(sentence, record)]
        reports.append(record)
    claim = {
        "state": found.state,
        "asserted_by": list(found.asserted_by),
        "denied_by": list(found.denied_by),
        "voices": [
            {"speaker": v.speaker, "status": v.status, "stance": v.stance, "outlet": v.outlet,
             "published": v.published.isoformat() if v.published else None, "doc_id": v.doc_id}
            for v in voices
        ],
    }  # fmt: skip
    return {"event": found.to_dict(), "claim": claim, "mentions": reports}


def list_actors(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=200, description="Words of a code or name.")] = None,
    date_from: From = None,
    date_to: To = None,
    limit: Annotated[int, Query(ge=1)] = 20,
) -> dict[str, Any]:
    """The most active actors (counted events either side), or those whose code or name
    contains ``q``."""
    size = page_size(settings, limit)
    if q is not None and q.strip():
        return {"actors": [a.to_dict() for a in find_actors(store, q, limit=size)]}
    with user_errors():
        found = top_actors(store, limit=size, date_from=date_from, date_to=date_to)
    return {"actors": [a.to_dict() for a in found]}


def one_actor(
    store: StoreDep,
    code: Code,
    date_from: From = None,
    date_to: To = None,
    relations: Annotated[int, Query(ge=0, le=1000)] = 50,
    latest: Annotated[int, Query(ge=0, le=100)] = 10,
) -> dict[str, Any]:
    """One actor: its relations (most events first), partners, opponents, latest events."""
    with user_errors():
        found = actor_profile(store, code, date_from=date_from, date_to=date_to, latest=latest)
    if found is None:
        raise ApiError(404, f"no actor {code!r} in the store; search with /api/actors?q=...")
    return found.to_dict(relations=relations)


def dyad_series(
    store: StoreDep,
    a: Code,
    b: Code,
    by: Literal["week", "month", "year"] = "month",
    date_from: From = None,
    date_to: To = None,
) -> dict[str, Any]:
    """Counted events between A and B per period in both directions, with the score."""
    with user_errors():
        series = dyad(store, a, b, by=by, date_from=date_from, date_to=date_to)
    return series.to_dict()


def network_window(
    store: StoreDep,
    settings: SettingsDep,
    date_from: From = None,
    date_to: To = None,
    min_events: Annotated[int, Query(ge=1)] = 1,
    max_edges: Annotated[int | None, Query(ge=1)] = None,
) -> dict[str, Any]:
    """Actors and signed, weighted edges of a window, cut to its ``max_edges`` heaviest
    edges (``total_edges`` says how many there were)."""
    cap = max_edges or settings.default_edges
    if cap > settings.max_edges:
        raise ApiError(422, f"max_edges {cap} is too large; ask for at most {settings.max_edges}")
    with user_errors():
        shown = network(
            store, date_from=date_from, date_to=date_to, min_events=min_events, max_edges=cap
        )
    record = shown.to_dict()
    record.update(total_edges=shown.total_edges, total_nodes=shown.total_nodes, max_edges=cap)
    return record


def actor_claims(
    store: StoreDep,
    settings: SettingsDep,
    a: Code,
    state: Annotated[str | None, Query(description=", ".join(STATES))] = None,
    date_from: From = None,
    date_to: To = None,
    limit: Annotated[int, Query(ge=1)] = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events of every claim state about actor A: who asserts each and who denies it."""
    return _claims(store, settings, a, None, state, date_from, date_to, limit, offset)


def dyad_claims(
    store: StoreDep,
    settings: SettingsDep,
    a: Code,
    b: Code,
    state: Annotated[str | None, Query(description=", ".join(STATES))] = None,
    date_from: From = None,
    date_to: To = None,
    limit: Annotated[int, Query(ge=1)] = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events of every claim state between A and B: who asserts each and who denies it."""
    return _claims(store, settings, a, b, state, date_from, date_to, limit, offset)


def _claims(
    store: Store, settings: ApiSettings, a: str, b: str | None, state: str | None,
    date_from: date | None, date_to: date | None, limit: int, offset: int,
) -> dict[str, Any]:  # fmt: skip
    size = page_size(settings, limit)
    with user_errors():
        found = claims(store, a, b, state=state, date_from=date_from, date_to=date_to,
                       limit=size + 1, offset=offset)  # fmt: skip
    more = offset + size if len(found) > size else None
    return {"claims": [c.to_dict() for c in found[:size]], "limit": size, "offset": offset,
            "next_offset": more}  # fmt: skip


def documents_page(
    store: StoreDep,
    settings: SettingsDep,
    outlet: str | None = None,
    date_from: From = None,
    date_to: To = None,
    limit: Annotated[int, Query(ge=1)] = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stored documents, the latest published first, each with the events it reports."""
    size = page_size(settings, limit)
    found = list_documents(store, outlet=outlet, date_from=date_from, date_to=date_to,
                           limit=size + 1, offset=offset)  # fmt: skip
    more = offset + size if len(found) > size else None
    return {"documents": [d.to_dict() for d in found[:size]], "limit": size, "offset": offset,
            "next_offset": more}  # fmt: skip


def one_document(
    store: StoreDep, doc_id: Annotated[str, Path(min_length=1, max_length=1000)]
) -> dict[str, Any]:
    """One document: its text cut into segments, each marked with the events it reports,
    and those events."""
    found = get_document(store, doc_id)
    if found is None:
        raise ApiError(404, f"no document {doc_id!r} in the store")
    document, text = found
    spans = [(m.start, m.end, m.event_id) for m in document.mentions]
    events = [get_event(store, i) for i in sorted({m.event_id for m in document.mentions})]
    return {
        "document": document.to_dict(),
        "text": text,
        "segments": [s.to_dict() for s in document_segments(text, spans)],
        "events": [e.to_dict() for e in events if e is not None],
    }
