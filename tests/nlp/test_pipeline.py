"""The spaCy pipeline as Polybius loads it."""

from __future__ import annotations

import pytest

from polybius.nlp.pipeline import PARAGRAPHS
from polybius.pipeline import Engine
from polybius.records import Document

pytestmark = pytest.mark.model


def test_a_blank_line_always_ends_a_sentence(engine: Engine) -> None:
    assert PARAGRAPHS in engine.nlp.pipe_names
    doc = engine.nlp("Monday, May 6, 2024\n\nThe Greek government condemned Turkey.")
    assert [s.text.strip() for s in doc.sents] == [
        "Monday, May 6, 2024",
        "The Greek government condemned Turkey.",
    ]


def test_a_dateline_never_joins_the_actor_of_the_first_sentence(engine: Engine) -> None:
    text = "Tuesday, June 4, 2024\n\n\nLeaders of the African Union condemned the coup in Niger."
    events = list(engine.code([Document(id="d", text=text)]))
    assert events
    assert all("\n" not in (e.actor.text if e.actor else "") for e in events)
    assert all("2024" not in (e.actor.text if e.actor else "") for e in events)
