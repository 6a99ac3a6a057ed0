"""Registered names for pluggable parts (coders), so config chooses them by name.

To change a part's behaviour incompatibly, register a new version under a new
name rather than altering the old one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from polybius.errors import ConfigError


def _rules_v1(*, lexicon: Any, type_scores: Any, claims: Any) -> Any:
    from polybius.coding.coder import RuleCoder

    return RuleCoder(
        lexicon, type_scores=type_scores, claim_hooks=claims.hooks(), place_actor=claims.place_actor
    )


CODERS: dict[str, Callable[..., Any]] = {"polybius.coder.rules.v1": _rules_v1}


def make_coder(name: str, **parts: Any) -> Any:
    """Build the coder registered as ``name``."""
    try:
        factory = CODERS[name]
    except KeyError as e:
        known = ", ".join(sorted(CODERS))
        raise ConfigError(f"Unknown coder {name!r}; registered coders: {known}") from e
    return factory(**parts)
