"""Typed records that flow between the stages of Polybius.

Every stage takes and returns these frozen dataclasses; none passes dicts of
unknown shape. ``to_dict`` gives the JSON shape fixed by Contract 2 in
DESIGN.md (the event record), so the CLI, the store and the HTTP API all
serialise an event the same way.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "SANCTION",
    "PROTEST",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

Status = Literal["occurred", "planned", "possible", "denied", "negated"]
STATUSES: tuple[str, ...] = ("occurred", "planned", "possible", "denied", "negated")
Precision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class Document:
    """One news article (or any text) to code.

    ``published`` is the publication date used to resolve relative dates
    ("last Monday"); ``None`` when unknown.
    """

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Actor:
    """An actor resolved to codes (Contract 2).

    ``country`` is ISO 3166-1 alpha-3 (None for IGOs and transnational groups),
    ``id`` names the specific actor (person, ministry, IGO short name) or
    falls back to the country code, ``sector`` is a PLOVER/CAMEO agent code.
    """

    text: str
    name: str
    id: str | None
    country: str | None
    sector: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EventDate:
    """When the event itself happened (or is planned to happen)."""

    start: date
    end: date
    precision: Precision
    text: str | None
    basis: Literal["text", "published"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
            "text": self.text,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Location:
    """Where the event took place, geocoded from a gazetteer."""

    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Quantity:
    """A count of people or things tied to the event ("at least eight civilians")."""

    text: str
    low: float | None
    high: float | None
    unit: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Event:
    """One coded event: who did what to whom, when, where, according to whom."""

    event_id: str
    doc_id: str
    sentence: str
    span: tuple[int, int]
    type: str
    mode: str | None
    context: tuple[str, ...]
    cameo: str | None
    actor: Actor | None
    recipient: Actor | None
    status: Status = "occurred"
    attributed_to: Actor | None = None
    date: EventDate | None = None
    location: Location | None = None
    quantity: Quantity | None = None
    confidence: float = 0.5
    trigger: str | None = None
    extras: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The Contract 2 JSON shape (plus ``trigger``, the event words)."""
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "sentence": self.sentence,
            "span": list(self.span),
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "actor": self.actor.to_dict() if self.actor else None,
            "recipient": self.recipient.to_dict() if self.recipient else None,
            "status": self.status,
            "attributed_to": self.attributed_to.to_dict() if self.attributed_to else None,
            "date": self.date.to_dict() if self.date else None,
            "location": self.location.to_dict() if self.location else None,
            "quantity": self.quantity.to_dict() if self.quantity else None,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
        }


def make_event_id(
    doc_id: str, span: tuple[int, int], type_: str, actor: Actor | None, recipient: Actor | None
) -> str:
    """A stable id: the same document, sentence, type and dyad give the same id."""
    parts = [
        doc_id,
        f"{span[0]}-{span[1]}",
        type_,
        (actor.id or actor.country or actor.name) if actor else "-",
        (recipient.id or recipient.country or recipient.name) if recipient else "-",
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input, reported without stopping the batch."""

    source: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"
