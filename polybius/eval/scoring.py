"""Score the coder against gold files: PLOVER-format sentences and the team's claim gold.

Two gold formats are understood:

* PLOVER gold-standard JSON (a list of records with ``event``, ``source``,
  ``target`` and ``text``; older type names DEMAND, DISAPPROVE, FIGHT,
  INVESTIGATE are mapped to REQUEST, ACCUSE, ASSAULT, ACCUSE);
* the team's claim gold (JSON Lines with ``text``, ``published`` and a list of
  ``events`` carrying ``status``, ``attributed_to`` and ``date``).

Type scores are micro-averaged over sentences: each distinct type the coder
emits for a sentence is a true positive if the gold lists it, else a false
positive; each gold type it misses is a false negative.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from polybius.errors import InputError
from polybius.records import PLOVER_TYPES, Actor, Document, Event

OLD_TYPE_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "INVESTIGATE": "ACCUSE",
}
# Codes in the PLOVER gold file that are not ISO 3166 alpha-3.
GOLD_CODE_FIXES = {
    "JAP": "JPN",
    "ITL": "ITA",
    "UK": "GBR",
    "SWE ": "SWE",
    "GER": "DEU",
    "ROM": "ROU",
    "SRP": "SRB",
    "YUG": "SRB",
    "KOS": "XKX",
    "PAL": "PSE",
}
GROUP_CODES = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS"})


@dataclass
class GoldItem:
    """One gold text with its expected events."""

    id: str
    text: str
    published: date | None
    events: list[dict[str, Any]]


@dataclass
class Scores:
    """Accumulated counts for type, actor and claim scores."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    actor: list[bool] = field(default_factory=list)
    recipient: list[bool] = field(default_factory=list)
    main: list[bool] = field(default_factory=list)
    status: list[bool] = field(default_factory=list)
    attribution: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    status_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    sentences: int = 0


