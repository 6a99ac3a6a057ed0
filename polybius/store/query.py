"""Query merged events: filters on actors, types, claims, dates, outlets and evidence text.

``events(store, ...)`` returns ``StoredEvent`` records, oldest first. The
filters combine with AND. Actor filters match codes (``"RUS"``, ``"EU"``, a
person's id) on any mention of the event, so an event found under "Russia"
in one report and "Vladimir Putin" in another answers to both. ``text``
searches the evidence sentences with the database's full-text index (SQLite
FTS5 with the Porter stemmer, PostgreSQL ``to_tsvector('english')``); all
its words must occur in one sentence.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, literal_column, or_, select, table

from polybius.records import PLOVER_TYPES, STATUSES
from polybius.store.claims import STATES
from polybius.store.database import Store
from polybius.store.schema import documents, mentions, sentences
from polybius.store.schema import events as merged

DEFAULT_LIMIT = 100
_FTS_WORD = re.compile(r"[^\W_]+")
# Function words are not searched (PostgreSQL's English configuration drops them too).
_FTS_STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "not", "but", "of", "on", "in", "at", "to", "for", "by", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "into", "over", "under", "about", "against", "between", "after", "before",
})  # fmt: skip


@dataclass(frozen=True)
class StoredActor:
    """One side of a merged event: its merge code and the name, country, sector most reports use."""

    code: str
    name: str | None
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class StoredEvent:
    """A merged event: the mentions of one real-world event across documents, summarized."""

    id: int
    type: str
    actor: StoredActor
    recipient: StoredActor
    date_start: date | None
    date_end: date | None
    status: str
    state: str
    asserted_by: tuple[str, ...]
    denied_by: tuple[str, ...]
    outlets: tuple[str, ...]
    first_reported: date | None
    last_reported: date | None
    report_count: int
    mention_count: int
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, tuples as lists."""
        record = asdict(self)
        for key in ("date_start", "date_end", "first_reported", "last_reported"):
            value = record[key]
            record[key] = value.isoformat() if value is not None else None
        for key in ("asserted_by", "denied_by", "outlets"):
            record[key] = list(record[key])
        return record


@dataclass(frozen=True)
class EventQuery:
    """The filters of ``events``; None means "any"."""

    actor: str | None = None
    recipient: str | None = None
    either: str | None = None
    country: str | None = None
    sector: str | None = None
    type: str | None = None
    status: str | None = None
    state: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    outlet: str | None = None
    text: str | None = None
    limit: int | None = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        _check_choice("type", self.type, PLOVER_TYPES)
        _check_choice("status", self.status, STATUSES)
        _check_choice("state", self.state, STATES)
        if (self.limit is not None and self.limit < 0) or self.offset < 0:
            raise ValueError("limit and offset must not be negative")


