"""Evidence cut into marked segments: roles in a sentence, events in a document."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polybius.graph.evidence import Segment, document_segments, sentence_segments

RECORD = {
    "actor": {"text": "Iran"},
    "recipient": {"text": "Russia"},
    "trigger": "supply",
    "attributed_to": {"text": "The White House"},
}


def test_roles_are_marked_where_the_sentence_names_them() -> None:
    sentence = "The White House said Iran will supply Russia with drones."
    found = sentence_segments(sentence, RECORD)
    assert [(s.text, s.role) for s in found if s.role] == [
        ("The White House", "attributed_to"), ("Iran", "actor"), ("supply", "trigger"),
        ("Russia", "recipient"),
    ]  # fmt: skip
    assert "".join(s.text for s in found) == sentence


def test_a_role_matches_whole_words_only_and_case_aside() -> None:
    found = sentence_segments("Iranian officials met; IRAN then left.", {"actor": {"text": "Iran"}})
    assert [s.text for s in found if s.role] == ["IRAN"]


def test_missing_or_overlapping_roles_stay_plain() -> None:
    record = {"actor": {"text": "Kyiv"}, "recipient": {"text": "Kyiv residents"}, "trigger": None}
    found = sentence_segments("Russia struck Kyiv residents.", record)
    assert [(s.text, s.role) for s in found if s.role] == [("Kyiv", "actor")]


def test_document_sentences_list_every_event_they_report() -> None:
    text = "First. Second one here.\n\nThird."
    found = document_segments(text, [(7, 24, 2), (7, 24, 5), (25, 40, 9), (0, 0, 1)])
    assert found == [
        Segment("First. "), Segment("Second one here.", None, (2, 5)), Segment("\n\n"),
        Segment("Third.", None, (9,)),
    ]  # fmt: skip


@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.integers(1, 4)), max_size=6),
)
def test_document_segments_always_give_back_the_text(text: str, spans: list) -> None:
    found = document_segments(text, spans)
    assert "".join(s.text for s in found) == text
    assert all(s.text for s in found)
