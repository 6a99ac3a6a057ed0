"""Load the event lexicon (verbs, nouns, noun classes) from the YAML files beside this module.

Each lexicon key maps to ordered ``Sense`` records; the coder tries them in
order and takes the first whose conditions hold (see verbs.yaml for the
syntax).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from polybius.errors import DataError
from polybius.records import PLOVER_TYPES

DATA_DIR = Path(__file__).parent
_FLAGS = frozenset(
    {"xcomp", "ccomp", "ambig", "intent", "symmetric", "needrcp", "plain", "received"}
)


@dataclass(frozen=True)
class Sense:
    """One reading of an event word and the conditions under which it applies."""

    type: str | None  # None: the word has no event reading here
    cameo: str | None = None
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    objects: frozenset[str] | None = None
    no_object: bool = False
    xcomp: bool = False
    ccomp: bool = False  # the word must govern a finite clause ("warned that ...")
    actor_in: frozenset[str] | None = None
    actor_not: frozenset[str] | None = None
    recipient_slots: tuple[str, ...] | None = None
    ambig: bool = False
    intent: bool = False
    hostile: str | None = None
    symmetric: bool = False
    needrcp: bool = False  # applies only when a recipient is found
    plain: bool = False  # not with a complement ("called Trump a liar" is no phone call)
    received: bool = False  # the subject receives from the object of "from", who acts


@dataclass
class Lexicon:
    verbs: dict[str, list[Sense]] = field(default_factory=dict)
    nouns: dict[str, list[Sense]] = field(default_factory=dict)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()


def parse_sense(text: str, classes: dict[str, frozenset[str]], where: str) -> Sense:
    """Parse one sense string such as ``"AID 070 obj=aid|weapons rcp=to"``."""
    words = text.split()
    if not words:
        return Sense(type=None)
    if words[0] == "none":
        # "none obj=information": no event when the object is one of these.
        values_none: dict[str, Any] = {"type": None}
        for option in words[1:]:
            _apply_option(values_none, option, classes, where)
        return Sense(**values_none)
    type_, cameo, options = words[0], (words[1] if len(words) > 1 else None), words[2:]
    if type_ not in PLOVER_TYPES:
        raise DataError(f"{where}: unknown PLOVER type {type_!r} in {text!r}")
    values: dict[str, Any] = {"type": type_, "cameo": cameo}
    for option in options:
        _apply_option(values, option, classes, where)
    return Sense(**values)


def _apply_option(
    values: dict[str, Any], option: str, classes: dict[str, frozenset[str]], where: str
) -> None:
    if option in _FLAGS:
        values[option] = True
        return
    key, _, value = option.partition("=")
    if key == "actor!":
        key = "actor_not"
    if key == "obj" and value == "-":
        values["no_object"] = True
    elif key == "obj":
        values["objects"] = _expand(value, classes)
    elif key == "mode":
        values["mode"] = value
    elif key == "ctx":
        values["contexts"] = tuple(value.split(","))
    elif key == "actor":
        values["actor_in"] = frozenset(value.split("|"))
    elif key == "actor_not":
        values["actor_not"] = frozenset(value.split("|"))
    elif key == "rcp":
        values["recipient_slots"] = tuple(value.split(","))
    elif key == "hostile":
        values["hostile"] = value
    else:
        raise DataError(f"{where}: unknown option {option!r}")


def _expand(value: str, classes: dict[str, frozenset[str]]) -> frozenset[str]:
    words: set[str] = set()
    for name in value.split("|"):
        words |= classes.get(name, frozenset({name}))
    return frozenset(words)


def _senses(raw: Any, classes: dict[str, frozenset[str]], where: str) -> list[Sense]:
    items = raw if isinstance(raw, list) else [raw]
    return [parse_sense(str(item), classes, where) for item in items]


def load_lexicon(data_dir: Path | None = None) -> Lexicon:
    """Read classes.yaml, verbs.yaml and nouns.yaml and check every sense."""
    base = data_dir or DATA_DIR
    raw_classes = _read_yaml(base / "classes.yaml")
    classes = {
        name: frozenset(str(w).lower() for w in words) for name, words in raw_classes.items()
    }
    verbs_raw = _read_yaml(base / "verbs.yaml")
    nouns_raw = _read_yaml(base / "nouns.yaml")
    verbs = {key: _senses(val, classes, f"verbs.yaml:{key}") for key, val in verbs_raw.items()}
    nouns = {
        key: _senses(val, classes, f"nouns.yaml:{key}")
        for key, val in (nouns_raw.get("nouns") or {}).items()
    }
    light = frozenset(nouns_raw.get("light_verbs") or [])
    return Lexicon(verbs=verbs, nouns=nouns, classes=classes, light_verbs=light)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"Cannot read lexicon file {path}: {e}") from e
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping at the top level")
    return data
