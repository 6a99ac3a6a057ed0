"""The parse repair for "Subject on Day verb-ed objects" (the verb read as an adjective)."""

from __future__ import annotations

import pytest
from spacy.language import Language

pytestmark = pytest.mark.model


def _heads(nlp: Language, text: str) -> dict[str, tuple[str, str]]:
    doc = nlp(text)
    return {t.text: (t.dep_, t.head.text) for t in doc}


@pytest.mark.parametrize(
    "text",
    [
        "The United States on Tuesday imposed sanctions on Iran.",
        "Saudi Arabia on Tuesday hosted talks between the warring sides.",
    ],
)
def test_the_verb_after_a_day_heads_its_clause(nlp: Language, text: str) -> None:
    heads = _heads(nlp, text)
    verb = "imposed" if "imposed" in heads else "hosted"
    obj = "sanctions" if verb == "imposed" else "talks"
    assert heads[verb] == ("ROOT", verb)
    assert heads[obj] == ("dobj", verb)
    assert heads["Tuesday"] == ("pobj", "on")
    assert heads[text.split()[1]][1] in {verb, text.split()[2]}  # the subject phrase hangs on it
    assert heads["."][1] == verb


def test_a_reported_clause_is_repaired_under_its_reporting_verb(nlp: Language) -> None:
    heads = _heads(nlp, "The United States on Tuesday imposed sanctions on Iran, officials said.")
    assert heads["imposed"] == ("ccomp", "said")
    assert heads["States"] == ("nsubj", "imposed")


def test_a_sound_parse_is_left_alone(nlp: Language) -> None:
    text = "Russia on Monday launched a missile attack on Kyiv."
    heads = _heads(nlp, text)
    assert heads["launched"][0] == "ROOT" and heads["Russia"] == ("nsubj", "launched")
    doc = nlp(text)
    assert len(list(doc.sents)) == 1


def test_verb_lemmas_the_lemmatizer_gets_wrong_are_fixed(nlp: Language) -> None:
    doc = nlp("Protesters staged a sit-in and hoped to meet the minister.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["staged"] == "stage" and lemmas["hoped"] == "hope"
