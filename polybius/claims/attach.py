"""Attach when, where and how many to each event draft (the claim layer's factual half).

Status and attribution are read by the coder itself (claims/status.py,
claims/attribution.py); this module wires the date resolver, the geocoder
and the quantity finder in as hooks, each chosen by name in the config.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from spacy.tokens import Token

from polybius.claims.dates import DateResolver
from polybius.claims.places import Geocoder, find_location
from polybius.claims.quantities import find_quantity
from polybius.claims.status import tense_of
from polybius.records import Actor, Document

if TYPE_CHECKING:
    from polybius.actors.resolve import DocumentActors
    from polybius.coding.coder import Draft

KNOWN_PARTS = ("dates", "places", "quantities")


class ClaimAttacher:
    """Loads the parts named in ``parts`` once; ``hooks()`` gives the coder its callbacks."""

    def __init__(self, parts: tuple[str, ...] = KNOWN_PARTS) -> None:
        self.parts = parts
        self.dates: DateResolver | None = None
        self.geocoder: Geocoder | None = None
        if "dates" in parts:
            self.dates = DateResolver()
        if "places" in parts:
            self.geocoder = Geocoder()

    def hooks(self) -> list[Callable[[Draft, Document, DocumentActors], dict[str, Any]]]:
        return [self.attach]

    def attach(self, draft: Draft, document: Document, actors: DocumentActors) -> dict[str, Any]:
        trigger = draft.trigger.governor or draft.trigger.token
        sent = trigger.sent
        found: dict[str, Any] = {}
        if self.dates is not None:
            found["date"] = self.dates.resolve(
                sent, trigger, document.published, tense=tense_of(draft.status)
            )
        if self.geocoder is not None:
            exclude = draft.actor_tokens | _actor_words(trigger, actors)
            found["location"] = find_location(
                sent, draft.trigger.token, exclude=exclude, geocoder=self.geocoder
            )
        if "quantities" in self.parts:
            found["quantity"] = find_quantity(sent, draft.trigger.token)
        return found

    def place_actor(self, token: Token) -> Actor | None:
        """The country of a place used as a target ("struck Kharkiv" hits Ukraine), or of a
        site named after its place ("shelled the Zaporizhzhia nuclear plant")."""
        if self.geocoder is None:
            return None
        if token.ent_type_ not in {"GPE", "LOC", "FAC"} and not self._mistagged_city(token):
            named = [c for c in token.children if _names_the_site(c, token)]
            if not named:
                return None
            token = named[0]
        name = next((e.text for e in token.sent.ents if e.start <= token.i < e.end), token.text)
        location = self.geocoder.geocode(name)
        if location is None or not location.country:
            return None
        return Actor(
            text=name,
            name=location.country,
            id=location.country,
            country=location.country,
            sector=None,
        )

    def _mistagged_city(self, token: Token) -> bool:
        """ "struck Odesa" with Odesa tagged as a person: a one-word proper noun that is a
        curated place or a city of 100,000 people or more still counts as the place."""
        if self.geocoder is None or token.pos_ != "PROPN" or token.ent_iob_ == "I":
            return False
        if (
            token.ent_type_
            and token.doc[token.i + 1 : token.i + 2].text
            and (token.doc[token.i + 1].ent_iob_ == "I")
        ):
            return False  # part of a longer name ("Odesa Smith")
        place = self.geocoder.lookup(token.text)
        return place is not None and (place.curated or place.population >= 100_000)


# Sites named after their place ("the Odesa port"); the parser often mistags such names
# (Zaporizhzhia as a person), so a proper noun before one of these counts as the place.
SITE_NOUNS = frozenset({
    "plant", "port", "airport", "airfield", "station", "hospital", "base", "bridge", "dam",
    "refinery", "depot", "harbour", "harbor", "terminal", "facility", "complex", "reactor",
    "camp", "crossing", "checkpoint", "prison", "jail",
})  # fmt: skip


def _names_the_site(modifier: Token, head: Token) -> bool:
    if modifier.dep_ not in {"compound", "nmod", "amod"}:
        return False
    if modifier.ent_type_ in {"GPE", "LOC"}:
        return True
    return modifier.pos_ == "PROPN" and head.lemma_.lower() in SITE_NOUNS


def _actor_words(trigger: Token, actors: DocumentActors) -> set[int]:
    """Tokens of the sentence that name actors in subject position: never places."""
    words: set[int] = set()
    for token in trigger.sent:
        if token.dep_ in {"nsubj", "nsubjpass", "poss"} and actors.mention_at(token.i):
            words.add(token.i)
    return words
