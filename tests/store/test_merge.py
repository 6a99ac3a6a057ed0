"""The merge rule alone: keys, date compatibility, evidence similarity (no database, no model)."""

from __future__ import annotations

from datetime import date

from polybius.records import Actor
from polybius.store.merge import (
    MergeItem,
    MergeKey,
    MergeRule,
    actor_code,
    choose_story,
    date_gap,
    event_item,
    evidence_words,
    merge_item,
    merge_key,
    similarity,
    story_score,
)
from tests.store.conftest import parse_line

RULE = MergeRule()
KEY = MergeKey("ASSAULT", "RUS", "UKR")


def item(
    start: str | None,
    sentence: str = "Russia struck Kyiv",
    end: str | None = None,
    basis: str = "text",
    status: str = "occurred",
    key: MergeKey = KEY,
) -> MergeItem:
    first = date.fromisoformat(start) if start else None
    last = date.fromisoformat(end) if end else first
    return merge_item(key, first, last, basis, status, sentence, RULE)


def test_merge_key_is_type_and_dyad_by_country_then_id_then_name() -> None:
    event = parse_line("d1", "ASSAULT RUS UKR 2022-10-17 occurred - Russia struck Kyiv.", 0)
    assert event is not None
    assert merge_key(event) == MergeKey("ASSAULT", "RUS", "UKR")
    putin = Actor("Putin", "Vladimir Putin", "P:Vladimir_Putin", "RUS", "GOV")
    eu = Actor("the EU", "European Union", "EU", None, "IGO")
    analysts = Actor("Analysts", "Analysts", None, None, None)
    assert [actor_code(a) for a in (putin, eu, analysts, None)] == ["RUS", "EU", "analysts", "-"]


def test_date_gap_is_zero_for_overlapping_ranges_and_days_between_otherwise() -> None:
    monday = item("2022-10-17")
    assert date_gap(monday, item("2022-10-01", end="2022-10-31")) == 0
    assert date_gap(monday, item("2022-10-20")) == 3
    assert date_gap(item("2022-10-20"), monday) == 3
    assert date_gap(monday, item(None)) is None


def test_a_date_from_the_publication_reaches_back_a_few_days_and_forward_when_planned() -> None:
    reported = item("2022-10-18", basis="published")
    assert (reported.start, reported.end) == (date(2022, 10, 16), date(2022, 10, 18))
    planned = item("2022-10-18", basis="published", status="planned")
    assert (planned.start, planned.end) == (date(2022, 10, 18), date(2022, 10, 20))


def test_evidence_words_drop_stopwords_case_and_plural_s() -> None:
    assert evidence_words("The drones struck Kyiv on Monday") == {
        "drone",
        "struck",
        "kyiv",
        "monday",
    }
    assert similarity(frozenset(), frozenset()) == 0.0


def test_reports_of_the_same_day_join_even_in_different_words() -> None:
    story = {7: [item("2022-10-17", "Russia struck Kyiv with drones on Monday")]}
    assert (
        choose_story(item("2022-10-17", "Moscow launched missiles at the capital"), story, RULE)
        == 7
    )


def test_monday_and_thursday_strikes_stay_apart() -> None:
    monday = {1: [item("2022-10-17", "Russia struck Kyiv with drones")]}
    assert choose_story(item("2022-10-20", "Russia struck Kyiv with drones"), monday, RULE) is None


def test_a_day_apart_needs_similar_evidence() -> None:
    story = [item("2022-10-17", "Russian drones struck power stations in Kyiv")]
    similar = item("2022-10-18", "Russian drones struck power stations around Kyiv overnight")
    different = item("2022-10-18", "Shelling hit a market")
    assert story_score(similar, story, RULE) is not None
    assert story_score(different, story, RULE) is None


def test_undated_mentions_join_only_on_very_similar_evidence() -> None:
    story = [item("2022-10-17", "Russian drones struck power stations in Kyiv")]
    assert (
        story_score(item(None, "Russian drones struck power stations in Kyiv"), story, RULE)
        is not None
    )
    assert story_score(item(None, "Russia attacked"), story, RULE) is None


def test_a_mention_must_fit_every_mention_of_a_story_so_stories_do_not_drift() -> None:
    chain = [item("2022-10-17", "Russia struck Kyiv"), item("2022-10-18", "Russia struck Kyiv")]
    assert story_score(item("2022-10-19", "Russia struck Kyiv"), chain, RULE) is None


def test_another_type_or_dyad_never_joins() -> None:
    story = [item("2022-10-17")]
    assert (
        story_score(item("2022-10-17", key=MergeKey("ASSAULT", "UKR", "RUS")), story, RULE) is None
    )
    assert (
        story_score(item("2022-10-17", key=MergeKey("ACCUSE", "RUS", "UKR")), story, RULE) is None
    )


def test_the_most_similar_story_wins_then_the_oldest() -> None:
    stories = {
        3: [item("2022-10-17", "Russia shelled a market")],
        5: [item("2022-10-17", "Russia struck the Kyiv power station")],
    }
    assert choose_story(item("2022-10-17", "the Kyiv power station was struck"), stories, RULE) == 5
    twins = {9: [item("2022-10-17")], 4: [item("2022-10-17")]}
    assert choose_story(item("2022-10-17"), twins, RULE) == 4


def test_event_item_reads_a_coded_event() -> None:
    event = parse_line("d1", "AID IRN RUS 2022-10-18p denied IRN Iran denied sending drones.", 0)
    assert event is not None
    got = event_item(event, RULE)
    assert got.key == MergeKey("AID", "IRN", "RUS")
    assert (got.start, got.end) == (date(2022, 10, 16), date(2022, 10, 18))
