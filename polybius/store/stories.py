"""Merged events in the database: find the story a mention joins, and keep stories up to date.

``assign_story`` asks the database for stories with mentions of the same key
near the mention's dates and lets the pure rule in ``merge`` choose among
them (or starts a new story). ``refresh_stories`` recomputes a story's
derived columns from its mentions (``summary``) and deletes a story left with
none, so the stored numbers always equal what the mentions say.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Row, Select, and_, bindparam, delete, or_, select, update

from polybius.records import Event
from polybius.store.merge import MergeItem, MergeKey, MergeRule, choose_story, merge_item
from polybius.store.schema import documents, events, mentions, sentences
from polybius.store.summary import MentionFacts, Side, StorySummary, outlet_label, summarize

# At most this many stories are weighed for one mention (the most recent ones).
MAX_CANDIDATES = 50
# One compiled UPDATE for every story refresh (its SET columns come with the parameters).
_UPDATE_STORY = update(events).where(events.c.id == bindparam("story_id"))


def assign_story(conn: Connection, event: Event, item: MergeItem, rule: MergeRule) -> int:
    """The id of the story ``event`` belongs to, creating one when none fits."""
    story_id = choose_story(item, candidate_stories(conn, item, rule), rule)
    if story_id is not None:
        return story_id
    return _new_story(conn, event, item.key)


def candidate_stories(
    conn: Connection, item: MergeItem, rule: MergeRule
) -> dict[int, list[MergeItem]]:
    """Stories with a mention of the same key near ``item``'s dates, with all their mentions."""
    m = mentions
    same_key = and_(
        m.c.type == item.key.type,
        m.c.actor_code == item.key.actor,
        m.c.recipient_code == item.key.recipient,
    )
    query = select(m.c.story_id).where(same_key)
    if item.start is not None and item.end is not None:
        reach = timedelta(days=rule.max_gap_days + rule.published_slack_days + 1)
        near = and_(m.c.date_start <= item.end + reach, m.c.date_end >= item.start - reach)
        query = query.where(or_(near, m.c.date_start.is_(None)))
    query = query.group_by(m.c.story_id).order_by(m.c.story_id.desc()).limit(MAX_CANDIDATES)
    story_ids = list(conn.execute(query).scalars())
    if not story_ids:
        return {}
    rows = conn.execute(
        select(
            m.c.story_id,
            m.c.type,
            m.c.actor_code,
            m.c.recipient_code,
            m.c.date_start,
            m.c.date_end,
            m.c.date_basis,
            m.c.status,
            sentences.c.text,
        )
        .join(sentences, sentences.c.id == m.c.sentence_id)
        .where(m.c.story_id.in_(story_ids))
    )
    found: dict[int, list[MergeItem]] = defaultdict(list)
    for row in rows:
        key = MergeKey(row.type, row.actor_code, row.recipient_code)
        found[row.story_id].append(
            merge_item(
                key, row.date_start, row.date_end, row.date_basis, row.status, row.text, rule
            )
        )
    return dict(found)


def _new_story(conn: Connection, event: Event, key: MergeKey) -> int:
    """A story row for a first mention; ``refresh_stories`` fills in its derived columns."""
    result = conn.execute(
        events.insert(),
        {
            "type": key.type,
            "actor_code": key.actor,
            "recipient_code": key.recipient,
            "status": event.status,
            "state": "reported",
            "asserted_by": [],
            "denied_by": [],
            "outlets": [],
            "report_count": 0,
            "mention_count": 0,
            "sentence": event.sentence,
            "updated_at": _now(),
        },
    )
    key_id = result.inserted_primary_key
    assert key_id is not None
    return int(key_id[0])


def refresh_stories(conn: Connection, story_ids: Iterable[int]) -> None:
    """Recompute each story's derived columns from its mentions; drop stories with none."""
    for story_id in sorted(set(story_ids)):
        facts = story_facts(conn, story_id)
        if not facts:
            conn.execute(delete(events).where(events.c.id == story_id))
            continue
        conn.execute(_UPDATE_STORY, {"story_id": story_id, **_columns(summarize(facts))})


def story_facts(conn: Connection, story_id: int) -> list[MentionFacts]:
    """The mentions of one story as ``summary`` reads them, in document order."""
    return [_facts(row) for row in conn.execute(_STORY_FACTS, {"story_id": story_id})]


def _story_facts_statement() -> Select:
    m = mentions
    return (
        select(
            m.c.doc_id,
            m.c.status,
            m.c.attributed_code,
            m.c.date_start,
            m.c.date_end,
            m.c.date_precision,
            m.c.date_basis,
            m.c.confidence,
            m.c.record,
            documents.c.outlet,
            documents.c.url,
            documents.c.published,
            sentences.c.text.label("sentence"),
        )
        .join(documents, documents.c.id == m.c.doc_id)
        .join(sentences, sentences.c.id == m.c.sentence_id)
        .where(m.c.story_id == bindparam("story_id"))
        .order_by(documents.c.published, m.c.doc_id, m.c.ordinal)
    )


_STORY_FACTS = _story_facts_statement()


def _facts(row: Row) -> MentionFacts:
    record = json.loads(row.record)
    return MentionFacts(
        doc_id=row.doc_id,
        status=row.status,
        attributed=row.attributed_code,
        outlet=outlet_label(row.outlet, row.url),
        published=row.published,
        date_start=row.date_start,
        date_end=row.date_end,
        date_precision=row.date_precision,
        date_basis=row.date_basis,
        actor=_side(record.get("actor")),
        recipient=_side(record.get("recipient")),
        sentence=row.sentence,
        confidence=row.confidence,
    )


def _side(actor: dict | None) -> Side:
    if not actor:
        return Side(None, None, None)
    return Side(actor.get("name"), actor.get("country"), actor.get("sector"))


def _columns(summary: StorySummary) -> dict[str, object]:
    return {
        "actor_name": summary.actor.name,
        "actor_country": summary.actor.country,
        "actor_sector": summary.actor.sector,
        "recipient_name": summary.recipient.name,
        "recipient_country": summary.recipient.country,
        "recipient_sector": summary.recipient.sector,
        "date_start": summary.date_start,
        "date_end": summary.date_end,
        "status": summary.status,
        "state": summary.claims.state,
        "asserted_by": list(summary.claims.asserted_by),
        "denied_by": list(summary.claims.denied_by),
        "outlets": list(summary.outlets),
        "first_reported": summary.first_reported,
        "last_reported": summary.last_reported,
        "report_count": summary.report_count,
        "mention_count": summary.mention_count,
        "sentence": summary.sentence,
        "updated_at": _now(),
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
