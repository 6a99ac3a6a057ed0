"""WHEN: parsing date expressions and choosing the one that belongs to the event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Token

from polybius.claims.dates import (
    DateResolver,
    Tense,
    parse_absolute_expression,
    parse_date_expression,
)
from polybius.records import EventDate

WEDNESDAY = date(2022, 10, 12)  # publication date used throughout: a Wednesday


def d(text: str) -> date:
    return date.fromisoformat(text)


# ---------------------------------------------------------------- the pure parser

PAST_CASES = [
    ("on July 11", "2022-07-11", "2022-07-11", "day"),
    ("July 11, 2022", "2022-07-11", "2022-07-11", "day"),
    ("11 July", "2022-07-11", "2022-07-11", "day"),
    ("Feb. 24", "2022-02-24", "2022-02-24", "day"),
    ("Feb 24", "2022-02-24", "2022-02-24", "day"),
    ("Sept. 3", "2022-09-03", "2022-09-03", "day"),
    ("Nov. 3", "2021-11-03", "2021-11-03", "day"),
    ("on Tuesday", "2022-10-11", "2022-10-11", "day"),
    ("Wednesday", "2022-10-12", "2022-10-12", "day"),
    ("Thursday", "2022-10-06", "2022-10-06", "day"),
    ("today", "2022-10-12", "2022-10-12", "day"),
    ("yesterday", "2022-10-11", "2022-10-11", "day"),
    ("last night", "2022-10-11", "2022-10-11", "day"),
    ("Monday night", "2022-10-10", "2022-10-10", "day"),
    ("early Tuesday", "2022-10-11", "2022-10-11", "day"),
    ("last Monday", "2022-10-10", "2022-10-10", "day"),
    ("last Wednesday", "2022-10-05", "2022-10-05", "day"),
    ("this week", "2022-10-10", "2022-10-12", "week"),
    ("last week", "2022-10-03", "2022-10-09", "week"),
    ("this month", "2022-10-01", "2022-10-12", "month"),
    ("last month", "2022-09-01", "2022-09-30", "month"),
    ("in January", "2022-01-01", "2022-01-31", "month"),
    ("in December", "2021-12-01", "2021-12-31", "month"),
    ("last July", "2022-07-01", "2022-07-31", "month"),
    ("last October", "2021-10-01", "2021-10-31", "month"),
    ("in 2019", "2019-01-01", "2019-12-31", "year"),
    ("in 1988", "1988-01-01", "1988-12-31", "year"),
    ("last year", "2021-01-01", "2021-12-31", "year"),
    ("this year", "2022-01-01", "2022-10-12", "year"),
    ("earlier this year", "2022-01-01", "2022-10-12", "year"),
    ("earlier this month", "2022-10-01", "2022-10-12", "month"),
    ("late last year", "2021-09-01", "2021-12-31", "year"),
    ("early 2020", "2020-01-01", "2020-04-30", "year"),
    ("since August 2021", "2021-08-01", "2022-10-12", "month"),
    ("within weeks of the invasion", "2022-09-14", "2022-10-12", "week"),
    ("in recent weeks", "2022-09-14", "2022-10-12", "week"),
    ("in recent days", "2022-10-05", "2022-10-12", "week"),
    ("two days ago", "2022-10-10", "2022-10-10", "day"),
    ("three weeks ago", "2022-09-19", "2022-09-25", "week"),
    ("two months ago", "2022-08-01", "2022-08-31", "month"),
    ("in mid-March", "2022-03-11", "2022-03-20", "month"),
    ("late March", "2022-03-21", "2022-03-31", "month"),
    ("on the night of July 11", "2022-07-11", "2022-07-11", "day"),
    ("the past 24 hours", "2022-10-11", "2022-10-12", "day"),
    ("over the past three years", "2019-10-12", "2022-10-12", "year"),
    ("last summer", "2022-06-01", "2022-08-31", "month"),
    ("the 1990s", "1990-01-01", "1999-12-31", "year"),
    ("July 11-12", "2022-07-11", "2022-07-12", "day"),
    ("between March 1 and 5", "2022-03-01", "2022-03-05", "day"),
    ("Monday, July 11", "2022-07-11", "2022-07-11", "day"),
    ("at 3 p.m. on Monday", "2022-10-10", "2022-10-10", "day"),
    ("2022-10-01", "2022-10-01", "2022-10-01", "day"),
    ("the weekend", "2022-10-08", "2022-10-09", "week"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), PAST_CASES)
def test_past_expression_resolves_backwards_from_publication(
    text: str, start: str, end: str, precision: str
) -> None:
    assert parse_date_expression(text, WEDNESDAY, tense="past") == (d(start), d(end), precision)


FUTURE_CASES = [
    ("on Tuesday", "2022-10-18", "2022-10-18", "day"),
    ("Thursday", "2022-10-13", "2022-10-13", "day"),
    ("Wednesday", "2022-10-19", "2022-10-19", "day"),
    ("tonight", "2022-10-12", "2022-10-12", "day"),
    ("tomorrow", "2022-10-13", "2022-10-13", "day"),
    ("next Monday", "2022-10-17", "2022-10-17", "day"),
    ("next week", "2022-10-17", "2022-10-23", "week"),
    ("this week", "2022-10-12", "2022-10-16", "week"),
    ("next month", "2022-11-01", "2022-11-30", "month"),
    ("next year", "2023-01-01", "2023-12-31", "year"),
    ("in January", "2023-01-01", "2023-01-31", "month"),
    ("on July 11", "2023-07-11", "2023-07-11", "day"),
    ("in the coming days", "2022-10-13", "2022-10-19", "week"),
    ("in the coming weeks", "2022-10-13", "2022-11-09", "week"),
    ("within weeks", "2022-10-13", "2022-11-09", "week"),
    ("by the end of the year", "2022-10-12", "2022-12-31", "year"),
    ("this weekend", "2022-10-15", "2022-10-16", "week"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), FUTURE_CASES)
def test_future_expression_resolves_forwards_from_publication(
    text: str, start: str, end: str, precision: str
) -> None:
    assert parse_date_expression(text, WEDNESDAY, tense="future") == (d(start), d(end), precision)


def test_present_tense_reads_a_bare_weekday_as_the_most_recent_one() -> None:
    assert parse_date_expression("Tuesday", WEDNESDAY, tense="present") == (
        d("2022-10-11"),
        d("2022-10-11"),
        "day",
    )


@pytest.mark.parametrize(
    "text",
    [
        "for three years",
        "three years",
        "a 10-year deal",
        "62-year-old",
        "75 years old",
        "decades",
        "annual",
        "the previous day",
        "24",
        "February 30",
        "before the election",
        "",
        "the year",
    ],
)
def test_durations_ages_and_non_dates_give_none(text: str) -> None:
    assert parse_date_expression(text, WEDNESDAY, tense="past") is None


def test_leap_day_without_a_year_goes_back_to_the_last_leap_year() -> None:
    assert parse_date_expression("February 29", WEDNESDAY, tense="past") == (
        d("2020-02-29"),
        d("2020-02-29"),
        "day",
    )


def test_absolute_expressions_need_no_publication_date() -> None:
    assert parse_absolute_expression("July 11, 2022") == (d("2022-07-11"), d("2022-07-11"), "day")
    assert parse_absolute_expression("in 2019") == (d("2019-01-01"), d("2019-12-31"), "year")


@pytest.mark.parametrize("text", ["Tuesday", "last week", "July 11", "in January", "yesterday"])
def test_relative_expressions_without_an_anchor_give_none(text: str) -> None:
    assert parse_absolute_expression(text) is None


# ---------------------------------------------------------------- properties

published_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH_NAMES = [
    "January",
    "Feb.",
    "March",
    "Apr",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "October",
    "Nov",
    "December",
]
BACKWARD_ONLY = [
    "yesterday",
    "last week",
    "last month",
    "last year",
    "two days ago",
    "three weeks ago",
    "a few months ago",
    "in recent days",
    "in recent weeks",
    "earlier this year",
    "earlier this month",
    "late last year",
    "last night",
    "since January 1900",
    "the past 24 hours",
]
FORWARD_ONLY = [
    "tomorrow",
    "next week",
    "next month",
    "next year",
    "in the coming days",
    "in the coming weeks",
    "by the end of the year",
    "next Friday",
]
EITHER_WAY = ["today", "this week", "this month", "this year", "within weeks", "the weekend"]
days = st.integers(min_value=1, max_value=28)


def _directional(extra: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(WEEKDAY_NAMES).map(lambda w: f"on {w}"),
        st.sampled_from(MONTH_NAMES).map(lambda m: f"in {m}"),
        st.tuples(st.sampled_from(MONTH_NAMES), days).map(lambda md: f"{md[0]} {md[1]}"),
        st.tuples(days, st.sampled_from(MONTH_NAMES)).map(lambda dm: f"{dm[0]} {dm[1]}"),
        st.sampled_from(MONTH_NAMES).map(lambda m: f"mid-{m}"),
        st.sampled_from(extra + EITHER_WAY),
    )


@settings(max_examples=300)
@given(published=published_dates, text=_directional(BACKWARD_ONLY))
def test_past_results_never_end_after_publication(published: date, text: str) -> None:
    result = parse_date_expression(text, published, tense="past")
    assert result is not None, text
    start, end, _ = result
    assert start <= end <= published


@settings(max_examples=300)
@given(published=published_dates, text=_directional(FORWARD_ONLY))
def test_future_results_never_start_before_publication(published: date, text: str) -> None:
    result = parse_date_expression(text, published, tense="future")
    assert result is not None, text
    start, end, _ = result
    assert published <= start <= end


@given(published=published_dates, weekday=st.sampled_from(WEEKDAY_NAMES))
def test_weekday_lands_on_that_weekday_within_a_week(published: date, weekday: str) -> None:
    past = parse_date_expression(weekday, published, tense="past")
    future = parse_date_expression(weekday, published, tense="future")
    assert past is not None and future is not None
    assert past[0].strftime("%A") == future[0].strftime("%A") == weekday
    assert timedelta(0) <= published - past[0] < timedelta(days=7)
    assert timedelta(0) < future[0] - published <= timedelta(days=7)


@given(
    published=published_dates,
    year=st.integers(min_value=1900, max_value=2100),
    month=st.sampled_from(MONTH_NAMES),
    day=days,
    tense=st.sampled_from(["past", "present"]),
)
def test_fully_dated_expression_ignores_publication_date(
    published: date, year: int, month: str, day: int, tense: Tense
) -> None:
    text = f"{month} {day}, {year}"
    result = parse_date_expression(text, published, tense=tense)
    assert result is not None
    # Past tense may only cut the end at publication; a single day has nothing to cut.
    assert result == parse_absolute_expression(text)


words = st.sampled_from(
    WEEKDAY_NAMES
    + MONTH_NAMES
    + [
        "last",
        "next",
        "this",
        "week",
        "ago",
        "since",
        "by",
        "the",
        "end",
        "of",
        "early",
        "late",
        "2019",
        "11",
        "three",
        "days",
        "within",
        "recent",
        "coming",
        "and",
        "to",
        "-",
        "year",
    ]
)


@settings(max_examples=500)
@given(
    published=published_dates,
    text=st.lists(words, max_size=6).map(" ".join),
    tense=st.sampled_from(["past", "present", "future"]),
)
def test_any_word_salad_gives_a_well_formed_window_or_none(
    published: date, text: str, tense: Tense
) -> None:
    result = parse_date_expression(text, published, tense=tense)
    if result is not None:
        start, end, precision = result
        assert start <= end
        assert precision in ("day", "week", "month", "year")


# ---------------------------------------------------------------- choosing the expression


@pytest.fixture(scope="module")
def resolver() -> DateResolver:
    return DateResolver()


def _token(doc: Doc, text: str) -> Token:
    return next(t for t in doc if t.text == text)


def _resolve(
    nlp: Language,
    resolver: DateResolver,
    sentence: str,
    trigger: str,
    published: date | None = WEDNESDAY,
    tense: Tense = "past",
) -> EventDate | None:
    doc = nlp(sentence)
    token = _token(doc, trigger)
    return resolver.resolve(token.sent, token, published, tense=tense)


@pytest.mark.model
def test_past_weekday_in_the_triggers_clause_dates_the_strike(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(
        nlp,
        resolver,
        "Russian missiles struck Kyiv on Monday, killing at least eight civilians.",
        "struck",
    )
    assert found == EventDate(d("2022-10-10"), d("2022-10-10"), "day", "Monday", "text")


@pytest.mark.model
def test_future_meeting_on_a_weekday_is_the_next_such_weekday(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(nlp, resolver, "The ministers will meet on Tuesday.", "meet", tense="future")
    assert found is not None
    assert (found.start, found.precision, found.basis) == (d("2022-10-18"), "day", "text")


@pytest.mark.model
def test_reporting_verb_date_dates_a_past_event_with_no_date_of_its_own(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(nlp, resolver, "Officials said Thursday that Russia struck Kyiv.", "struck")
    assert found is not None
    assert (found.start, found.text) == (d("2022-10-06"), "Thursday")


@pytest.mark.model
def test_reporting_verb_date_is_not_used_for_a_future_event(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(
        nlp,
        resolver,
        "Officials said Thursday that the ministers will meet in Geneva.",
        "meet",
        tense="future",
    )
    assert found is not None
    assert found.basis == "published"


@pytest.mark.model
def test_date_of_another_clause_does_not_date_the_trigger(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(
        nlp,
        resolver,
        "Iran agreed to supply Russia with drones that it will deliver next month.",
        "supply",
        tense="future",
    )
    assert found is not None
    assert found.basis == "published"


@pytest.mark.model
def test_nominal_trigger_takes_the_date_of_its_light_verb(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(nlp, resolver, "Russia launched an attack on Monday.", "attack")
    assert found is not None
    assert (found.start, found.text) == (d("2022-10-10"), "Monday")


@pytest.mark.model
def test_sentence_without_a_date_falls_back_to_publication(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(nlp, resolver, "Tehran denied the report.", "denied")
    assert found == EventDate(WEDNESDAY, WEDNESDAY, "day", None, "published")


@pytest.mark.model
def test_no_publication_date_and_no_date_in_text_gives_none(
    nlp: Language, resolver: DateResolver
) -> None:
    assert _resolve(nlp, resolver, "Tehran denied the report.", "denied", published=None) is None


@pytest.mark.model
def test_absolute_date_resolves_without_a_publication_date(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(
        nlp,
        resolver,
        "Flight 17 was shot down over Donetsk Oblast on July 17, 2014.",
        "shot",
        published=None,
    )
    assert found is not None
    assert (found.start, found.end, found.text) == (
        d("2014-07-17"),
        d("2014-07-17"),
        "July 17, 2014",
    )


@pytest.mark.model
def test_relative_date_without_a_publication_date_gives_none(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(
        nlp, resolver, "Russian missiles struck Kyiv on Monday.", "struck", published=None
    )
    assert found is None


@pytest.mark.model
def test_durations_and_ages_are_skipped_for_the_real_year(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(
        nlp,
        resolver,
        "The 62-year-old minister signed a 10-year deal for three years in 2019.",
        "signed",
    )
    assert found is not None
    assert (found.start, found.end, found.precision) == (d("2019-01-01"), d("2019-12-31"), "year")


@pytest.mark.model
def test_since_keeps_its_preposition_in_the_text(nlp: Language, resolver: DateResolver) -> None:
    found = _resolve(
        nlp,
        resolver,
        "Iran has supplied Russia with several hundred UAVs since August 2021.",
        "supplied",
    )
    assert found == EventDate(d("2021-08-01"), WEDNESDAY, "month", "since August 2021", "text")


@pytest.mark.model
def test_night_of_a_date_is_that_day(nlp: Language, resolver: DateResolver) -> None:
    found = _resolve(
        nlp,
        resolver,
        "Nearly 100 protesters were arrested in Tehran on the night of July 11.",
        "arrested",
    )
    assert found is not None
    assert (found.start, found.precision) == (d("2022-07-11"), "day")


@pytest.mark.model
def test_next_week_travel_is_the_calendar_week_after_publication(
    nlp: Language, resolver: DateResolver
) -> None:
    found = _resolve(
        nlp, resolver, "Putin will travel to Tehran next week.", "travel", tense="future"
    )
    assert found == EventDate(d("2022-10-17"), d("2022-10-23"), "week", "next week", "text")


@pytest.mark.model
def test_time_word_missed_by_the_ner_is_still_found(nlp: Language, resolver: DateResolver) -> None:
    doc = nlp("The delegations met yesterday in Doha.")
    doc.ents = []  # blank the NER: the scan for time words must find "yesterday" alone
    met = _token(doc, "met")
    found = resolver.resolve(met.sent, met, WEDNESDAY, tense="past")
    assert found is not None
    assert (found.start, found.text) == (d("2022-10-11"), "yesterday")


def test_resolver_caches_each_expression_once(resolver: DateResolver) -> None:
    first = resolver.parse("last week", WEDNESDAY, "past")
    second = resolver.parse("last week", WEDNESDAY, "past")
    assert first == second
    assert resolver._cached.cache_info().hits >= 1


def test_resolver_hands_unknown_numeric_dates_to_dateparser(resolver: DateResolver) -> None:
    assert resolver.parse("10/3/2022", WEDNESDAY, "past") == (
        d("2022-10-03"),
        d("2022-10-03"),
        "day",
    )


def test_resolver_does_not_let_dateparser_read_durations(resolver: DateResolver) -> None:
    assert resolver.parse("three years", WEDNESDAY, "past") is None


@pytest.mark.model
def test_year_split_off_by_the_ner_rejoins_its_date(nlp: Language, resolver: DateResolver) -> None:
    found = _resolve(
        nlp,
        resolver,
        "Sudan's army and the RSF have fought since April 15, 2023, displacing millions.",
        "fought",
        published=d("2024-03-01"),
    )
    assert found is not None
    assert (found.start, found.end) == (d("2023-04-15"), d("2024-03-01"))
    assert found.text == "since April 15, 2023"


@pytest.mark.model
def test_range_split_into_two_entities_is_read_whole(nlp: Language, resolver: DateResolver) -> None:
    found = _resolve(
        nlp,
        resolver,
        "Between 2014 and 2016, the coalition carried out air strikes in Iraq.",
        "carried",
    )
    assert found is not None
    assert (found.start, found.end, found.precision) == (d("2014-01-01"), d("2016-12-31"), "year")
