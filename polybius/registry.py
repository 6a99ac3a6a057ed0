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


def _dask_v1(**options: Any) -> Any:
    from polybius.scale.dask import DaskExecutor

    return DaskExecutor(**options)


def _local_v1(**options: Any) -> Any:
    from polybius.scale.executor import LocalExecutor

    return LocalExecutor(**options)


# Executors run ``polybius batch``'s partitions: on a Dask cluster, or in this process.
EXECUTORS: dict[str, Callable[..., Any]] = {
    "polybius.executor.dask.v1": _dask_v1,
    "polybius.executor.local.v1": _local_v1,
}


def make_executor(name: str, **options: Any) -> Any:
    """Build the executor registered as ``name`` (options as its class takes them)."""
    try:
        factory = EXECUTORS[name]
    except KeyError as e:
        known = ", ".join(sorted(EXECUTORS))
        raise ConfigError(f"Unknown executor {name!r}; registered executors: {known}") from e
    return factory(**options)
