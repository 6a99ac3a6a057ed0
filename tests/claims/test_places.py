"""WHERE: geocoding names and finding the place of an event in the parse."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest
from spacy.language import Language

from polybius.claims.places import DATA_DIR, Geocoder, find_location
from polybius.records import Location


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder()


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


# ---------------------------------------------------------------- data files


def test_alias_table_has_at_least_eighty_well_formed_rows() -> None:
    rows = _rows(DATA_DIR / "place_aliases.tsv")
    assert len(rows) >= 80
    iso3 = {c.alpha_3 for c in pycountry.countries}
    for alias, name, kind, country, lat, lon in rows:
        assert alias and name
        assert kind in {"facility", "city", "region", "sea", "country"}
        assert country == "" or country in iso3, alias
        if kind == "sea":
            assert country == "", alias
        if lat or kind != "country":
            assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, alias


def test_country_centroids_use_real_codes_and_coordinates() -> None:
    rows = _rows(DATA_DIR / "country_centroids.tsv")
    iso3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}  # Kosovo's user-assigned code
    assert len(rows) > 190
    for code, name, lat, lon in rows:
        assert code in iso3, name
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, name


# ---------------------------------------------------------------- geocoding


def test_old_spelling_geocodes_to_the_current_name(geocoder: Geocoder) -> None:
    kyiv = geocoder.geocode("Kiev")
    assert kyiv is not None
    assert (kyiv.text, kyiv.name, kyiv.country) == ("Kiev", "Kyiv", "UKR")
    assert kyiv.lat == pytest.approx(50.45, abs=0.1) and kyiv.lon == pytest.approx(30.52, abs=0.1)


def test_city_name_shared_by_several_places_picks_the_most_populous(geocoder: Geocoder) -> None:
    paris = geocoder.geocode("Paris")
    assert paris is not None and paris.country == "FRA"


def test_alias_beats_a_smaller_namesake_abroad(geocoder: Geocoder) -> None:
    odesa = geocoder.geocode("Odessa")
    assert odesa is not None and (odesa.name, odesa.country) == ("Odesa", "UKR")


def test_country_resolves_to_its_centroid_with_iso3(geocoder: Geocoder) -> None:
    ukraine = geocoder.geocode("Ukraine")
    assert ukraine == Location("Ukraine", "Ukraine", "UKR", 48.38, 31.17)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Russian Federation", "RUS"),
        ("Britain", "GBR"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("the Netherlands", "NLD"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("Ukraine's", "UKR"),
    ],
)
def test_other_names_of_countries_resolve(geocoder: Geocoder, name: str, country: str) -> None:
    found = geocoder.geocode(name)
    assert found is not None and found.country == country


def test_sea_has_no_country(geocoder: Geocoder) -> None:
    sea = geocoder.geocode("South China Sea")
    assert sea is not None and sea.country is None and sea.lat is not None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gaza", "Gaza Strip"),
        ("the Gaza Strip", "Gaza Strip"),
        ("Donbass", "Donbas"),
        ("Donetsk region", "Donetsk Oblast"),
        ("Strait of Hormuz", "Strait of Hormuz"),
        ("Nagorno-Karabakh", "Nagorno-Karabakh"),
        ("Tigray", "Tigray"),
        ("Raqqa", "Raqqa"),
        ("Baghdad International Airport", "Baghdad International Airport"),
        ("Washington", "Washington, D.C."),
        ("Texas", "Texas"),
    ],
)
def test_conflict_regions_and_facilities_resolve(
    geocoder: Geocoder, name: str, expected: str
) -> None:
    found = geocoder.geocode(name)
    assert found is not None and found.name == expected


def test_direction_adjective_and_generic_suffix_are_looked_through(geocoder: Geocoder) -> None:
    lebanon = geocoder.geocode("southern Lebanon")
    kharkiv = geocoder.geocode("Kharkiv city")
    assert lebanon is not None and lebanon.country == "LBN"
    assert kharkiv is not None and kharkiv.name == "Kharkiv"


@pytest.mark.parametrize("name", ["Of", "of", "bar", "us", "Us", "xx", "", "Nowhereville"])
def test_common_words_short_names_and_unknowns_do_not_geocode(
    geocoder: Geocoder, name: str
) -> None:
    assert geocoder.geocode(name) is None


# ---------------------------------------------------------------- finding the place


def _find(
    nlp: Language, geocoder: Geocoder, sentence: str, trigger: str, actors: tuple[str, ...] = ()
) -> Location | None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == trigger)
    exclude = {t.i for t in doc if t.text in actors}
    return find_location(token.sent, token, exclude=exclude, geocoder=geocoder)


@pytest.mark.model
def test_object_of_a_strike_is_the_place(nlp: Language, geocoder: Geocoder) -> None:
    found = _find(
        nlp,
        geocoder,
        "Russian missiles struck Kyiv on Monday, killing at least eight civilians.",
        "struck",
        ("Russian", "missiles"),
    )
    assert found is not None
    assert (found.text, found.name, found.country) == ("Kyiv", "Kyiv", "UKR")
    assert isinstance(found.lat, float) and isinstance(found.lon, float)


@pytest.mark.model
def test_object_of_a_visit_is_the_place(nlp: Language, geocoder: Geocoder) -> None:
    found = _find(nlp, geocoder, "The Iraqi prime minister visited Tehran in July.", "visited")
    assert found is not None and found.name == "Tehran" and found.country == "IRN"


@pytest.mark.model
def test_goal_of_travel_is_the_place(nlp: Language, geocoder: Geocoder) -> None:
    found = _find(nlp, geocoder, "Putin will travel to Tehran next week.", "travel", ("Putin",))
    assert found is not None and found.name == "Tehran"


@pytest.mark.model
def test_capital_used_as_an_actor_is_not_a_place(nlp: Language, geocoder: Geocoder) -> None:
    assert _find(nlp, geocoder, "Tehran denied the report.", "denied", ("Tehran",)) is None


@pytest.mark.model
def test_excluded_recipient_is_not_the_place(nlp: Language, geocoder: Geocoder) -> None:
    found = _find(
        nlp, geocoder, "Russia invaded Ukraine in February.", "invaded", ("Russia", "Ukraine")
    )
    assert found is None


@pytest.mark.model
def test_place_inside_the_object_of_a_nominal_trigger(nlp: Language, geocoder: Geocoder) -> None:
    found = _find(
        nlp, geocoder, "Moscow condemned an attack on a base in Syria.", "attack", ("Moscow",)
    )
    assert found is not None and found.country == "SYR"


@pytest.mark.model
def test_city_is_preferred_over_the_country_that_contains_it(
    nlp: Language, geocoder: Geocoder
) -> None:
    found = _find(
        nlp, geocoder, "Gunmen attacked a checkpoint in Ukraine near Kharkiv.", "attacked"
    )
    assert found is not None and found.name == "Kharkiv"


@pytest.mark.model
def test_the_city_of_x_resolves_to_x(nlp: Language, geocoder: Geocoder) -> None:
    found = _find(
        nlp,
        geocoder,
        "Russian forces shelled the city of Mariupol.",
        "shelled",
        ("Russian", "forces"),
    )
    assert found is not None and found.name == "Mariupol"


@pytest.mark.model
def test_locative_sea_is_found(nlp: Language, geocoder: Geocoder) -> None:
    found = _find(nlp, geocoder, "China will hold drills in the Taiwan Strait.", "hold", ("China",))
    assert found is not None
    assert (found.text, found.name, found.country) == ("Taiwan Strait", "Taiwan Strait", None)


@pytest.mark.model
def test_origin_after_from_is_not_the_place(nlp: Language, geocoder: Geocoder) -> None:
    found = _find(nlp, geocoder, "The delegation returned from Moscow.", "returned")
    assert found is None


@pytest.mark.model
def test_place_in_another_clause_is_not_the_events(nlp: Language, geocoder: Geocoder) -> None:
    found = _find(
        nlp, geocoder, "The minister said that protesters gathered in Cairo.", "said", ("minister",)
    )
    assert found is None
