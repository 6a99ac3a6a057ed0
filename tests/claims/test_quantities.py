"""HOW MANY: reading number phrases and finding the count tied to the event."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from polybius.claims.quantities import find_quantity, parse_number
from polybius.records import Quantity

# ---------------------------------------------------------------- number phrases


@pytest.mark.parametrize(
    ("phrase", "low", "high"),
    [
        ("200", 200, 200),
        ("3,000", 3000, 3000),
        ("1.5 million", 1_500_000, 1_500_000),
        ("eight", 8, 8),
        ("twenty-five", 25, 25),
        ("forty two", 42, 42),
        ("two hundred and fifty", 250, 250),
        ("a hundred", 100, 100),
        ("a dozen", 12, 12),
        ("two dozen", 24, 24),
        ("half a dozen", 6, 6),
        ("two thousand five hundred", 2500, 2500),
        ("5bn", 5e9, 5e9),
        ("hundreds", 200, 900),
        ("thousands", 2000, 9000),
        ("dozens", 24, 99),
        ("millions", 2e6, 9e6),
        ("several hundred", 200, 900),
        ("a few hundred", 200, 500),
        ("tens of thousands", 20_000, 90_000),
        ("hundreds of thousands", 200_000, 900_000),
        ("at least eight", 8, None),
        ("more than 40", 41, None),
        ("over 1,000", 1001, None),
        ("up to 300", None, 300),
        ("as many as 300", None, 300),
        ("nearly 100", None, 99),
        ("almost 100", None, 99),
        ("fewer than 30", None, 29),
        ("no more than 5", None, 5),
        ("about 50", 50, 50),
        ("around 50", 50, 50),
        ("some 50", 50, 50),
        ("an estimated 1,200", 1200, 1200),
        ("$ 5 million", 5e6, 5e6),
    ],
)
def test_number_phrase_reads_as_a_range(phrase: str, low: float | None, high: float | None) -> None:
    assert parse_number(phrase.split()) == (low, high)


@pytest.mark.parametrize("phrase", ["third", "many", "the", "", "several", "G7", "five-year"])
def test_words_that_are_not_counts_give_none(phrase: str) -> None:
    assert parse_number(phrase.split()) is None


@given(st.integers(min_value=0, max_value=10**12))
def test_any_written_integer_reads_back_exactly(value: int) -> None:
    assert parse_number([f"{value:,}"]) == (value, value)


@given(st.integers(min_value=1, max_value=10**9))
def test_at_least_and_up_to_bound_the_same_number_from_each_side(value: int) -> None:
    assert parse_number(["at", "least", str(value)]) == (value, None)
    assert parse_number(["up", "to", str(value)]) == (None, value)


# ---------------------------------------------------------------- counts in sentences


def _find(
    nlp: Language, sentence: str, trigger: str, exclude: set[int] | None = None
) -> Quantity | None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == trigger)
    return find_quantity(token.sent, token, exclude=exclude or set())


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        (
            "Russian missiles struck Kyiv on Monday, killing at least eight civilians.",
            "struck",
            Quantity("at least eight", 8, None, "civilians"),
        ),
        (
            "Iran agreed to supply Russia with hundreds of drones.",
            "supply",
            Quantity("hundreds", 200, 900, "drones"),
        ),
        (
            "Iran has supplied Russia with several hundred UAVs.",
            "supplied",
            Quantity("several hundred", 200, 900, "UAVs"),
        ),
        (
            "The army said it had destroyed 200 drones.",
            "destroyed",
            Quantity("200", 200, 200, "drones"),
        ),
        (
            "Israeli troops killed more than 40 people in Gaza.",
            "killed",
            Quantity("more than 40", 41, None, "people"),
        ),
        (
            "The Pentagon will send up to 300 troops to Poland.",
            "send",
            Quantity("up to 300", None, 300, "troops"),
        ),
        (
            "Nearly 100 protesters were arrested in Tehran.",
            "arrested",
            Quantity("Nearly 100", None, 99, "protesters"),
        ),
        (
            "About 50 soldiers attacked the village.",
            "attacked",
            Quantity("About 50", 50, 50, "soldiers"),
        ),
        (
            "Ukraine received 1.5 million rounds of ammunition.",
            "received",
            Quantity("1.5 million", 1_500_000, 1_500_000, "rounds"),
        ),
        (
            "The rebels seized a dozen villages near Aleppo.",
            "seized",
            Quantity("a dozen", 12, 12, "villages"),
        ),
        (
            "Russian forces shelled Kharkiv, killing twenty-five civilians.",
            "shelled",
            Quantity("twenty-five", 25, 25, "civilians"),
        ),
        (
            "Tens of thousands of people protested in Belgrade.",
            "protested",
            Quantity("Tens of thousands", 20_000, 90_000, "people"),
        ),
        (
            "The United States announced $5 million in aid for Ukraine.",
            "announced",
            Quantity("$5 million", 5_000_000, 5_000_000, "USD"),
        ),
        (
            "The EU pledged 5 billion euros to Kyiv.",
            "pledged",
            Quantity("5 billion", 5e9, 5e9, "EUR"),
        ),
        (
            "Israel carried out two airstrikes on Gaza.",
            "airstrikes",
            Quantity("two", 2, 2, "airstrikes"),
        ),
        (
            "Japan announced sanctions on 20 companies.",
            "sanctions",
            Quantity("20", 20, 20, "companies"),
        ),
    ],
)
def test_count_in_the_events_arguments_is_found(
    nlp: Language, sentence: str, trigger: str, expected: Quantity
) -> None:
    assert _find(nlp, sentence, trigger) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The UN Security Council adopted Resolution 2231.", "adopted"),
        ("Flight 17 was shot down over Donetsk.", "shot"),
        ("The G7 leaders met in Hiroshima.", "met"),
        ("The leaders signed the 2015 agreement.", "signed"),
        ("The minister signed a 10-year deal for three years.", "signed"),
        ("Police detained a 45-year-old man.", "detained"),
        ("The party won 40 percent of the vote.", "won"),
        ("The talks lasted three days.", "lasted"),
        ("Troops attacked the third checkpoint.", "attacked"),
        ("The ministers met at 10 a.m. on Monday.", "met"),
    ],
)
def test_years_names_ages_shares_and_ordinals_are_not_counts(
    nlp: Language, sentence: str, trigger: str
) -> None:
    assert _find(nlp, sentence, trigger) is None


@pytest.mark.model
def test_direct_object_count_is_preferred_over_subject_count(nlp: Language) -> None:
    found = _find(nlp, "Some 300 soldiers captured 12 villages.", "captured")
    assert found is not None and (found.low, found.unit) == (12, "villages")


@pytest.mark.model
def test_subject_count_is_used_when_the_object_has_none(nlp: Language) -> None:
    found = _find(nlp, "Some 300 soldiers captured the town.", "captured")
    assert found is not None and (found.low, found.unit) == (300, "soldiers")


@pytest.mark.model
def test_excluded_number_tokens_are_not_read(nlp: Language) -> None:
    doc = nlp("About 50 soldiers attacked the village.")
    token = next(t for t in doc if t.text == "attacked")
    assert find_quantity(token.sent, token, exclude={1}) is None
