"""What ``polybius batch`` leaves in its output folder: Parquet partitions and a manifest.

Each partition of documents becomes one Parquet file of coded events
(``part-000000.parquet``, one row per event, typed columns: ``EVENT_SCHEMA``),
written under a hidden temporary name and renamed into place, so a file that
exists is always complete. ``_manifest.json`` records the partitions that are
finished, with a key made from their documents and settings: a re-run skips
a partition whose key is unchanged and whose file is there. Tools that read
the folder as a Parquet dataset (pyarrow, DuckDB, Spark) pass over the
manifest and temporary files because their names start with ``_`` or ``.``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from polybius.errors import PolybiusError
from polybius.records import Actor, Document, Event

MANIFEST = "_manifest.json"
MANIFEST_VERSION = 1

_SIDES = ("actor", "recipient", "attributed_to")
_ACTOR_FIELDS = ("text", "name", "id", "country", "sector")


def _event_columns() -> list[tuple[str, pa.DataType]]:
    columns: list[tuple[str, pa.DataType]] = [
        ("event_id", pa.string()),
        ("doc_id", pa.string()),
        ("type", pa.string()),
        ("mode", pa.string()),
        ("context", pa.list_(pa.string())),
        ("cameo", pa.string()),
        ("status", pa.string()),
        ("confidence", pa.float64()),
        ("trigger", pa.string()),
        ("sentence", pa.string()),
        ("span_start", pa.int64()),
        ("span_end", pa.int64()),
    ]
    columns += [(f"{side}_{name}", pa.string()) for side in _SIDES for name in _ACTOR_FIELDS]
    columns += [
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        ("date_text", pa.string()),
        ("date_basis", pa.string()),
        ("location_text", pa.string()),
        ("location_name", pa.string()),
        ("location_country", pa.string()),
        ("location_lat", pa.float64()),
        ("location_lon", pa.float64()),
        ("quantity_text", pa.string()),
        ("quantity_low", pa.float64()),
        ("quantity_high", pa.float64()),
        ("quantity_unit", pa.string()),
        ("published", pa.date32()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
    ]
    return columns


EVENT_SCHEMA = pa.schema(_event_columns())


class OutputError(PolybiusError):
    """The batch output folder cannot be written or its manifest cannot be read."""


def event_row(event: Event, document: Document | None) -> dict[str, Any]:
    """One event as a flat row of ``EVENT_SCHEMA``, with its document's metadata."""
    row: dict[str, Any] = {
        "event_id": event.event_id,
        "doc_id": event.doc_id,
        "type": event.type,
        "mode": event.mode,
        "context": list(event.context),
        "cameo": event.cameo,
        "status": event.status,
        "confidence": float(event.confidence),
        "trigger": event.trigger,
        "sentence": event.sentence,
        "span_start": event.span[0],
        "span_end": event.span[1],
    }
    for side in _SIDES:
        row |= _actor_cells(side, getattr(event, side))
    row |= _claim_cells(event)
    row |= {
        "published": document.published if document else None,
        "url": document.url if document else None,
        "outlet": document.outlet if document else None,
        "title": document.title if document else None,
    }
    return row


def _actor_cells(side: str, actor: Actor | None) -> dict[str, Any]:
    return {f"{side}_{name}": getattr(actor, name) if actor else None for name in _ACTOR_FIELDS}


def _claim_cells(event: Event) -> dict[str, Any]:
    when, place, amount = event.date, event.location, event.quantity
    return {
        "date_start": when.start if when else None,
        "date_end": when.end if when else None,
        "date_precision": when.precision if when else None,
        "date_text": when.text if when else None,
        "date_basis": when.basis if when else None,
        "location_text": place.text if place else None,
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "location_lat": place.lat if place else None,
        "location_lon": place.lon if place else None,
        "quantity_text": amount.text if amount else None,
        "quantity_low": amount.low if amount else None,
        "quantity_high": amount.high if amount else None,
        "quantity_unit": amount.unit if amount else None,
    }


def partition_file(index: int) -> str:
    """The file name of partition ``index`` in the output folder."""
    return f"part-{index:06d}.parquet"


def write_partition(
    folder: Path, index: int, events: Iterable[Event], documents: Iterable[Document]
) -> Path:
    """Write one partition's events to ``folder`` atomically; an empty partition gets an
    empty file, so the folder always holds one file per finished partition."""
    by_id = {document.id: document for document in documents}
    rows = [event_row(event, by_id.get(event.doc_id)) for event in events]
    table = pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)
    target = folder / partition_file(index)
    temporary = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        pq.write_table(table, str(temporary))
        os.replace(temporary, target)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{folder}: cannot write {target.name}: {e.strerror or e}") from e
    return target


@dataclass(frozen=True)
class Finished:
    """One finished partition as the manifest records it."""

    index: int
    key: str
    documents: int
    events: int
    problems: int
    stored_in: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "file": partition_file(self.index),
            "documents": self.documents,
            "events": self.events,
            "problems": self.problems,
            "stored_in": list(self.stored_in),
        }


class Manifest:
    """The record of finished partitions in an output folder (``_manifest.json``).

    Saved atomically after every change, so an interrupted batch keeps what it finished.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST
        self.finished: dict[int, Finished] = {}

    @classmethod
    def open(cls, folder: Path) -> Manifest:
        """The manifest of ``folder``, created (with the folder) when there is none."""
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: not a folder; --out names a folder for Parquet files")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(f"{folder}: cannot create the output folder: {e.strerror}") from e
        manifest = cls(folder)
        if manifest.path.exists():
            manifest.finished = _read_manifest(manifest.path)
        else:
            manifest.save()  # finds an unwritable folder now, not after the first partition
        return manifest

    def is_done(self, index: int, key: str, store: str | None = None) -> bool:
        """True when partition ``index`` was finished with the same key (and stored in
        ``store`` when one is given) and its file is still there."""
        entry = self.finished.get(index)
        if entry is None or entry.key != key:
            return False
        if store is not None and store not in entry.stored_in:
            return False
        return (self.folder / partition_file(index)).is_file()

    def record(self, entry: Finished) -> None:
        self.finished[entry.index] = entry
        self.save()

    def save(self) -> None:
        data = {
            "version": MANIFEST_VERSION,
            "partitions": {str(i): e.to_dict() for i, e in sorted(self.finished.items())},
        }
        temporary = self.path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as e:
            temporary.unlink(missing_ok=True)
            raise OutputError(f"{self.path}: cannot save the manifest: {e.strerror or e}") from e


def _read_manifest(path: Path) -> dict[int, Finished]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        partitions = data["partitions"] if data.get("version") == MANIFEST_VERSION else None
        if not isinstance(partitions, dict):
            raise ValueError(f"expected version {MANIFEST_VERSION} with 'partitions'")
        return {int(i): _finished(int(i), entry) for i, entry in partitions.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise OutputError(
            f"{path}: cannot read the batch manifest ({e}); delete it to start the batch "
            "afresh (finished partitions are then coded again)"
        ) from e


def _finished(index: int, entry: dict[str, Any]) -> Finished:
    return Finished(
        index=index,
        key=str(entry["key"]),
        documents=int(entry["documents"]),
        events=int(entry["events"]),
        problems=int(entry.get("problems", 0)),
        stored_in=tuple(entry.get("stored_in", ())),
    )
