"""The store's tables, one schema for SQLite and PostgreSQL (SQLAlchemy Core).

- ``documents``: one row per document, with the sha256 of its text (idempotent ingest).
- ``sentences``: the evidence sentences events were coded from (full-text searched).
- ``mentions``: one coded event as one document reported it, with its full Contract 2 JSON.
- ``events``: merged events ("stories"): the mentions of one real-world event across
  documents, with outlets, first and last report dates, counts and a claim summary.
- ``actors``: every coded actor, recipient and source of a claim, by code.
- ``edge_periods``: counted merged events per year and month, actor, recipient and status
  (``rollup.py``; kept in step by triggers, added by migration 4).
- ``schema_version``: the migrations applied, in order.

These objects describe the latest schema; ``migrations`` creates and changes
them step by step. The full-text index is not part of this metadata: it is
dialect specific (an FTS5 table in SQLite, a GIN index in PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from polybius.records import PLOVER_TYPES

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", String(40), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("published", Date),
    Column("url", Text),
    Column("outlet", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(40), nullable=False),
    Column("n_mentions", Integer, nullable=False, default=0),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("doc_id", "start", "end", name="uq_sentences_span"),
)

actors = Table(
    "actors",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(3)),
    Column("sector", String(8)),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(16), nullable=False),
    Column("actor_code", Text, nullable=False),
    Column("actor_name", Text),
    Column("actor_country", String(3)),
    Column("actor_sector", String(8)),
    Column("recipient_code", Text, nullable=False),
    Column("recipient_name", Text),
    Column("recipient_country", String(3)),
    Column("recipient_sector", String(8)),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("status", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("asserted_by", JSON, nullable=False),
    Column("denied_by", JSON, nullable=False),
    Column("outlets", JSON, nullable=False),
    Column("first_reported", Date),
    Column("last_reported", Date),
    Column("report_count", Integer, nullable=False),
    Column("mention_count", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("updated_at", String(40), nullable=False),
)

# One count column per PLOVER type in ``edge_periods``: n_agree, n_consult, ...
TYPE_COUNT_COLUMNS: tuple[str, ...] = tuple(f"n_{name.lower()}" for name in PLOVER_TYPES)

edge_periods = Table(
    "edge_periods",
    metadata,
    Column("grain", String(1), primary_key=True),
    Column("period_start", Date, primary_key=True),
    Column("actor_code", Text, primary_key=True),
    Column("recipient_code", Text, primary_key=True),
    Column("status", String(16), primary_key=True),
    Column("n", Integer, nullable=False),
    *(Column(name, Integer, nullable=False) for name in TYPE_COUNT_COLUMNS),
    # Clustered on the key in SQLite: a window's rows are read in one range scan.
    sqlite_with_rowid=False,
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("sentence_id", Integer, ForeignKey("sentences.id"), nullable=False),
    Column("story_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("event_id", String(32), nullable=False),
    Column("type", String(16), nullable=False),
    Column("mode", Text),
    Column("cameo", String(8)),
    Column("status", String(16), nullable=False),
    Column("actor_code", Text, nullable=False),
    Column("actor_id", Text),
    Column("actor_country", String(3)),
    Column("actor_sector", String(8)),
    Column("recipient_code", Text, nullable=False),
    Column("recipient_id", Text),
    Column("recipient_country", String(3)),
    Column("recipient_sector", String(8)),
    Column("attributed_code", Text),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("date_basis", String(16)),
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("confidence", Float, nullable=False),
    Column("trigger", Text),
    Column("record", Text, nullable=False),
    UniqueConstraint("doc_id", "ordinal", name="uq_mentions_ordinal"),
)

INDEXES = (
    Index("ix_sentences_doc", sentences.c.doc_id),
    Index("ix_mentions_doc", mentions.c.doc_id),
    Index("ix_mentions_story", mentions.c.story_id),
    Index(
        "ix_mentions_key",
        mentions.c.type,
        mentions.c.actor_code,
        mentions.c.recipient_code,
        mentions.c.date_start,
    ),
    Index("ix_mentions_actor_id", mentions.c.actor_id),
    Index("ix_mentions_actor_country", mentions.c.actor_country),
    Index("ix_mentions_recipient_id", mentions.c.recipient_id),
    Index("ix_mentions_recipient_country", mentions.c.recipient_country),
    Index("ix_events_date", events.c.date_start),
    Index("ix_events_type", events.c.type),
    Index("ix_events_actor_country", events.c.actor_country),
    Index("ix_events_recipient_country", events.c.recipient_country),
)
