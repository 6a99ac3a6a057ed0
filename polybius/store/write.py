"""Write one coded document: its row, evidence sentences, mentions, actors and stories.

``plan_document`` decides, from the id and the sha256 of the text, whether a
document is new, changed (same id, new text), unchanged, or a copy of another
document's text; ``store_document`` carries the decision out inside the
caller's write transaction. A changed document's old mentions are removed and
the stories they were in recomputed, so nothing is ever counted twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, delete, insert, or_, select, update

from polybius.records import Actor, Document, Event
from polybius.store.merge import MergeRule, event_item
from polybius.store.schema import actors, documents, mentions, sentences
from polybius.store.stories import assign_story, refresh_stories

Action = Literal["add", "update", "unchanged", "duplicate"]


@dataclass(frozen=True)
class Plan:
    """What to do with one document, and (for a copy) which stored document it copies."""

    action: Action
    same_as: str | None = None


def text_hash(text: str) -> str:
    """The sha256 of a document's text: the same text under another id is the same document."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def plan_document(conn: Connection, document: Document) -> Plan:
    """Whether ``document`` is new, changed, unchanged or a copy, by id and text hash."""
    digest = text_hash(document.text)
    rows = conn.execute(
        select(documents.c.id, documents.c.sha256).where(
            or_(documents.c.id == document.id, documents.c.sha256 == digest)
        )
    ).all()
    for row in rows:
        if row.id == document.id and row.sha256 == digest:
            return Plan("unchanged")
    for row in rows:
        if row.id != document.id:
            return Plan("duplicate", same_as=row.id)
    return Plan("update") if rows else Plan("add")


def store_document(
    conn: Connection, document: Document, coded: list[Event], plan: Plan, rule: MergeRule
) -> None:
    """Carry out ``plan`` (add or update) for ``document`` and its coded events."""
    touched: set[int] = set()
    row = _document_row(document, len(coded))
    if plan.action == "update":
        touched |= _remove_mentions(conn, document.id)
        conn.execute(update(documents).where(documents.c.id == document.id).values(**row))
    elif plan.action == "add":
        conn.execute(insert(documents), {"id": document.id, **row})
    else:
        raise ValueError(f"store_document cannot {plan.action} a document")
    touched |= _add_mentions(conn, document, coded, rule)
    refresh_stories(conn, touched)


def _document_row(document: Document, n_mentions: int) -> dict[str, object]:
    return {
        "sha256": text_hash(document.text),
        "title": _clean(document.title),
        "published": document.published,
        "url": _clean(document.url),
        "outlet": _clean(document.outlet),
        "text": _clean(document.text),
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "n_mentions": n_mentions,
    }


def _remove_mentions(conn: Connection, doc_id: str) -> set[int]:
    """Delete a document's mentions and sentences; the stories they were in."""
    story_ids = set(
        conn.execute(select(mentions.c.story_id).where(mentions.c.doc_id == doc_id)).scalars()
    )
    conn.execute(delete(mentions).where(mentions.c.doc_id == doc_id))
    conn.execute(delete(sentences).where(sentences.c.doc_id == doc_id))
    return story_ids


def _add_mentions(
    conn: Connection, document: Document, coded: list[Event], rule: MergeRule
) -> set[int]:
    """Insert each event as a mention in its story; the stories touched."""
    sentence_ids: dict[tuple[int, int], int] = {}
    touched: set[int] = set()
    for ordinal, event in enumerate(coded):
        span = (event.span[0], event.span[1])
        if span not in sentence_ids:
            sentence_ids[span] = _add_sentence(conn, document.id, span, event.sentence)
        item = event_item(event, rule)
        story_id = assign_story(conn, event, item, rule)
        # Parameters apart from the statement: SQLAlchemy compiles the INSERT once and
        # reuses it (building a statement per row cost more than the row itself).
        conn.execute(
            insert(mentions),
            {
                "doc_id": document.id,
                "ordinal": ordinal,
                "sentence_id": sentence_ids[span],
                "story_id": story_id,
                **mention_columns(event, item.key.actor, item.key.recipient),
            },
        )
        _add_actors(conn, (event.actor, event.recipient, event.attributed_to))
        touched.add(story_id)
    return touched


def _add_sentence(conn: Connection, doc_id: str, span: tuple[int, int], text: str) -> int:
    result = conn.execute(
        insert(sentences),
        {"doc_id": doc_id, "start": span[0], "end": span[1], "text": _clean(text)},
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def mention_columns(event: Event, actor_code: str, recipient_code: str) -> dict[str, object]:
    """The searchable columns of one mention, and its full Contract 2 record."""
    actor, recipient, when, place = event.actor, event.recipient, event.date, event.location
    return {
        "event_id": event.event_id,
        "type": event.type,
        "mode": event.mode,
        "cameo": event.cameo,
        "status": event.status,
        "actor_code": actor_code,
        "actor_id": actor.id if actor else None,
        "actor_country": actor.country if actor else None,
        "actor_sector": actor.sector if actor else None,
        "recipient_code": recipient_code,
        "recipient_id": recipient.id if recipient else None,
        "recipient_country": recipient.country if recipient else None,
        "recipient_sector": recipient.sector if recipient else None,
        "attributed_code": actor_key(event.attributed_to),
        "date_start": when.start if when else None,
        "date_end": when.end if when else None,
        "date_precision": when.precision if when else None,
        "date_basis": when.basis if when else None,
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "confidence": float(event.confidence),
        "trigger": _clean(event.trigger),
        "record": json.dumps(event.to_dict(), ensure_ascii=False).replace("\x00", "\ufffd"),
    }


def actor_key(actor: Actor | None) -> str | None:
    """An actor's code in the actor table: its id, else its country, else its name."""
    if actor is None:
        return None
    return actor.id or actor.country or _clean(actor.name)


def _add_actors(conn: Connection, sides: tuple[Actor | None, ...]) -> None:
    """Record each coded actor once, by code (the first name seen stays)."""
    for actor in sides:
        code = actor_key(actor)
        if actor is None or not code:
            continue
        exists = conn.execute(select(actors.c.code).where(actors.c.code == code)).first()
        if exists is None:
            conn.execute(
                insert(actors),
                {
                    "code": code,
                    "name": _clean(actor.name) or code,
                    "country": actor.country,
                    "sector": actor.sector,
                },
            )


def _clean(text: str | None) -> str | None:
    """Text PostgreSQL can store: NUL characters become U+FFFD (SQLite would keep them)."""
    return text.replace("\x00", "\ufffd") if text is not None else None
