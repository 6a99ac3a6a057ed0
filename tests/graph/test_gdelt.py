"""The GDELT 2.0 events export: 61 columns, CAMEO codes, QuadClass, places."""

from __future__ import annotations

import io
from datetime import date

import pytest

from polybius.graph.gdelt import COLUMNS, fips_code, gdelt_row, geo_type, quad_class, write_gdelt
from polybius.store.database import Store
from polybius.store.query import EventQuery, StoredActor, StoredEvent
from polybius.store.relations import ExportRow, export_rows


def test_the_table_has_gdelt_2_0_s_61_columns_in_order() -> None:
    assert len(COLUMNS) == 61
    assert COLUMNS[:6] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
                           "Actor1Code")  # fmt: skip
    assert COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode",
                              "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
                              "NumArticles", "AvgTone")  # fmt: skip
    assert COLUMNS[51:53] == ("ActionGeo_Type", "ActionGeo_FullName")
    assert COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_every_line_of_the_store_export_has_61_cells(world: Store) -> None:
    out = io.StringIO()
    assert write_gdelt(export_rows(world, EventQuery(limit=None)), out) == 11
    lines = out.getvalue().splitlines()
    assert len(lines) == 11
    assert all(len(line.split("\t")) == 61 for line in lines)
    strike = dict(zip(COLUMNS, lines[0].split("\t"), strict=True))
    assert (strike["SQLDATE"], strike["MonthYear"], strike["Year"]) == ("20220105", "202201",
                                                                        "2022")  # fmt: skip
    assert (strike["Actor1Code"], strike["Actor1Name"], strike["Actor1CountryCode"]) == (
        "RUSGOV", "RUSSIA", "RUS")  # fmt: skip
    assert (strike["Actor2Code"], strike["Actor2Type1Code"]) == ("UKRGOV", "GOV")
    assert (strike["EventCode"], strike["EventRootCode"], strike["QuadClass"]) == ("190", "19",
                                                                                   "4")  # fmt: skip
    assert (strike["GoldsteinScale"], strike["NumArticles"], strike["NumSources"]) == (
        "-10", "1", "1")  # fmt: skip
    assert (strike["DATEADDED"], strike["SOURCEURL"]) == ("20220110000000", "Daily")
    assert strike["IsRootEvent"] == strike["AvgTone"] == strike["ActionGeo_Type"] == ""


def _row(**record: object) -> ExportRow:
    side = StoredActor("EU", "European Union", None, "IGO")
    other = StoredActor("UKR", "Ukraine", "UKR", "GOV")
    event = StoredEvent(
        id=7, type="AID", actor=side, recipient=other, date_start=date(2022, 12, 31),
        date_end=date(2022, 12, 31), status="planned", state="reported", asserted_by=("EU",),
        denied_by=(), outlets=("Wire",), first_reported=date(2022, 12, 30),
        last_reported=date(2022, 12, 30), report_count=1, mention_count=2,
        sentence="The EU will send aid\tto Kyiv.",
    )  # fmt: skip
    return ExportRow(event, dict(record), "d1", "https://example.org/a", "Wire")


def test_a_row_with_a_cameo_code_and_a_place() -> None:
    place = {"text": "Kyiv", "name": "Kyiv", "country": "UKR", "lat": 50.45466, "lon": 30.5238}
    row = dict(zip(COLUMNS, gdelt_row(_row(cameo="0331", location=place)), strict=True))
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("0331", "033", "03")
    assert (row["QuadClass"], row["GoldsteinScale"]) == ("1", "3.5")  # planned AID: half of 7
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "EU", "", "IGO")  # fmt: skip
    assert row["FractionDate"] == "2023.0000"  # GDELT's YYYY + day / 365
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"]) == ("4", "Kyiv")
    assert (row["ActionGeo_CountryCode"], row["ActionGeo_Lat"], row["ActionGeo_Long"]) == (
        "UP", "50.45466", "30.5238")  # fmt: skip
    assert (row["NumMentions"], row["SOURCEURL"]) == ("2", "https://example.org/a")


def test_tabs_and_line_breaks_never_split_a_cell() -> None:
    out = io.StringIO()
    write_gdelt([_row(location={"name": "New\tYork", "country": "USA"})], out)
    assert len(out.getvalue().rstrip("\n").split("\t")) == 61


@pytest.mark.parametrize(
    ("cameo", "quad"),
    [
        ("010", 1),
        ("057", 1),
        ("061", 2),
        ("087", 2),
        ("090", 3),
        ("130", 3),
        ("140", 4),
        ("190", 4),
    ],
)
def test_quad_class_follows_the_cameo_root(cameo: str, quad: int) -> None:  # fmt: skip
    assert quad_class(cameo) == quad


def test_places_get_gdelt_s_geo_types_and_fips_codes() -> None:
    assert geo_type("Ukraine", "UKR") == 1
    assert geo_type("Texas", "USA") == 2
    assert geo_type("Houston", "USA") == 3
    assert geo_type("Kharkiv", "UKR") == 4
    assert geo_type(None, "UKR") is None
    assert (fips_code("DEU"), fips_code("RUS"), fips_code("XXX")) == ("GM", "RS", None)
