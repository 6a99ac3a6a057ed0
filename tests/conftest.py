"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    from polybius.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's shared data folder beside the checkout; skips when a fresh clone lacks it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (fresh clone): skipping tests that read it")
    return SHARED


@pytest.fixture(scope="session")
def engine(nlp: Language):  # type: ignore[no-untyped-def]
    """The default coding engine (classifier and claim layer on), shared by the session."""
    from polybius.pipeline import Engine

    return Engine(nlp=nlp)