def load_gold(path: Path) -> tuple[str, list[GoldItem]]:
    """Read a gold file, detecting its format: ("plover" | "claims", items)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read gold file: {e}") from e
    stripped = raw.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}: invalid JSON at line {e.lineno}: {e.msg}") from e
        return "plover", [item for item in map(_plover_item, records) if item is not None]
    items = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}: line {number}: invalid JSON: {e.msg}") from e
        items.append(_claims_item(record, path, number))
    return "claims", items


def _plover_item(record: dict[str, Any]) -> GoldItem | None:
    event = OLD_TYPE_NAMES.get(record.get("event", ""), record.get("event", ""))
    if event not in PLOVER_TYPES or not record.get("text"):
        return None
    gold = {
        "type": event,
        "actor": _codes(record.get("source")),
        "recipient": _codes(record.get("target")),
    }
    return GoldItem(id=record["id"], text=record["text"], published=None, events=[gold])


def _codes(sides: Any) -> list[str]:
    if not isinstance(sides, list):
        return []
    codes = []
    for side in sides:
        if isinstance(side, dict) and side.get("code"):
            code = str(side["code"]).strip().upper()
            codes.append(GOLD_CODE_FIXES.get(code, code))
    return codes


def _claims_item(record: dict[str, Any], path: Path, number: int) -> GoldItem:
    try:
        published = date.fromisoformat(record["published"]) if record.get("published") else None
        return GoldItem(
            id=str(record["id"]),
            text=record["text"],
            published=published,
            events=list(record.get("events") or []),
        )
    except (KeyError, ValueError, TypeError) as e:
        raise InputError(f"{path}: line {number}: not a claim gold record ({e})") from e


def gold_documents(items: Iterable[GoldItem]) -> list[Document]:
    return [Document(id=item.id, text=item.text, published=item.published) for item in items]


def actor_code(actor: Actor | None) -> str | None:
    """The code an actor is scored by: its country, else its id (IGO, WEST), else its words."""
    if actor is None:
        return None
    return actor.country or actor.id or actor.text.upper()


def _side_matches(actor: Actor | None, gold_codes: list[str] | str | None) -> bool:
    if isinstance(gold_codes, str) or gold_codes is None:
        gold_codes = [gold_codes] if gold_codes else []
    if not gold_codes:
        return actor is None
    if actor is None:
        return False
    code = actor_code(actor)
    for gold in gold_codes:
        if gold == code or gold == actor.id:
            return True
        if gold in GROUP_CODES and actor.sector == gold:
            return True
        if gold.isalpha() and len(gold) > 3 and gold in (actor.text or "").upper():
            return True
    return False


def cameo_convention(event: Event) -> Event:
    """The event as CAMEO-era gold codes it: a planned cooperative action is an intent (AGREE).

    Polybius codes "X will provide aid" as AID with status planned and CAMEO
    code 033x ("express intent to provide aid"), and "X will impose a curfew" as
    COERCE planned with CAMEO 1323 ("threaten to impose curfew"); the PLOVER gold
    file, built from CAMEO, labels such sentences AGREE and THREATEN. Scoring PLOVER
    gold therefore reads our type through our own CAMEO code for planned events.
    """
    cameo = event.cameo or ""
    if event.status in {"planned", "possible"} and cameo.startswith("03"):
        return replace(event, type="AGREE")
    if event.status in {"planned", "possible"} and cameo.startswith("13"):
        return replace(event, type="THREATEN")
    return event


def score(kind: str, items: list[GoldItem], events: list[Event]) -> Scores:
    """Compare coded events with the gold items they came from."""
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_doc[event.doc_id].append(cameo_convention(event) if kind == "plover" else event)
    scores = Scores(sentences=len(items))
    for item in items:
        predicted = by_doc.get(item.id, [])
        _score_types(scores, item, predicted)
        _score_sides(scores, item, predicted)
        if kind == "claims":
            _score_claims(scores, item, predicted)
    return scores


def _score_types(scores: Scores, item: GoldItem, predicted: list[Event]) -> None:
    gold_types = {e["type"] for e in item.events}
    pred_types = {e.type for e in predicted}
    for t in pred_types & gold_types:
        scores.tp[t] += 1
    for t in pred_types - gold_types:
        scores.fp[t] += 1
    for t in gold_types - pred_types:
        scores.fn[t] += 1
    main = max(predicted, key=lambda e: e.confidence).type if predicted else "NONE"
    for gold in gold_types:
        scores.confusion[(gold, main)] += 1
        scores.main.append(main == gold)
    if (gold_types - pred_types) or (pred_types - gold_types):
        scores.errors.append(
            {
                "id": item.id,
                "text": item.text,
                "gold": sorted(gold_types),
                "predicted": sorted(pred_types),
            }
        )


def _score_sides(scores: Scores, item: GoldItem, predicted: list[Event]) -> None:
    for gold in item.events:
        same_type = [e for e in predicted if e.type == gold["type"]]
        if not same_type:
            continue
        if gold.get("actor"):
            scores.actor.append(any(_side_matches(e.actor, gold["actor"]) for e in same_type))
        if gold.get("recipient"):
            scores.recipient.append(
                any(_side_matches(e.recipient, gold["recipient"]) for e in same_type)
            )


def _score_claims(scores: Scores, item: GoldItem, predicted: list[Event]) -> None:
    unused = list(predicted)
    for gold in item.events:
        match = _best_match(gold, unused)
        if match is None:
            continue
        unused.remove(match)
        scores.status.append(match.status == gold.get("status", "occurred"))
        scores.status_confusion[(gold.get("status", "occurred"), match.status)] += 1
        scores.attribution.append(_side_matches(match.attributed_to, gold.get("attributed_to")))
        gold_date = gold.get("date")
        if gold_date:
            scores.date.append(
                match.date is not None and match.date.start.isoformat() == gold_date.get("start")
            )


def _best_match(gold: dict[str, Any], candidates: list[Event]) -> Event | None:
    same = [e for e in candidates if e.type == gold["type"]]
    for test in (
        lambda e: (
            _side_matches(e.actor, gold.get("actor"))
            and _side_matches(e.recipient, gold.get("recipient"))
        ),
        lambda e: _side_matches(e.actor, gold.get("actor")),
        lambda e: True,
    ):
        found = [e for e in same if test(e)]
        if found:
            return max(found, key=lambda e: e.confidence)
    return None


def summary(scores: Scores) -> dict[str, Any]:
    """Plain numbers for printing or JSON."""
    tp, fp, fn = sum(scores.tp.values()), sum(scores.fp.values()), sum(scores.fn.values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_type = {}
    for t in PLOVER_TYPES:
        p = scores.tp[t] / (scores.tp[t] + scores.fp[t]) if scores.tp[t] + scores.fp[t] else 0.0
        r = scores.tp[t] / (scores.tp[t] + scores.fn[t]) if scores.tp[t] + scores.fn[t] else 0.0
        per_type[t] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "support": scores.tp[t] + scores.fn[t],
        }
    result: dict[str, Any] = {
        "sentences": scores.sentences,
        "type": {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        },
        "main_type_accuracy": _rate(scores.main),
        "actor_country_accuracy": _rate(scores.actor),
        "recipient_country_accuracy": _rate(scores.recipient),
        "per_type": per_type,
    }
    if scores.status:
        result["status_accuracy"] = _rate(scores.status)
        result["attribution_accuracy"] = _rate(scores.attribution)
        result["date_accuracy"] = _rate(scores.date)
        result["claims_matched_events"] = len(scores.status)
    return result


def _rate(values: list[bool]) -> dict[str, Any]:
    return {"accuracy": round(sum(values) / len(values), 3) if values else None, "n": len(values)}


def confusion_table(scores: Scores) -> str:
    """Gold type (rows) against the coder's most confident type per sentence (columns)."""
    labels = [t for t in PLOVER_TYPES if any(t in pair for pair in scores.confusion)] + ["NONE"]
    short = {t: t[:5] for t in labels}
    lines = ["gold\\pred  " + " ".join(f"{short[t]:>5}" for t in labels)]
    for gold in labels[:-1]:
        row = [scores.confusion.get((gold, pred), 0) for pred in labels]
        if sum(row):
            lines.append(f"{gold:<10} " + " ".join(f"{n:>5}" for n in row))
    return "\n".join(lines)
