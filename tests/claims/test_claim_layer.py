"""The claim layer end to end: status, attribution, and dates on coded events.

Every sentence here was written by the team for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from polybius.pipeline import Engine
from polybius.records import Document, Event

pytestmark = pytest.mark.model
WEDNESDAY = date(2022, 10, 19)


def code(engine: Engine, text: str, published: date | None = WEDNESDAY) -> list[Event]:
    return list(engine.code([Document(id="c", text=text, published=published)]))


def one(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert found, f"no {type_} event in {[e.type for e in events]}"
    return found[0]


def source(event: Event) -> str | None:
    who = event.attributed_to
    return None if who is None else (who.country or who.id or who.text)


# ---- status: planned


@pytest.mark.parametrize(
    "text",
    [
        "Iran is preparing to supply Russia with drones.",
        "Iran will supply Russia with drones.",
        "Iran plans to supply Russia with drones.",
        "Iran is expected to supply Russia with drones.",
        "Iran is set to supply Russia with drones.",
    ],
)
def test_intended_actions_are_planned(engine: Engine, text: str) -> None:
    event = one(code(engine, text), "AID")
    assert event.status == "planned"
    assert event.cameo is not None and event.cameo.startswith("033")


def test_agreeing_to_send_is_agree_occurred_and_aid_planned(engine: Engine) -> None:
    events = code(engine, "Germany agreed to send tanks to Ukraine.")
    assert one(events, "AGREE").status == "occurred"
    aid = one(events, "AID")
    assert aid.status == "planned" and aid.actor.country == "DEU" and aid.recipient.country == "UKR"


# ---- status: possible


@pytest.mark.parametrize(
    "text",
    [
        "Iran may supply Russia with drones.",
        "Iran could supply Russia with drones.",
        "Iran might supply Russia with drones.",
        "If talks fail, Iran will supply Russia with drones.",
    ],
)
def test_hedged_actions_are_possible(engine: Engine, text: str) -> None:
    assert one(code(engine, text), "AID").status == "possible"


def test_would_face_sanctions_is_possible(engine: Engine) -> None:
    event = one(code(engine, "Iran would face sanctions from the European Union."), "SANCTION")
    assert event.status == "possible"


# ---- status: denied


def test_denial_marks_event_denied_and_attributes_it_to_the_denier(engine: Engine) -> None:
    text = "The Iranian government has denied that it has provided Russia with arms."
    event = one(code(engine, text), "AID")
    assert (event.actor.country, event.recipient.country) == ("IRN", "RUS")
    assert event.status == "denied"
    assert source(event) == "IRN"


def test_denying_with_a_gerund(engine: Engine) -> None:
    event = one(code(engine, "Iran denies sending arms to Russia."), "AID")
    assert event.status == "denied" and source(event) == "IRN"


def test_not_our_policy_is_a_denial(engine: Engine) -> None:
    text = (
        '"Supplying weapons to Russia is not our policy," Iranian Foreign Minister '
        "Hossein Amir-Abdollahian said."
    )
    event = one(code(engine, text), "AID")
    assert event.status == "denied"
    assert source(event) == "IRN"


def test_denial_of_an_accusation(engine: Engine) -> None:
    text = "Moscow denied Kyiv's accusation that Russian forces had shelled the plant."
    events = code(engine, text)
    assault = one(events, "ASSAULT")
    assert assault.actor.country == "RUS"
    assert assault.status == "denied" and source(assault) == "RUS"
    accuse = one(events, "ACCUSE")
    assert accuse.actor.country == "UKR" and accuse.status == "occurred"


def test_denial_is_never_the_action_occurring(engine: Engine) -> None:
    events = code(engine, "Russia denied that its forces attacked civilians in Bucha.")
    assert all(e.status != "occurred" for e in events if e.type == "ASSAULT")


# ---- status: negated


def test_negated_action(engine: Engine) -> None:
    event = one(code(engine, "Israel has not imposed sanctions on Russia."), "SANCTION")
    assert event.status == "negated"


def test_writer_voice_past_event_occurred_with_no_attribution(engine: Engine) -> None:
    event = one(code(engine, "Russian forces shelled Kharkiv on Monday."), "ASSAULT")
    assert event.status == "occurred" and event.attributed_to is None


# ---- attribution


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("U.S. officials said Thursday that Iran supplied Russia with drones.", "USA"),
        ("Iran supplied Russia with drones, U.S. officials said Thursday.", "USA"),
        ("Western officials say Iran supplied Russia with drones.", "WEST"),
        ("Ukraine claims that Iran supplied Russia with drones.", "UKR"),
        (
            "Iran supplied Russia with drones, according to Iran's Fars news agency as reported "
            "by the BBC.",
            "IRN",
        ),
    ],
)
def test_reporting_verbs_attribute_events(engine: Engine, text: str, speaker: str) -> None:
    assert source(one(code(engine, text), "AID")) == speaker


def test_named_official_with_told_reporters(engine: Engine) -> None:
    text = "Jake Sullivan told reporters that Iran supplied Russia with drones."
    assert source(one(code(engine, text, date(2022, 7, 12)), "AID")) == "USA"


def test_uncoded_speaker_keeps_their_words(engine: Engine) -> None:
    event = one(code(engine, "Analysts said Iran supplied Russia with drones."), "AID")
    assert event.attributed_to is not None and event.attributed_to.country is None
    assert "Analysts" in event.attributed_to.text


def test_quote_with_speaker_after_it(engine: Engine) -> None:
    text = '"Russia will strike Ukraine again," Kremlin spokesman Dmitry Peskov said.'
    event = one(code(engine, text), "ASSAULT")
    assert event.status == "planned" and source(event) == "RUS"


def test_quote_with_speaker_in_the_next_sentence(engine: Engine) -> None:
    text = (
        '"China condemned the drills and Taiwan must listen." Japan\'s envoy said this on Monday.'
    )
    assert source(one(code(engine, text), "ACCUSE")) == "JPN"


def test_reported_speech_inside_reported_speech_uses_innermost_speaker(engine: Engine) -> None:
    text = "U.S. officials said Iran had told Moscow that it would deliver drones to Russia."
    assert source(one(code(engine, text), "AID")) == "IRN"


# ---- dates on coded events


def test_future_event_dated_by_weekday_resolves_forward(engine: Engine) -> None:
    event = one(code(engine, "Joe Biden will visit Israel on Tuesday."), "CONSULT")
    assert event.date is not None and event.date.start == date(2022, 10, 25)


def test_past_event_dated_by_weekday_resolves_back(engine: Engine) -> None:
    event = one(code(engine, "Russian forces shelled Kharkiv on Monday."), "ASSAULT")
    assert event.date is not None and event.date.start == date(2022, 10, 17)


def test_no_date_falls_back_to_publication(engine: Engine) -> None:
    event = one(code(engine, "France condemned Iran."), "ACCUSE")
    assert event.date is not None and event.date.basis == "published"
    assert event.date.start == WEDNESDAY


def test_no_date_and_no_publication_is_null(engine: Engine) -> None:
    event = one(code(engine, "France condemned Iran.", published=None), "ACCUSE")
    assert event.date is None


def test_place_and_quantity(engine: Engine) -> None:
    text = "Russian missiles struck Kyiv on Monday, killing at least eight civilians."
    events = code(engine, text)
    strike = [e for e in events if e.type == "ASSAULT" and e.location is not None]
    assert strike and strike[0].location.country == "UKR"
    assert any(e.quantity is not None and e.quantity.low == 8 for e in events)


def test_capital_as_actor_is_not_a_place(engine: Engine) -> None:
    event = one(code(engine, "Tehran condemned Israel on Monday."), "ACCUSE")
    assert event.actor.country == "IRN" and event.location is None


def test_negation_in_the_actors_own_voice_is_a_denial(engine: Engine) -> None:
    text = '"No Belarusian soldier has attacked Ukraine," the defence ministry in Minsk said.'
    event = one(code(engine, text), "ASSAULT")
    assert event.status == "denied" and source(event) == "BLR"


def test_purpose_clause_inherits_uncertainty(engine: Engine) -> None:
    text = "Pakistan may send an envoy to Kabul to discuss border security with the Taliban."
    assert one(code(engine, text), "CONSULT").status == "possible"


@pytest.mark.model
def test_denying_involvement_in_an_attack_denies_the_attack_by_the_denier(engine: Engine) -> None:
    events = list(engine.code([Document(
        id="d", text="Syria denied any involvement in the bombing of the Turkish embassy.",
        published=date(2023, 3, 1))]))  # fmt: skip
    found = [e for e in events if e.type == "ASSAULT"]
    assert found and found[0].actor is not None and found[0].actor.country == "SYR"
    assert found[0].status == "denied"


@pytest.mark.model
def test_claiming_responsibility_for_an_attack_makes_the_claimant_its_actor(engine: Engine) -> None:
    events = list(engine.code([Document(
        id="d", text="Al-Shabaab claimed responsibility for the attack on the hotel in Mogadishu.",
        published=date(2023, 3, 1))]))  # fmt: skip
    found = [e for e in events if e.type == "ASSAULT"]
    assert found and found[0].actor is not None and found[0].status == "occurred"


@pytest.mark.model
def test_claims_dismissed_as_absurd_are_denied_by_the_dismisser(engine: Engine) -> None:
    events = list(engine.code([Document(
        id="d", text="Beijing dismissed as groundless claims that it had hacked Australia.",
        published=date(2023, 3, 1))]))  # fmt: skip
    found = [e for e in events if e.status == "denied"]
    assert found and found[0].attributed_to is not None
    assert found[0].attributed_to.country == "CHN"


def test_what_someone_is_believed_to_have_done_is_possible(engine: Engine) -> None:
    events = code(engine, "Syria is believed to have supplied Hezbollah with rockets.")
    assert one(events, "AID").status == "possible"


def test_what_there_is_no_evidence_of_did_not_happen(engine: Engine) -> None:
    text = "There is no evidence that Minsk sent troops to Ukraine, the Pentagon said."
    event = one(code(engine, text), "MOBILIZE")
    assert event.status == "negated" and source(event) == "USA"


def test_what_an_actor_hopes_to_do_is_planned(engine: Engine) -> None:
    events = code(engine, "Qatar hopes to host talks between the two sides next month.")
    assert one(events, "CONSULT").status == "planned"


def test_a_meeting_scene_keeps_its_own_status(engine: Engine) -> None:
    text = "Armenia and Azerbaijan failed to agree on a border during talks in Almaty."
    events = code(engine, text)
    assert one(events, "AGREE").status == "negated"
    assert one(events, "CONSULT").status == "occurred"


def test_who_says_so_while_rejecting_asserts_the_denial(engine: Engine) -> None:
    text = (
        "Syria's foreign minister rejected the report as baseless, saying Damascus had never "
        "used chemical weapons against civilians."
    )
    event = one(code(engine, text), "ASSAULT")
    assert event.status == "denied" and source(event) == "SYR"
