"""Attach when, where and how many to each event draft (the claim layer's factual half).

Status and attribution are read by the coder itself (claims/status.py,
claims/attribution.py); this module wires the date resolver, the geocoder
and the quantity finder in as hooks, each chosen by name in the config.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from spacy.tokens import Token

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
        self.dates: Any = None
        self.geocoder: Any = None
        if "dates" in parts:
            from polybius.claims.dates import DateResolver

            self.dates = DateResolver()
        if "places" in parts:
            from polybius.claims.places import Geocoder

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
            from polybius.claims.places import find_location

            exclude = draft.actor_tokens | _actor_words(trigger, actors)
            found["location"] = find_location(
                sent, draft.trigger.token, exclude=exclude, geocoder=self.geocoder
            )
        if "quantities" in self.parts:
            from polybius.claims.quantities import find_quantity

            found["quantity"] = find_quantity(sent, draft.trigger.token)
        return found

    def place_actor(self, token: Token) -> Actor | None:
        """The country of a place used as a target ("struck Kharkiv" hits Ukraine)."""
        if self.geocoder is None or token.ent_type_ not in {"GPE", "LOC", "FAC"}:
            return None
        start = token.i
        while start > token.sent.start and token.doc[start - 1].ent_iob_ == "I":
            start -= 1
        name = token.doc[start : token.i + 1].text
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


def _actor_words(trigger: Token, actors: DocumentActors) -> set[int]:
    """Tokens of the sentence that name actors in subject position: never places."""
    words: set[int] = set()
    for token in trigger.sent:
        if token.dep_ in {"nsubj", "nsubjpass", "poss"} and actors.mention_at(token.i):
            words.add(token.i)
    return words
