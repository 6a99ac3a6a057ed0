"""Find named actor mentions in a parsed document with a case-sensitive phrase matcher.

A mention is a token span that names a country, capital, seat of power,
demonym, IGO, group or office holder from the gazetteer. Overlapping matches
are reduced to the longest ("Houthi rebels" beats "Houthi").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from polybius.actors.gazetteer import Entry, Gazetteer


@dataclass(frozen=True)
class Mention:
    """A named actor in the text: tokens [start, end) and the gazetteer entries it may mean."""

    start: int
    end: int
    text: str
    kind: str  # country | demonym | capital | seat | igo | group | leader | surname
    entries: tuple[Entry, ...]

    @property
    def entry(self) -> Entry:
        return self.entries[0]


class MentionFinder:
    """Builds the phrase matcher once per vocabulary and finds mentions in documents."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        tokenizer: Any = nlp.tokenizer  # a spaCy Tokenizer; typed loosely by spaCy
        aliases = sorted(gazetteer.aliases)
        patterns = list(tokenizer.pipe(aliases))
        for alias, pattern in zip(aliases, patterns, strict=True):
            self.matcher.add(alias, [pattern])
        self.surname_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        surnames = sorted(gazetteer.surnames)
        for surname, pattern in zip(surnames, tokenizer.pipe(surnames), strict=True):
            self.surname_matcher.add(surname, [pattern])

    def find(self, doc: Doc, day: date | None) -> list[Mention]:
        """All named mentions in ``doc``, longest first on overlap, in text order."""
        found: list[Mention] = []
        vocab = doc.vocab
        for match_id, start, end in self.matcher(doc):
            alias = vocab.strings[match_id]
            entries = self._entries(alias, day)
            if entries and self._plausible(doc[start:end], self.gazetteer.alias_kind[alias]):
                found.append(
                    Mention(
                        start,
                        end,
                        doc[start:end].text,
                        self.gazetteer.alias_kind[alias],
                        tuple(entries),
                    )
                )
        weak: set[int] = set()
        for match_id, start, end in self.surname_matcher(doc):
            surname = vocab.strings[match_id]
            people = self.gazetteer.by_surname(surname, day)
            if not people and doc[start].ent_type_ == "PERSON":
                # A former office holder ("Biden" in 2020) is still the same person.
                people = self.gazetteer.surnames.get(surname, [])
            if not people or not (doc[start].pos_ == "PROPN" or doc[start].is_title):
                continue
            if _other_first_name(doc, start, people):
                continue  # "Dr. Steven Wolf" is not Chad Wolf
            if doc[start].pos_ != "PROPN":
                # The tagger sometimes takes a rare surname for a noun ("Sunak said"): it
                # counts only when the document names the person in full.
                weak.add(start)
            if _distinct_people(people) == 1:
                found.append(Mention(start, end, doc[start:end].text, "surname", tuple(people)))
            elif len({p.country for p in people}) == 1 and people[0].country:
                # Two presidents Bush: the person is unclear, the country is not.
                country = people[0].country
                entry = Entry(id=country, name=surname, country=country, sector="GOV", kind="group")
                found.append(Mention(start, end, doc[start:end].text, "surname", (entry,)))
        sitting = {m.start for m in found if m.kind == "surname" and self._sitting(doc, m, day)}
        return _confirmed_surnames(_longest(found), doc, sitting, weak)

    def _sitting(self, doc: Doc, mention: Mention, day: date | None) -> bool:
        """A bare surname of a sitting leader used as a name ("Putin will travel"), not as part
        of another name ("Trump Tower"). The entity tag is not required: the pipeline often
        tags such surnames as organisations or places."""
        token = doc[mention.start]
        if mention.end - mention.start != 1 or token.pos_ != "PROPN":
            return False
        if token.dep_ == "compound" and token.head.pos_ == "PROPN":
            return False
        return self.gazetteer.sitting_leader(mention.text, day) is not None

    def _entries(self, alias: str, day: date | None) -> list[Entry]:
        entries = self.gazetteer.aliases.get(alias, [])
        if not entries or entries[0].kind != "leader":
            return list(entries)
        active = [e for e in entries if e.active_on(day)]
        # A former leader is still that person: keep the latest office when none is current.
        return active or sorted(entries, key=lambda e: e.start or date.min, reverse=True)

    @staticmethod
    def _plausible(span: Span, kind: str) -> bool:
        if span.text == "West" and (span.start == 0 or span.doc[span.start - 1].lower_ != "the"):
            return False  # "the West" is the group; "West" alone is usually a name
        # Sentence-initial capitalisation makes ordinary words look like names
        # ("Chad", "Jordan" are fine; "May" as a month is not a leader).
        if kind in {"leader", "group"} and len(span) == 1:
            return span[0].ent_type_ not in {"DATE", "TIME", "CARDINAL", "ORDINAL"}
        return True


def _other_first_name(doc: Doc, start: int, people: list[Entry]) -> bool:
    """The surname follows a first name that none of these people bear."""
    if start == 0:
        return False
    before = doc[start - 1]
    if before.ent_type_ != "PERSON" or not before.is_title or before.pos_ != "PROPN":
        return False
    return not any(before.text in person.name.split() for person in people)


def _confirmed_surnames(
    mentions: list[Mention],
    doc: Doc,
    sitting: set[int] | frozenset[int] = frozenset(),
    weak: set[int] | frozenset[int] = frozenset(),
) -> list[Mention]:
    """A bare surname ("Harris") counts only when the document also names that person in full or
    mentions their country: common surnames are too often someone else. The distinctive surname
    of a sitting head of state or government (``sitting``: mention starts) counts by itself."""
    full = {e.id for m in mentions if m.kind == "leader" for e in m.entries}
    countries = {m.entry.country for m in mentions if m.kind != "surname" and m.entry.country}
    kept = []
    for mention in mentions:
        if mention.kind == "surname" and mention.start not in sitting:
            ids = {e.id for e in mention.entries}
            if not (ids & full) and (
                mention.start in weak or mention.entry.country not in countries
            ):
                continue
        kept.append(mention)
    return kept


def _distinct_people(entries: list[Entry]) -> int:
    return len({e.id for e in entries})


def _longest(mentions: list[Mention]) -> list[Mention]:
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    last_end = -1
    for mention in mentions:
        if mention.start >= last_end:
            kept.append(mention)
            last_end = mention.end
    return kept