def events(
    store: Store,
    *,
    actor: str | None = None,
    recipient: str | None = None,
    either: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    type: str | None = None,
    status: str | None = None,
    state: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    outlet: str | None = None,
    text: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[StoredEvent]:
    """Merged events matching every given filter, oldest first.

    ``actor``/``recipient``/``either``: an actor code on that side (either side);
    ``country``/``sector``: on either side; ``type``: a PLOVER type; ``status``:
    some mention has this claim status; ``state``: the claim summary's state;
    ``date_from``/``date_to``: the event's dates overlap the range; ``outlet``:
    reported by this outlet; ``text``: words in an evidence sentence.
    Example: ``events(store, actor="RUS", type="ASSAULT", date_from=date(2022, 10, 1))``.
    """
    query = EventQuery(
        actor, recipient, either, country, sector, type, status, state,
        date_from, date_to, outlet, text, limit, offset,
    )  # fmt: skip
    return query_events(store, query)


def query_events(store: Store, query: EventQuery) -> list[StoredEvent]:
    """``events`` with the filters in one record."""
    with store.reading() as conn:
        rows = conn.execute(select_events(query, store.dialect)).all()
    return [_stored_event(row) for row in rows]


def count_events(store: Store, query: EventQuery | None = None) -> int:
    """How many merged events match ``query`` (all of them when None), ignoring limit/offset."""
    query = query or EventQuery(limit=None)
    everything = EventQuery(**{**asdict(query), "limit": None, "offset": 0})
    counted = select(func.count()).select_from(select_events(everything, store.dialect).subquery())
    with store.reading() as conn:
        return int(conn.execute(counted).scalar_one())


def select_events(query: EventQuery, dialect: str) -> Select:
    """The SELECT for ``query`` on the given SQL dialect ("sqlite" or "postgresql")."""
    order = (merged.c.date_start.is_(None), merged.c.date_start, merged.c.id)
    conditions = _conditions(query, dialect)
    if query.limit is None:
        return select(merged).where(*conditions).order_by(*order).offset(query.offset)
    # The page's ids first (from an index, when the filters allow), then only its rows.
    page = select(merged.c.id).where(*conditions).order_by(*order)
    page = page.offset(query.offset).limit(query.limit)
    return select(merged).where(merged.c.id.in_(page)).order_by(*order)


def _conditions(query: EventQuery, dialect: str) -> list[ColumnElement[bool]]:
    m = mentions
    found: list[ColumnElement[bool]] = []
    if query.actor:
        found.append(_side_is("actor", query.actor))
    if query.recipient:
        found.append(_side_is("recipient", query.recipient))
    if query.either:
        found.append(or_(_side_is("actor", query.either), _side_is("recipient", query.either)))
    if query.country:
        code = query.country.upper()
        found.append(or_(merged.c.actor_country == code, merged.c.recipient_country == code))
    if query.sector:
        code = query.sector.upper()
        found.append(_with_mention(or_(m.c.actor_sector == code, m.c.recipient_sector == code)))
    if query.type:
        found.append(merged.c.type == query.type.upper())
    if query.status:
        found.append(_with_mention(m.c.status == query.status.lower()))
    if query.state:
        found.append(merged.c.state == query.state.lower())
    found.extend(_date_conditions(query))
    if query.outlet:
        found.append(_from_outlet(query.outlet))
    words = search_words(query.text or "")
    if words:
        found.append(_with_text(words, dialect))
    return found


def _side_is(side: str, value: str) -> ColumnElement[bool]:
    """Events with a mention whose ``side`` ("actor"/"recipient") has this id, country or
    merge code.

    Every mention of an event has the event's merge code, and a mention's country, when it
    has one, is its merge code: so the merged row's code answers for codes and countries.
    Only an id other than the merge code (a person of a country) needs the mentions, in the
    partial index of migration 3 that holds just those.
    """
    values = sorted({value, value.upper()})
    actor_id, code = mentions.c[f"{side}_id"], mentions.c[f"{side}_code"]
    aliases = select(mentions.c.story_id).where(actor_id.in_(values), actor_id != code)
    return or_(
        merged.c[f"{side}_code"].in_(sorted({*values, value.casefold()})),
        merged.c.id.in_(aliases),
    )


def _with_mention(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Events with at least one mention meeting ``condition``."""
    return merged.c.id.in_(select(mentions.c.story_id).where(condition))


def _date_conditions(query: EventQuery) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if query.date_from is not None:
        found.append(merged.c.date_end >= query.date_from)
    if query.date_to is not None:
        found.append(merged.c.date_start <= query.date_to)
    return found


def _from_outlet(outlet: str) -> ColumnElement[bool]:
    name = outlet.casefold()
    in_outlet = or_(
        func.lower(documents.c.outlet) == name,
        and_(documents.c.outlet.is_(None), func.lower(documents.c.url).contains(name)),
    )
    docs = select(documents.c.id).where(in_outlet)
    return _with_mention(mentions.c.doc_id.in_(docs))


def _with_text(words: list[str], dialect: str) -> ColumnElement[bool]:
    """Events with an evidence sentence containing every one of ``words``."""
    if dialect == "postgresql":
        matched = select(sentences.c.id).where(
            func.to_tsvector(literal_column("'english'"), sentences.c.text).op("@@")(
                func.plainto_tsquery(literal_column("'english'"), " ".join(words))
            )
        )
    else:
        fts = table("sentences_fts", literal_column("rowid"))
        matched = (
            select(literal_column("rowid"))
            .select_from(fts)
            .where(literal_column("sentences_fts").op("MATCH")(fts_query(words)))
        )
    return _with_mention(mentions.c.sentence_id.in_(matched))


def search_words(text: str) -> list[str]:
    """The words of a text search: letters and digits, function words left out."""
    return [w for w in _FTS_WORD.findall(text) if w.casefold() not in _FTS_STOPWORDS]


def fts_query(words: list[str]) -> str:
    """An FTS5 query that requires every word (each quoted: no query syntax)."""
    return " ".join(f'"{word}"' for word in words)


def _stored_event(row: Row) -> StoredEvent:
    return StoredEvent(
        id=row.id,
        type=row.type,
        actor=StoredActor(row.actor_code, row.actor_name, row.actor_country, row.actor_sector),
        recipient=StoredActor(
            row.recipient_code, row.recipient_name, row.recipient_country, row.recipient_sector
        ),
        date_start=row.date_start,
        date_end=row.date_end,
        status=row.status,
        state=row.state,
        asserted_by=tuple(row.asserted_by),
        denied_by=tuple(row.denied_by),
        outlets=tuple(row.outlets),
        first_reported=row.first_reported,
        last_reported=row.last_reported,
        report_count=row.report_count,
        mention_count=row.mention_count,
        sentence=row.sentence,
    )


def event_mentions(store: Store, event_id: int) -> list[dict[str, Any]]:
    """The mentions of one merged event: each Contract 2 record with its document's
    outlet, publication date and URL, in the order they were reported."""
    query = (
        select(
            mentions.c.record,
            documents.c.outlet,
            documents.c.published,
            documents.c.url,
            documents.c.title,
        )
        .join(documents, documents.c.id == mentions.c.doc_id)
        .where(mentions.c.story_id == event_id)
        .order_by(documents.c.published, mentions.c.doc_id, mentions.c.ordinal)
    )
    with store.reading() as conn:
        rows = conn.execute(query).all()
    return [_mention_record(row) for row in rows]


def _mention_record(row: Row) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(row.record)
    record["document"] = {
        "outlet": row.outlet,
        "published": row.published.isoformat() if row.published else None,
        "url": row.url,
        "title": row.title,
    }
    return record


def _check_choice(name: str, value: str | None, choices: tuple[str, ...]) -> None:
    if value is not None and value.upper() not in {c.upper() for c in choices}:
        raise ValueError(f"unknown {name} {value!r}; use one of: {', '.join(choices)}")
