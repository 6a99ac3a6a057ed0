"""Browsing the store: one event, documents with their events, actors by name, the span."""

from __future__ import annotations

from datetime import date

from polybius.store.browse import (
    find_actors,
    get_actor,
    get_document,
    get_event,
    list_documents,
    store_span,
)
from polybius.store.database import Store
from polybius.store.ingest import ingest
from polybius.store.query import events
from tests.store.conftest import LineCoder, doc

DOCS = [
    doc("a", "Intro line.", "ASSAULT RUS UKR 2022-10-17 occurred - Russia struck Kyiv.",
        outlet="Daily", published="2022-10-18"),
    doc("b", "SANCTION EU IRN 2022-10-20 occurred - The EU imposed sanctions on Iran.",
        outlet=None, published="2022-10-21"),
]  # fmt: skip


def test_documents_come_latest_first_with_their_mentions(store: Store) -> None:
    ingest(store, DOCS, LineCoder())
    found = list_documents(store)
    assert [d.id for d in found] == ["b", "a"]
    [mention] = found[1].mentions
    assert (mention.type, mention.actor, mention.recipient) == ("ASSAULT", "RUS", "UKR")
    document, text = get_document(store, "a") or (None, "")
    assert text[mention.start : mention.end] == "Russia struck Kyiv."
    assert [d.id for d in list_documents(store, outlet="DAILY")] == ["a"]
    assert [d.id for d in list_documents(store, date_from=date(2022, 10, 20))] == ["b"]
    assert get_document(store, "nope") is None


def test_an_event_by_id(store: Store) -> None:
    ingest(store, DOCS, LineCoder())
    [event] = events(store, actor="EU")
    assert get_event(store, event.id) == event
    assert get_event(store, event.id + 100) is None


def test_actors_by_words_and_by_code(store: Store) -> None:
    ingest(store, DOCS, LineCoder())
    assert [a.code for a in find_actors(store, "ukr")] == ["UKR"]
    assert [a.code for a in find_actors(store, "_")] == []  # LIKE wildcards are plain text
    assert find_actors(store, "  ") == []
    actor = get_actor(store, "rus")
    assert actor is not None and actor.name == "Russia"


def test_the_span_counts_and_dates(store: Store) -> None:
    assert store_span(store).to_dict() == {"events": 0, "documents": 0, "first": None,
                                           "last": None}  # fmt: skip
    ingest(store, DOCS, LineCoder())
    span = store_span(store)
    assert (span.events, span.documents, span.first, span.last) == (
        2, 2, date(2022, 10, 17), date(2022, 10, 20),
    )  # fmt: skip
