"""Settings with defaults, in one place. Pluggable parts are chosen by registered name."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Config:
    """What ``code_documents`` needs to know; every field has a working default.

    ``model`` is a spaCy package name or path (None: the best installed English
    pipeline). ``coder`` names a registered coder. ``n_process`` > 1 parses with
    several processes (worth it only for large batches). ``classifier`` turns the
    sentence classifier on; its trained weights are cached at ``classifier_path``.
    """

    model: str | None = None
    coder: str = "polybius.coder.rules.v1"
    # Documents per parser batch: 16 keeps peak memory near 1 GiB with long articles.
    batch_size: int = 16
    n_process: int = 1
    classifier: bool = True
    classifier_path: Path | None = None
    min_confidence: float = 0.0
    # PLOVER codes an event only with a source actor, so an event with none is left out unless
    # this is turned off, except violence: "a car bomb killed five people in Baghdad" is still
    # counted (by place and victims), as conflict datasets do.
    require_actor: bool = True
    max_chars: int = 2_000_000
    skip_non_english: bool = True
    claim_parts: tuple[str, ...] = field(default=("dates", "places", "quantities"))
    # How ``polybius batch`` spreads partitions over processes (a registered executor name).
    executor: str = "polybius.executor.dask.v1"
