"""Export merged events: a flat table (CSV, Parquet) and PLOVER JSON lines.

Each merged event is one row: its sides, dates, claim summary and score,
with the coding details of the report that shows it best (CAMEO code, mode,
contexts, place, trigger, source document). Rows stream from the store in
chunks (``relations.export_rows``), so an export of millions of events
needs little memory; Parquet is written one row group per chunk.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from polybius.graph.weights import DEFAULT_SCALE, Scale
from polybius.store.relations import ExportRow

COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("id", pa.int64()),
    ("type", pa.string()),
    ("cameo", pa.string()),
    ("mode", pa.string()),
    ("context", pa.list_(pa.string())),
    ("actor_code", pa.string()),
    ("actor_name", pa.string()),
    ("actor_country", pa.string()),
    ("actor_sector", pa.string()),
    ("recipient_code", pa.string()),
    ("recipient_name", pa.string()),
    ("recipient_country", pa.string()),
    ("recipient_sector", pa.string()),
    ("date_start", pa.date32()),
    ("date_end", pa.date32()),
    ("status", pa.string()),
    ("state", pa.string()),
    ("score", pa.float64()),
    ("asserted_by", pa.list_(pa.string())),
    ("denied_by", pa.list_(pa.string())),
    ("outlets", pa.list_(pa.string())),
    ("first_reported", pa.date32()),
    ("last_reported", pa.date32()),
    ("report_count", pa.int32()),
    ("mention_count", pa.int32()),
    ("location_name", pa.string()),
    ("location_country", pa.string()),
    ("location_lat", pa.float64()),
    ("location_lon", pa.float64()),
    ("trigger", pa.string()),
    ("sentence", pa.string()),
    ("doc_id", pa.string()),
    ("url", pa.string()),
)
COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
SCHEMA = pa.schema(list(COLUMNS))
LIST_SEPARATOR = ";"


def flat_record(row: ExportRow, scale: Scale = DEFAULT_SCALE) -> dict[str, Any]:
    """One merged event as a flat record: dates as dates, lists as lists."""
    event, record = row.event, row.record
    place = record.get("location") or {}
    return {
        "id": event.id,
        "type": event.type,
        "cameo": record.get("cameo"),
        "mode": record.get("mode"),
        "context": list(record.get("context") or ()),
        "actor_code": event.actor.code,
        "actor_name": event.actor.name,
        "actor_country": event.actor.country,
        "actor_sector": event.actor.sector,
        "recipient_code": event.recipient.code,
        "recipient_name": event.recipient.name,
        "recipient_country": event.recipient.country,
        "recipient_sector": event.recipient.sector,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "status": event.status,
        "state": event.state,
        "score": scale.score(event.type, event.status),
        "asserted_by": list(event.asserted_by),
        "denied_by": list(event.denied_by),
        "outlets": list(event.outlets),
        "first_reported": event.first_reported,
        "last_reported": event.last_reported,
        "report_count": event.report_count,
        "mention_count": event.mention_count,
        "location_name": place.get("name"),
        "location_country": place.get("country"),
        "location_lat": place.get("lat"),
        "location_lon": place.get("lon"),
        "trigger": record.get("trigger"),
        "sentence": event.sentence,
        "doc_id": row.doc_id,
        "url": row.url,
    }


def write_csv(rows: Iterable[ExportRow], out: TextIO, scale: Scale = DEFAULT_SCALE) -> int:
    """CSV with a header; lists joined by ";", missing values empty. Returns the row count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    n = 0
    for row in rows:
        writer.writerow([_csv_cell(value) for value in flat_record(row, scale).values()])
        n += 1
    return n


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_parquet(
    rows: Iterable[ExportRow], path: Path, scale: Scale = DEFAULT_SCALE, chunk: int = 10_000
) -> int:
    """A Parquet file with typed columns (``SCHEMA``), one row group per ``chunk`` rows."""
    n = 0
    with pq.ParquetWriter(str(path), SCHEMA) as writer:
        for batch in _batches((flat_record(row, scale) for row in rows), chunk):
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
            n += len(batch)
    return n


def _batches(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def plover_record(row: ExportRow, scale: Scale = DEFAULT_SCALE) -> dict[str, Any]:
    """A merged event in the PLOVER shape of ``polybius code --format plover``, with its claims.

    ``id`` is the merged event's id; ``source``/``target`` carry the merge codes.
    """
    event, record = row.event, row.record

    def side(actor: Any, coded: dict[str, Any] | None) -> list[dict[str, Any]]:
        if actor.code == "-":
            return []
        text = (coded or {}).get("text") or actor.name
        return [{"actorText": text, "code": actor.code, "sector": actor.sector}]

    attributed = record.get("attributed_to")
    return {
        "id": str(event.id),
        "date": event.date_start.isoformat() if event.date_start else None,
        "source": side(event.actor, record.get("actor")),
        "target": side(event.recipient, record.get("recipient")),
        "event": event.type,
        "mode": record.get("mode"),
        "context": ";".join(record.get("context") or ()),
        "eventText": record.get("trigger"),
        "text": event.sentence,
        "cameo": record.get("cameo"),
        "status": event.status,
        "attributedTo": [_plover_actor(attributed)] if attributed else [],
        "eventLoc": record.get("location"),
        "size": record.get("quantity"),
        "docId": row.doc_id,
        "state": event.state,
        "assertedBy": list(event.asserted_by),
        "deniedBy": list(event.denied_by),
        "reports": event.report_count,
        "outlets": list(event.outlets),
        "score": scale.score(event.type, event.status),
    }


def _plover_actor(actor: dict[str, Any]) -> dict[str, Any]:
    code = actor.get("country") or actor.get("id")
    return {"actorText": actor.get("text"), "code": code, "sector": actor.get("sector")}


def write_plover(rows: Iterable[ExportRow], out: TextIO, scale: Scale = DEFAULT_SCALE) -> int:
    """PLOVER JSON lines, one merged event per line. Returns the row count."""
    n = 0
    for row in rows:
        out.write(json.dumps(plover_record(row, scale), ensure_ascii=False) + "\n")
        n += 1
    return n
