"""Load the actor gazetteer: countries, IGOs, groups, office holders and generic roles.

The data lives in TSV files beside this module (written by the team, facts
only). ``load_gazetteer`` reads them once and returns a ``Gazetteer`` that the
caller passes on; nothing is cached at module level.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from polybius.errors import DataError

DATA_DIR = Path(__file__).parent

# Surnames that are also everyday words or very common names make poor
# stand-alone aliases ("May", "Church", "Li" would fire on ordinary text).
_WEAK_SURNAMES = frozenset(
    {
        "May",
        "Church",
        "Young",
        "Brown",
        "Green",
        "White",
        "Black",
        "King",
        "Rice",
        "Li",
        "Wang",
        "Kim",
        "Lee",
        "Park",
        "Khan",
        "Ali",
        "Ahmed",
        "Singh",
        "Said",
        "Hope",
        "Love",
        "Power",
        "Chan",
        "Long",
        "Cook",
        "Hunt",
        "Rich",
        "Small",
        "Little",
        "Good",
        "Best",
        "Mohammed",
        "Hassan",
        "Hussein",
        "Abdullah",
        "Santos",
        "Silva",
        "Garcia",
        "Martin",
        "Ben",
        "Al",
        "Bin",
        "Jr.",
        "Sr.",
        "II",
        "III",
        "Liu",
        "Zhang",
        "Chen",
        "Yang",
        "Zhao",
        "Huang",
        "Wu",
        "Xu",
        "Sun",
        "Ma",
        "Gao",
        "Lin",
        "Ko",
        "Moon",
        "Han",
        "Rahman",
        "Islam",
        "Noor",
        "Kabir",
    }
)


@dataclass(frozen=True)
class Entry:
    """One resolvable actor: a country, an IGO, a group or an office holder."""

    id: str
    name: str
    country: str | None
    sector: str | None
    kind: str  # country | igo | group | leader
    role: str | None = None
    org: str | None = None
    start: date | None = None
    end: date | None = None

    def active_on(self, day: date | None) -> bool:
        """Whether the office was held on ``day`` (always true without a date)."""
        if day is None:
            return True
        if self.start and day < self.start:
            return False
        return not (self.end and day > self.end)


@dataclass(frozen=True)
class Role:
    """A generic actor noun ("police", "foreign minister") and the sector it implies."""

    phrase: str
    sector: str
    person: bool
    office: str | None


LEADING_ROLES = frozenset({"head_of_state", "head_of_government"})
MIN_LEADER_SURNAME = 4
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM", "SGP"})


@dataclass
class Gazetteer:
    """All alias tables, keyed by the exact text written in news."""

    countries: dict[str, Entry] = field(default_factory=dict)
    aliases: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    alias_kind: dict[str, str] = field(default_factory=dict)
    igos: dict[str, Entry] = field(default_factory=dict)
    offices: dict[tuple[str, str], list[Entry]] = field(default_factory=lambda: defaultdict(list))
    surnames: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    roles: dict[str, Role] = field(default_factory=dict)
    # Surnames too common to name a leader on their own (common_surnames.txt).
    common_surnames: frozenset[str] = frozenset()

    def sitting_leader(self, surname: str, day: date | None) -> Entry | None:
        """The head of state or government a bare surname names by itself: the only person
        of that surname in the gazetteer, in such an office on ``day``, with a surname that
        is neither common nor short ("Putin", "Erdogan", "Xi"; not "Johnson", not "Key")."""
        if surname in self.common_surnames:
            return None
        entries = self.surnames.get(surname, [])
        if len({e.id for e in entries}) != 1:
            return None
        # Family name first ("Xi Jinping"): a short surname is the usual way to name them.
        shortest = 2 if entries[0].country in FAMILY_NAME_FIRST else MIN_LEADER_SURNAME
        if len(surname) < shortest:
            return None
        for entry in entries:
            if entry.role in LEADING_ROLES and entry.active_on(day):
                return entry
        return None

    def add_alias(self, alias: str, entry: Entry, kind: str) -> None:
        alias = alias.strip()
        if alias.lower().startswith("the "):
            alias = alias[4:]
        if not alias:
            return
        bucket = self.aliases[alias]
        if entry not in bucket:
            bucket.append(entry)
        # The first kind wins: a country name stays a country even if a group shares it.
        self.alias_kind.setdefault(alias, kind)

    def lookup(self, alias: str, day: date | None = None) -> list[Entry]:
        """Entries for an alias, office holders filtered to those in office on ``day``."""
        found = self.aliases.get(alias, [])
        return [e for e in found if e.kind != "leader" or e.active_on(day)]

    def office_holder(self, where: str, office: str, day: date | None) -> Entry | None:
        """Who held ``office`` for the country or IGO ``where`` on ``day``."""
        if day is None:
            return None
        for entry in self.offices.get((where, office), []):
            if entry.active_on(day):
                return entry
        return None

    def by_surname(self, surname: str, day: date | None) -> list[Entry]:
        return [e for e in self.surnames.get(surname, []) if e.active_on(day)]


def _names(path: Path) -> frozenset[str]:
    """One name a line, comments (#) and blank lines left out."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for number, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise DataError(f"{path.name}: row {number} has the wrong number of columns: {row}")
            yield {k: (v or "").strip() for k, v in row.items()}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _parse_day(text: str, path: Path) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise DataError(f"{path.name}: bad date {text!r}; use YYYY-MM-DD") from e


def _load_countries(gaz: Gazetteer, path: Path) -> None:
    for row in _rows(path):
        iso3 = row["iso3"]
        entry = Entry(id=iso3, name=row["name"], country=iso3, sector="GOV", kind="country")
        gaz.countries[iso3] = entry
        for alias in [row["name"], *_split(row["aliases"])]:
            gaz.add_alias(alias, entry, "country")
        for alias in _split(row["demonyms"]):
            gaz.add_alias(alias, entry, "demonym")
        for alias in _split(row["capitals"]):
            gaz.add_alias(alias, entry, "capital")
        for alias in _split(row["seats"]):
            gaz.add_alias(alias, entry, "seat")


def _load_igos(gaz: Gazetteer, path: Path) -> None:
    for row in _rows(path):
        entry = Entry(
            id=row["id"],
            name=row["name"],
            country=None,
            sector="IGO",
            kind="igo",
            org=row.get("parent") or None,
        )
        gaz.igos[entry.id] = entry
        for alias in [row["name"], *_split(row["aliases"])]:
            gaz.add_alias(alias, entry, "igo")


def _load_groups(gaz: Gazetteer, path: Path) -> None:
    for row in _rows(path):
        entry = Entry(
            id=row["id"],
            name=row["name"],
            country=row["country"] or None,
            sector=row["sector"] or None,
            kind="group",
        )
        for alias in [row["name"], *_split(row["aliases"])]:
            gaz.add_alias(alias, entry, "group")


def _load_leaders(gaz: Gazetteer, path: Path) -> None:
    for row in _rows(path):
        where = row["country"] or row["org"]
        entry = Entry(
            id=_person_id(row["name"]),
            name=row["name"],
            country=row["country"] or None,
            sector=row["sector"] or "GOV",
            kind="leader",
            role=row["role"] or None,
            org=row["org"] or None,
            start=_parse_day(row["start"], path),
            end=_parse_day(row["end"], path),
        )
        if where and entry.role:
            gaz.offices[(where, entry.role)].append(entry)
        names = [row["name"], *_split(row["aliases"])]
        for alias in names:
            gaz.add_alias(alias, entry, "leader")
        for surname in {surname_of(n, entry.country) for n in names}:
            if surname and surname not in _WEAK_SURNAMES and entry not in gaz.surnames[surname]:
                gaz.surnames[surname].append(entry)


def _load_roles(gaz: Gazetteer, path: Path) -> None:
    for row in _rows(path):
        phrase = row["phrase"].lower()
        gaz.roles[phrase] = Role(
            phrase=phrase,
            sector=row["sector"],
            person=row["person"] == "person",
            office=row["office"] or None,
        )


def _person_id(name: str) -> str:
    return "P:" + "_".join(name.replace(".", "").replace("'", "").split())


# Where news writes the family name first ("Xi Jinping", "Moon Jae-in", "Tsai Ing-wen").
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "HKG", "MAC", "SGP", "KHM", "MNG"})


def surname_of(name: str, country: str | None = None) -> str | None:
    """The name a person is referred to by alone ("Putin", "Xi"), or None if too short."""
    parts = [p for p in name.replace(",", " ").split() if p[:1].isupper()]
    if len(parts) < 2:
        return None
    word = parts[0] if country in FAMILY_NAME_FIRST else parts[-1]
    return word if len(word) >= 2 else None


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """Read every gazetteer file under ``data_dir`` (default: the shipped data)."""
    base = data_dir or DATA_DIR
    gaz = Gazetteer()
    _load_countries(gaz, base / "countries.tsv")
    _load_igos(gaz, base / "igos.tsv")
    _load_groups(gaz, base / "groups.tsv")
    for path in sorted(base.glob("leaders_*.tsv")):
        _load_leaders(gaz, path)
    _load_roles(gaz, base / "roles.tsv")
    gaz.common_surnames = _names(base / "common_surnames.txt")
    for offices in gaz.offices.values():
        offices.sort(key=lambda e: e.start or date.min, reverse=True)
    return gaz
