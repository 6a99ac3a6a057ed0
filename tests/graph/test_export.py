"""Event exports read back: CSV with the csv module, Parquet with pyarrow, PLOVER JSON lines."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from polybius.graph.export import COLUMN_NAMES, write_csv, write_parquet, write_plover
from polybius.store.database import Store
from polybius.store.query import EventQuery
from polybius.store.relations import export_rows


def test_csv_has_one_row_per_merged_event_with_claims_and_scores(world: Store) -> None:
    out = io.StringIO()
    assert write_csv(export_rows(world, EventQuery(limit=None)), out) == 11
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == COLUMN_NAMES
    assert len(rows) == 11
    aid = next(r for r in rows if r["type"] == "AID" and r["actor_code"] == "IRN")
    assert (aid["state"], aid["asserted_by"], aid["denied_by"]) == ("contested", "USA", "IRN")
    assert (aid["outlets"], aid["report_count"], aid["score"]) == ("Gazette;Wire", "2", "7.0")
    assert (aid["date_start"], aid["doc_id"], aid["trigger"]) == ("2022-02-10", "d2", "sent")
    threat = next(r for r in rows if r["type"] == "THREATEN")
    assert (threat["recipient_code"], threat["recipient_name"]) == ("-", "")


def test_filters_and_limits_choose_the_exported_events(world: Store) -> None:
    rows = list(export_rows(world, EventQuery(actor="RUS", type="ASSAULT", limit=None)))
    assert [r.event.date_start for r in rows] == [date(2022, 1, 5), date(2022, 3, 1), None]
    assert len(list(export_rows(world, EventQuery(limit=3), chunk=2))) == 3
    assert len(list(export_rows(world, EventQuery(limit=None), chunk=4))) == 11
    ids = [r.event.id for r in export_rows(world, EventQuery(limit=None), chunk=4)]
    assert ids == sorted(ids)  # id order, each once
    assert list(export_rows(world, EventQuery(actor="CHN", limit=None))) == []


def test_the_best_report_is_one_with_the_event_s_status(world: Store) -> None:
    (aid,) = export_rows(world, EventQuery(actor="IRN", limit=None))
    assert aid.record["status"] == "occurred"  # not Iran's denial
    assert (aid.doc_id, aid.outlet, aid.url) == ("d2", "Wire", None)


def test_parquet_keeps_types_and_lists(world: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert write_parquet(export_rows(world, EventQuery(limit=None)), path, chunk=4) == 11
    table = pq.read_table(path)
    assert table.num_rows == 11
    assert tuple(table.column_names) == COLUMN_NAMES
    assert str(table.schema.field("date_start").type) == "date32[day]"
    assert pa.types.is_list(table.schema.field("asserted_by").type)
    records = table.to_pylist()
    aid = next(r for r in records if r["type"] == "AID" and r["actor_code"] == "IRN")
    assert (aid["date_start"], aid["denied_by"], aid["score"]) == (date(2022, 2, 10), ["IRN"],
                                                                  7.0)  # fmt: skip
    assert pq.ParquetFile(path).num_row_groups == 3


def test_an_empty_export_is_a_valid_empty_table(world: Store, tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    assert write_parquet(export_rows(world, EventQuery(actor="CHN", limit=None)), path) == 0
    assert pq.read_table(path).num_rows == 0
    out = io.StringIO()
    write_csv([], out)
    assert out.getvalue().strip() == ",".join(COLUMN_NAMES)


def test_plover_lines_have_the_shape_of_polybius_code_and_the_claims(world: Store) -> None:
    out = io.StringIO()
    assert write_plover(export_rows(world, EventQuery(type="AID", limit=None)), out) == 2
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["event"] == "AID" and first["date"] == "2022-02-10"
    assert first["source"] == [{"actorText": "IRN", "code": "IRN", "sector": "GOV"}]
    assert first["target"][0]["code"] == "RUS"
    assert first["attributedTo"] == [{"actorText": "USA", "code": "USA", "sector": "GOV"}]
    assert (first["state"], first["assertedBy"], first["deniedBy"]) == ("contested", ["USA"],
                                                                       ["IRN"])  # fmt: skip
    assert (first["text"], first["eventText"], first["docId"]) == (
        "Iran sent drones to Russia, U.S. officials said.", "sent", "d2")  # fmt: skip
    assert (second["state"], second["score"]) == ("denied", 0.0)
    expected = {"id", "date", "source", "target", "event", "mode", "context", "eventText", "text",
                "cameo", "status", "attributedTo", "eventLoc", "size", "docId"}  # fmt: skip
    assert expected <= set(first)
