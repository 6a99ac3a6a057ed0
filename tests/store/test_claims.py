"""Claim summaries and the derived columns of a merged event (pure functions)."""

from __future__ import annotations

from datetime import date

import pytest

from polybius.store.claims import ClaimSummary, Voice, claim_summary
from polybius.store.summary import MentionFacts, Side, best_dates, outlet_label, summarize

RUS = Side("Russia", "RUS", "GOV")
UKR = Side("Ukraine", "UKR", "GOV")


def facts(
    doc_id: str,
    status: str = "occurred",
    outlet: str | None = "Daily",
    attributed: str | None = None,
    published: str = "2022-10-18",
    day: str | None = "2022-10-17",
    precision: str = "day",
    basis: str = "text",
    confidence: float = 0.5,
    sentence: str = "Russia struck Kyiv.",
) -> MentionFacts:
    when = date.fromisoformat(day) if day else None
    return MentionFacts(
        doc_id,
        status,
        attributed,
        outlet,
        date.fromisoformat(published),
        when,
        when,
        precision,
        basis,
        RUS,
        UKR,
        sentence,
        confidence,
    )


def test_the_writers_own_voice_is_the_outlet_and_one_outlet_is_reported() -> None:
    assert claim_summary([Voice("occurred", None, "Daily")]) == ClaimSummary(
        ("Daily",), (), "reported"
    )


def test_two_independent_outlets_corroborate() -> None:
    summary = claim_summary([Voice("occurred", None, "Daily"), Voice("planned", "USA", "Wire")])
    assert summary == ClaimSummary(("Daily", "USA"), (), "corroborated")


def test_the_same_outlet_twice_is_not_corroboration() -> None:
    summary = claim_summary([Voice("occurred", None, "Daily"), Voice("occurred", None, "daily")])
    assert summary.state == "reported"


def test_asserted_and_denied_is_contested_with_the_denier_named() -> None:
    summary = claim_summary([Voice("occurred", "USA", "Daily"), Voice("denied", "IRN", "Wire")])
    assert summary == ClaimSummary(("USA",), ("IRN",), "contested")


@pytest.mark.parametrize("status", ["denied", "negated"])
def test_only_denied_or_negated_is_denied(status: str) -> None:
    summary = claim_summary([Voice(status, None, "Daily"), Voice(status, "IRN", "Wire")])
    assert summary == ClaimSummary((), ("Daily", "IRN"), "denied")


def test_an_unknown_outlet_is_named_but_never_corroborates() -> None:
    summary = claim_summary([Voice("occurred", None, None), Voice("occurred", None, None)])
    assert summary == ClaimSummary(("unknown outlet",), (), "reported")


def test_outlet_falls_back_to_the_web_host() -> None:
    assert outlet_label("Daily", "https://x.org/a") == "Daily"
    assert outlet_label(None, "https://www.example.org/a") == "example.org"
    assert outlet_label(None, None) is None


def test_summary_counts_documents_not_mentions_and_keeps_report_dates() -> None:
    summary = summarize([
        facts("a", published="2022-10-18"),
        facts("a", published="2022-10-18", sentence="Strikes killed four."),
        facts("b", outlet="Wire", published="2022-10-19", confidence=0.9,
              sentence="Russian missiles hit Kyiv."),
    ])  # fmt: skip
    assert (summary.report_count, summary.mention_count) == (2, 3)
    assert summary.outlets == ("Daily", "Wire")
    assert (summary.first_reported, summary.last_reported) == (
        date(2022, 10, 18),
        date(2022, 10, 19),
    )
    assert summary.claims.state == "corroborated"
    assert summary.sentence == "Russian missiles hit Kyiv."
    assert (summary.actor, summary.recipient) == (RUS, UKR)


def test_strongest_status_and_an_asserting_sentence_represent_the_event() -> None:
    summary = summarize(
        [
            facts("a", status="denied", confidence=0.9, sentence="Iran denied it."),
            facts("b", status="planned", sentence="Iran will send drones."),
        ]
    )
    assert summary.status == "planned"
    assert summary.sentence == "Iran will send drones."


def test_best_dates_prefer_precise_dates_from_the_text() -> None:
    mentions = [
        facts("a", day="2022-10-18", basis="published"),
        facts("b", day="2022-10-17"),
        facts("c", day="2022-10-01", precision="month"),
    ]
    assert best_dates(mentions) == (date(2022, 10, 17), date(2022, 10, 17))
    assert best_dates([facts("a", day=None)]) == (None, None)


def test_a_summary_needs_a_mention() -> None:
    with pytest.raises(ValueError):
        summarize([])
