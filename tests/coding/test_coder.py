"""Behaviour of the event coder on sentences the team wrote (Contract 2 events)."""

from __future__ import annotations

from datetime import date

import pytest

from polybius.config import Config
from polybius.pipeline import Engine
from polybius.records import Document, Event
from tests.contract import CONTRACT_2_KEYS

pytestmark = pytest.mark.model


def code(engine: Engine, text: str, published: date | None = date(2022, 10, 20)) -> list[Event]:
    return list(engine.code([Document(id="t", text=text, published=published)]))


def dyads(events: list[Event], type_: str | None = None) -> set[tuple[str | None, str, str | None]]:
    """(actor code, type, recipient code) for each event, codes being country or IGO/group id."""

    def c(actor: object) -> str | None:
        if actor is None:
            return None
        return actor.country or actor.id  # type: ignore[attr-defined, no-any-return]

    return {(c(e.actor), e.type, c(e.recipient)) for e in events if type_ in (None, e.type)}


# ---- verbal and material events


def test_condemnation_is_accuse(engine: Engine) -> None:
    assert ("FRA", "ACCUSE", "IRN") in dyads(code(engine, "France condemned Iran on Monday."))


def test_call_for_is_request(engine: Engine) -> None:
    events = code(engine, "Germany called on Turkey to release the detained journalists.")
    assert ("DEU", "REQUEST", "TUR") in dyads(events)


def test_warning_is_threaten(engine: Engine) -> None:
    events = code(engine, "China warned Taiwan against any move toward independence.")
    assert ("CHN", "THREATEN", "TWN") in dyads(events)


def test_supplying_drones_is_military_aid(engine: Engine) -> None:
    events = code(engine, "Iran supplied Russia with drones last year.")
    aid = [e for e in events if e.type == "AID"]
    assert aid and (aid[0].actor.country, aid[0].recipient.country) == ("IRN", "RUS")
    assert aid[0].mode == "military"
    assert aid[0].cameo == "070"


def test_strike_on_capital_codes_country_as_recipient(engine: Engine) -> None:
    events = code(engine, "Russian missiles struck Kyiv on Monday.")
    assert ("RUS", "ASSAULT", "UKR") in dyads(events)


def test_imposing_sanctions_is_one_sanction_event(engine: Engine) -> None:
    events = code(engine, "The European Union imposed new sanctions on Iran.")
    assert dyads(events) == {("EU", "SANCTION", "IRN")}


# ---- nominal events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia's attack on Ukraine shocked the world.", ("RUS", "ASSAULT", "UKR")),
        ("The EU sanctions on Iran took effect on Friday.", ("EU", "SANCTION", "IRN")),
        ("Analysts worry about Iran's armament of Russia.", ("IRN", "AID", "RUS")),
        ("Peace talks between Ukraine and Russia resumed in Istanbul.", ("UKR", "CONSULT", "RUS")),
    ],
)
def test_nominal_events(engine: Engine, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in dyads(code(engine, text))


def test_phone_call_takes_actor_from_the_clause(engine: Engine) -> None:
    text = (
        "In a phone call with Josep Borrell, U.S. Secretary of State Antony Blinken discussed Iran."
    )
    events = code(engine, text, date(2022, 5, 1))
    consult = [e for e in events if e.type == "CONSULT" and e.mode == "phone"]
    assert consult and consult[0].actor.country == "USA"
    assert consult[0].recipient is not None and consult[0].recipient.sector == "IGO"


# ---- sentence structure


def test_passive_agent_is_actor(engine: Engine) -> None:
    text = "Iranian drones were used by Yemen's Houthi rebels to attack Saudi Arabia."
    events = code(engine, text)
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and assault[0].actor.country == "YEM" and assault[0].actor.sector == "REB"
    assert assault[0].recipient.country == "SAU"


def test_an_act_with_no_known_actor_is_left_out_unless_asked_for(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "More than 200 protesters have been arrested in Tehran since Friday."
    assert code(Engine(nlp=nlp), text) == []
    kept = code(Engine(Config(require_actor=False), nlp=nlp), text)
    assert [(e.type, e.actor) for e in kept] == [("COERCE", None)]


def test_violence_with_no_known_actor_is_still_counted(engine: Engine) -> None:
    events = code(engine, "The Ukrainian city of Kharkiv was shelled overnight.")
    assert [(e.actor, e.recipient.country if e.recipient else None) for e in events] == [
        (None, "UKR")
    ]


def test_relative_clause_actor(engine: Engine) -> None:
    text = "Turkey, which has offered military backing to the Free Syrian Army, met Russia."
    assert ("TUR", "AID", "SYR") in dyads(code(engine, text))


def test_conjoined_recipients_give_one_event_each(engine: Engine) -> None:
    events = code(engine, "Joe Biden will visit Israel and Saudi Arabia.", date(2022, 7, 1))
    assert {("USA", "CONSULT", "ISR"), ("USA", "CONSULT", "SAU")} <= dyads(events)


def test_conjoined_actors_give_one_event_each(engine: Engine) -> None:
    events = code(engine, "Britain and Canada expelled Russian diplomats on Tuesday.")
    assert {("GBR", "SANCTION", "RUS"), ("CAN", "SANCTION", "RUS")} <= dyads(events)


@pytest.mark.parametrize(
    "text",
    [
        "Oil prices rose sharply on Tuesday as traders weighed supply concerns.",
        "The museum will open a new wing devoted to Ottoman ceramics next spring.",
        "Liverpool's attack looked blunt in the second half.",
        "Iran has a population of about 88 million people.",
    ],
)
def test_sentences_without_political_events_give_none(engine: Engine, text: str) -> None:
    assert code(engine, text) == []


# ---- actors


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Tehran condemned Israel.", ("IRN", "GOV")),
        ("The Kremlin condemned Israel.", ("RUS", "GOV")),
        ("The White House condemned Iran.", ("USA", "GOV")),
        ("The Pentagon condemned Iran.", ("USA", "MIL")),
        ("Downing Street condemned Iran.", ("GBR", "GOV")),
        ("Kiev condemned Russia.", ("UKR", "GOV")),
        ("The U.S. condemned Iran.", ("USA", "GOV")),
        ("The UAE condemned Iran.", ("ARE", "GOV")),
        ("Saudi officials condemned Iran.", ("SAU", "GOV")),
        ("Iran's Foreign Ministry spokesman condemned Israel.", ("IRN", "GOV")),
        ("Hezbollah condemned Israel.", ("LBN", "REB")),
        ("The Islamic Revolutionary Guard Corps condemned Israel.", ("IRN", "MIL")),
    ],
)
def test_actor_resolution(engine: Engine, text: str, actor: tuple[str, str]) -> None:
    events = code(engine, text)
    assert events, text
    assert (events[0].actor.country, events[0].actor.sector) == actor


def test_igo_body_has_no_country(engine: Engine) -> None:
    events = code(engine, "The UN Security Council condemned North Korea.")
    assert events[0].actor.sector == "IGO" and events[0].actor.country is None
    assert events[0].recipient.country == "PRK"


def test_the_west_gets_its_own_code(engine: Engine) -> None:
    events = code(engine, "Western officials condemned Iran.")
    assert events[0].actor.id == "WEST" and events[0].actor.country is None


def test_office_titles_resolve_by_date(engine: Engine) -> None:
    text = "The Ukrainian president condemned Russia."
    old = code(engine, text, date(2017, 5, 1))[0].actor
    new = code(engine, text, date(2022, 5, 1))[0].actor
    assert old.country == new.country == "UKR"
    assert old.id != new.id
    assert "Zelensky" in new.name


def test_leader_name_resolves_to_country(engine: Engine) -> None:
    events = code(engine, "Vladimir Putin praised China.", date(2023, 3, 1))
    assert events[0].actor.country == "RUS" and events[0].actor.id.startswith("P:")


def test_spokesman_with_seat_of_power(engine: Engine) -> None:
    events = code(engine, "Kremlin spokesman Dmitry Peskov condemned NATO.", date(2022, 4, 1))
    assert events[0].actor.country == "RUS"


def test_generic_role_takes_country_from_context(engine: Engine) -> None:
    text = "Protests spread across Kenya on Monday. Police arrested dozens of protesters."
    events = code(engine, text)
    coerce = [e for e in events if e.type == "COERCE"]
    assert coerce and coerce[0].actor.country == "KEN" and coerce[0].actor.sector == "COP"


# ---- coreference


def test_pronoun_refers_to_previous_leader(engine: Engine) -> None:
    text = "Supreme Leader Ali Khamenei received Vladimir Putin on Tuesday. He praised Russia."
    events = code(engine, text, date(2022, 7, 20))
    support = [e for e in events if e.type == "SUPPORT"]
    assert support and support[0].actor.country == "IRN"


def test_mr_surname_refers_to_earlier_full_name(engine: Engine) -> None:
    text = "Supreme Leader Ali Khamenei spoke on Tuesday. Mr. Khamenei condemned Israel."
    events = code(engine, text, date(2022, 7, 20))
    assert ("IRN", "ACCUSE", "ISR") in dyads(events)


def test_the_country_and_the_bloc(engine: Engine) -> None:
    text = "The European Union met Serbia on Monday. The bloc praised the country for its reforms."
    assert ("EU", "SUPPORT", "SRB") in dyads(code(engine, text))


def test_neither_country_refers_to_the_pair_named_before(engine: Engine) -> None:
    text = (
        "Israel and Saudi Arabia have been cautious toward Moscow. "
        "Neither country has so far imposed sanctions on Russia."
    )
    events = [e for e in code(engine, text) if e.type == "SANCTION"]
    assert {(e.actor.country, e.recipient.country) for e in events} == {
        ("ISR", "RUS"),
        ("SAU", "RUS"),
    }
    assert {e.status for e in events} == {"negated"}


# ---- record shape


def test_event_record_has_contract_fields(engine: Engine) -> None:
    event = code(engine, "France condemned Iran on Monday.")[0]
    record = event.to_dict()
    assert set(record) >= CONTRACT_2_KEYS
    assert record["doc_id"] == "t"
    assert event.event_id == code(engine, "France condemned Iran on Monday.")[0].event_id


def test_hard_wrapped_lines_do_not_break_names(engine: Engine) -> None:
    from polybius.sources.text import unwrap_lines

    text = unwrap_lines("Turkish President Recep Tayyip\nErdogan condemned Israel on\nTuesday.")
    events = code(engine, text, date(2023, 11, 1))
    assert ("TUR", "ACCUSE", "ISR") in dyads(events)


# ---- conventions where the ontology needs a rule


def test_reported_obligation_is_a_request(engine: Engine) -> None:
    text = "Russia said on Tuesday that Sudan must return the seized helicopter."
    events = code(engine, text)
    assert ("RUS", "REQUEST", "SDN") in dyads(events)
    assert not [e for e in events if e.type == "RETREAT"]


def test_conditional_act_is_a_threat(engine: Engine) -> None:
    text = "Nigeria will withdraw its peacekeepers from Chad unless Chad agrees to a ceasefire."
    events = code(engine, text)
    threat = [e for e in events if e.type == "THREATEN"]
    assert threat and threat[0].actor.country == "NGA" and threat[0].recipient.country == "TCD"
    assert threat[0].status == "occurred"


def test_request_does_not_code_the_requested_action(engine: Engine) -> None:
    events = code(engine, "The African Union urged Ethiopia to withdraw its troops from Tigray.")
    assert {e.type for e in events} == {"REQUEST"}


def test_protest_purpose_is_folded_into_the_protest(engine: Engine) -> None:
    text = "Thousands of Kenyan students marched in Nairobi to demand lower fees."
    events = code(engine, text)
    assert {e.type for e in events} == {"PROTEST"}


def test_planned_hostile_act_carries_a_cameo_threat_code(engine: Engine) -> None:
    event = [
        e
        for e in code(engine, "NATO will tighten the naval blockade of Serbia.")
        if e.type == "COERCE"
    ][0]
    assert event.status == "planned" and event.cameo is not None and event.cameo.startswith("13")


def test_vow_to_retaliate_is_a_threat(engine: Engine) -> None:
    events = code(engine, "Iran vowed to attack Israel after the killing of its general.")
    assert ("IRN", "THREATEN", None) in dyads(events) or ("IRN", "THREATEN", "ISR") in dyads(events)


def test_example_articles_code_without_internal_errors(nlp) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from polybius.records import Problem
    from polybius.sources.files import read_documents

    problems: list[Problem] = []
    engine = Engine(nlp=nlp, on_problem=problems.append)
    examples = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"
    events = list(engine.code(read_documents([str(examples)])))
    assert problems == []
    assert len(events) >= 20
    assert {e.status for e in events} >= {"occurred", "planned", "denied", "negated"}


# ---- targets of embedded acts (a threat, refusal, demand or promise to do something to X)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("North Korea threatened to attack South Korea.", ("PRK", "THREATEN", "KOR")),
        ("Hungary threatened to cut off gas deliveries to Ukraine.", ("HUN", "THREATEN", "UKR")),
        ("India refused to condemn Russia at the summit.", ("IND", "REJECT", "RUS")),
        ("Egypt demanded that Ethiopia stop filling the dam.", ("EGY", "REQUEST", "ETH")),
        ("Spain has agreed to send air defence systems to Ukraine.", ("ESP", "AGREE", "UKR")),
        ("Ankara rejected repeated requests by Sweden for talks.", ("TUR", "REJECT", "SWE")),
    ],
)
def test_the_target_of_an_embedded_act_is_the_recipient(
    engine: Engine, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in dyads(code(engine, text), expected[1])


def test_an_embedded_act_on_the_actor_own_country_gives_no_recipient(engine: Engine) -> None:
    found = dyads(code(engine, "Brazil refused to deploy troops in Brasilia."), "REJECT")
    assert found and all(recipient != "BRA" for _, _, recipient in found)


def test_a_protest_with_no_target_is_aimed_at_the_state_where_it_happens(engine: Engine) -> None:
    events = code(engine, "Thousands of students demonstrated in Nairobi on Tuesday.")
    assert ("KEN", "PROTEST", "KEN") in dyads(events, "PROTEST")
    named = code(engine, "Hundreds of farmers protested against the European Union in Warsaw.")
    assert ("POL", "PROTEST", "EU") in dyads(named, "PROTEST")  # a named target comes first


def test_what_a_response_answers_does_not_borrow_the_responder(engine: Engine) -> None:
    accepted = code(engine, "The Peruvian government accepted the demands of striking miners.")
    assert not [e for e in accepted if e.type == "REQUEST" and e.actor and e.actor.country]
    charged = code(engine, "Moscow rejected Kyiv's charge that Russia shelled the power plant.")
    assert ("UKR", "ACCUSE", "RUS") in dyads(charged)  # the charge names its own actor


def test_an_order_to_do_something_is_a_demand(engine: Engine) -> None:
    events = code(engine, "Beijing ordered Manila to remove its ship from the shoal.")
    assert ("CHN", "REQUEST", "PHL") in dyads(events)
    assert not dyads(code(engine, "The minister ordered an inquiry."), "REQUEST")


def test_the_released_people_name_the_recipient(engine: Engine) -> None:
    events = code(engine, "Russia released three Ukrainian prisoners on Sunday.")
    assert ("RUS", "RETREAT", "UKR") in dyads(events)


def test_an_aid_package_for_a_country_names_its_recipient(engine: Engine) -> None:
    events = code(engine, "Japan unveiled a new economic aid package for Kenya.")
    assert ("JPN", "AID", "KEN") in dyads(events, "AID")


def test_trading_blows_is_not_commerce(engine: Engine) -> None:
    events = code(engine, "Serbia and Kosovo traded accusations on Monday.")
    assert not dyads(events, "COOPERATE")


def test_a_warning_about_another_side_reports_its_possible_act(engine: Engine) -> None:
    events = code(engine, "Britain warned that Russia could attack Moldova within weeks.")
    assert ("RUS", "ASSAULT", "MDA") in dyads(events)
    assert not dyads(events, "THREATEN")  # Britain threatens nobody


def test_a_warning_of_ones_own_act_is_a_threat_to_its_target(engine: Engine) -> None:
    events = code(engine, "Belarus warned that it would strike Lithuania if provoked.")
    assert ("BLR", "THREATEN", "LTU") in dyads(events)


def test_people_acted_on_take_their_country_from_where_it_happens(engine: Engine) -> None:
    events = code(
        engine, "Russian artillery shelled apartment blocks in Zaporizhzhia, killing civilians."
    )
    assert ("RUS", "ASSAULT", "UKR") in dyads(events)
    assert ("RUS", "ASSAULT", "RUS") not in dyads(events)


def test_a_site_named_after_its_place_gives_the_target_state(engine: Engine) -> None:
    events = code(engine, "Russian drones hit the Odesa port overnight.")
    assert ("RUS", "ASSAULT", "UKR") in dyads(events)


def test_the_actor_own_side_is_no_recipient_and_the_other_side_is_found(engine: Engine) -> None:
    events = code(engine, "Belarus moved more troops to its border with Lithuania.")
    assert ("BLR", "MOBILIZE", "LTU") in dyads(events)


def test_a_withdrawal_from_a_named_site_names_its_state(engine: Engine) -> None:
    events = code(engine, "Turkey withdrew its soldiers from the Mosul airport.")
    assert ("TUR", "RETREAT", "IRQ") in dyads(events)


def test_a_personal_account_does_not_lend_its_pronouns_to_leaders(engine: Engine) -> None:
    text = ("Prime Minister Narendra Modi visited the flooded district on Monday. "
            "She asked me how long I would wait for help.")  # fmt: skip
    events = code(engine, text)
    assert not [e for e in events if e.type == "REQUEST" and e.actor and e.actor.country]


def test_a_preposition_after_the_object_makes_no_phrasal_verb(engine: Engine) -> None:
    events = code(engine, "The French president gave speeches in Lyon and Marseille on Monday.")
    assert not dyads(events, "CONCEDE")


def test_a_politician_who_attacks_a_rival_does_so_in_words(engine: Engine) -> None:
    text = "Russian President Vladimir Putin attacked Ukrainian President Volodymyr Zelensky."
    assert ("RUS", "ACCUSE", "UKR") in dyads(code(engine, text))
    assert ("RUS", "ASSAULT", "UKR") in dyads(code(engine, "Russian forces attacked Ukraine."))


def test_the_distinctive_surname_of_a_sitting_leader_names_them_alone(engine: Engine) -> None:
    events = code(engine, "Erdogan criticized Sweden over the protest.", date(2023, 1, 25))
    assert ("TUR", "ACCUSE", "SWE") in dyads(events)


def test_a_common_surname_alone_names_nobody(engine: Engine) -> None:
    events = code(engine, "Johnson criticized Sweden over the protest.", date(2020, 1, 25))
    assert not [e for e in events if e.actor and e.actor.country == "GBR"]


def test_a_meeting_on_the_sidelines_of_a_summit_is_one_event(engine: Engine) -> None:
    text = (
        "French President Emmanuel Macron met Indian Prime Minister Narendra Modi"
        " on the sidelines of the G7 summit."
    )
    events = code(engine, text, date(2023, 5, 20))
    assert ("FRA", "CONSULT", "IND") in dyads(events)
    assert not [e for e in events if e.actor and e.actor.id == "G7"]


def test_joint_exercises_are_military_cooperation_both_ways(engine: Engine) -> None:
    events = code(engine, "India and France held joint naval exercises off Goa.")
    assert {("IND", "COOPERATE", "FRA"), ("FRA", "COOPERATE", "IND")} <= dyads(events)


def test_receiving_arms_from_a_state_is_aid_by_that_state(engine: Engine) -> None:
    events = code(engine, "Poland received a first batch of tanks from South Korea.")
    assert ("KOR", "AID", "POL") in dyads(events)
    visit = code(engine, "Poland received the German chancellor on Monday.")
    assert not dyads(visit, "AID")


def test_accepting_demands_is_a_concession_to_those_who_made_them(engine: Engine) -> None:
    events = code(engine, "The Colombian government accepted demands from the ELN guerrillas.")
    assert dyads(events, "CONCEDE")
    assert not dyads(events, "REQUEST")


def test_executing_people_is_assault_and_executing_a_plan_is_nothing(engine: Engine) -> None:
    events = code(engine, "Iran executed four Kurdish prisoners on Saturday.")
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and assault[0].mode == "execute"
    assert not code(engine, "Iran executed the plan on Saturday.")


def test_a_pardon_is_a_concession(engine: Engine) -> None:
    events = code(engine, "Belarus pardoned 18 opposition activists on Monday.")
    assert dyads(events, "CONCEDE") and not dyads(events, "RETREAT")


def test_the_scene_of_a_failed_agreement_still_took_place(engine: Engine) -> None:
    text = "Israel and Lebanon failed to agree on a border at their talks in Naqoura."
    events = code(engine, text)
    talks = [e for e in events if e.type == "CONSULT"]
    assert {(e.actor.country, e.recipient.country) for e in talks if e.actor and e.recipient} >= {
        ("ISR", "LBN")
    }
    assert {e.status for e in talks} == {"occurred"}
    assert {e.status for e in events if e.type == "AGREE"} == {"negated"}


def test_we_in_a_quote_is_the_speakers_country(engine: Engine) -> None:
    text = '"We will deliver more artillery shells to Ukraine," Chancellor Olaf Scholz said.'
    events = code(engine, text, date(2023, 3, 1))
    aid = [e for e in events if e.type == "AID"]
    assert aid and aid[0].actor is not None and aid[0].actor.id == "DEU"
    assert aid[0].recipient is not None and aid[0].recipient.country == "UKR"


def test_we_in_a_private_persons_quote_is_nobody(engine: Engine) -> None:
    text = '"We will send blankets to the shelter," said Anna Keller, a volunteer in Berlin.'
    assert not code(engine, text, date(2023, 3, 1))


def test_a_surname_after_another_first_name_is_someone_else(engine: Engine) -> None:
    text = "Dr. Mark Putin, a dentist in Ohio, said he would travel to Kyiv."
    events = code(engine, text, date(2023, 3, 1))
    assert not [e for e in events if e.actor and e.actor.country == "RUS"]


def test_exercises_by_two_countries_are_cooperation(engine: Engine) -> None:
    events = code(engine, "Indian and French warships began five days of war games off Goa.")
    assert {("IND", "COOPERATE", "FRA"), ("FRA", "COOPERATE", "IND")} <= dyads(events)
    assert not dyads(events, "ASSAULT")
    alone = code(engine, "Iran began five days of war games near the Strait of Hormuz.")
    assert ("IRN", "MOBILIZE", None) in dyads(alone)


def test_fighting_that_breaks_out_between_two_sides_is_two_sided(engine: Engine) -> None:
    events = code(engine, "Fighting broke out between Kyrgyz and Tajik border guards on Friday.")
    assert {("KGZ", "ASSAULT", "TJK"), ("TJK", "ASSAULT", "KGZ")} <= dyads(events)


def test_applying_for_membership_requests_it_of_the_body(engine: Engine) -> None:
    events = code(engine, "Sweden applied for membership of NATO in May.")
    assert ("SWE", "REQUEST", "NATO") in dyads(events)


def test_two_leaders_who_spoke_consulted_each_other(engine: Engine) -> None:
    events = code(
        engine, "Emmanuel Macron and Olaf Scholz spoke by phone on Sunday.", date(2023, 3, 1)
    )
    assert {("FRA", "CONSULT", "DEU"), ("DEU", "CONSULT", "FRA")} <= dyads(events)


def test_sending_an_envoy_is_a_visit(engine: Engine) -> None:
    events = code(engine, "China will send its special envoy to Kyiv next week.")
    assert ("CHN", "CONSULT", "UKR") in dyads(events)


def test_travel_bans_are_not_travel(engine: Engine) -> None:
    events = code(engine, "Canada imposed travel bans on nine Iranian officials.")
    assert not dyads(events, "CONSULT")


def test_two_sides_that_agree_to_act_agree_with_each_other(engine: Engine) -> None:
    events = code(engine, "Ethiopia and Sudan agreed to reopen their border crossing.")
    assert {("ETH", "AGREE", "SDN"), ("SDN", "AGREE", "ETH")} <= dyads(events)


def test_a_mediator_acts_on_both_sides(engine: Engine) -> None:
    events = code(engine, "Turkey is mediating between Russia and Ukraine.")
    assert {("TUR", "CONSULT", "RUS"), ("TUR", "CONSULT", "UKR")} <= dyads(events)


def test_a_body_that_suspends_a_member_sanctions_it(engine: Engine) -> None:
    events = code(engine, "The African Union suspended Gabon after the coup.")
    assert ("AU", "SANCTION", "GAB") in dyads(events)


def test_protesters_who_clash_with_police_riot(engine: Engine) -> None:
    events = code(engine, "Protesters in Dakar clashed with police on Friday.")
    riots = [e for e in events if e.type == "PROTEST"]
    assert riots and riots[0].mode == "riot"
    assert not dyads(events, "ASSAULT")


def test_the_state_named_inside_what_is_acted_on_is_the_recipient(engine: Engine) -> None:
    events = code(engine, "Russia banned imports of Moldovan wine.")
    assert ("RUS", "SANCTION", "MDA") in dyads(events)
    money = code(engine, "China invested nine billion US dollars in the project.")
    assert not [e for e in money if e.recipient and e.recipient.country == "USA"]


def test_buying_weapons_from_a_state_is_military_cooperation(engine: Engine) -> None:
    events = code(engine, "Egypt bought 30 Rafale jets from France.")
    assert ("EGY", "COOPERATE", "FRA") in dyads(events)


def test_granting_candidate_status_is_support(engine: Engine) -> None:
    events = code(engine, "The European Union granted Georgia candidate status.")
    assert ("EU", "SUPPORT", "GEO") in dyads(events)


def test_talks_that_are_the_scene_of_a_statement_took_place(engine: Engine) -> None:
    text = "Saudi Arabia and Iran pledged to restore ties during talks in Beijing."
    events = code(engine, text)
    talks = [e for e in events if e.type == "CONSULT"]
    assert talks and {e.status for e in talks} == {"occurred"}


def test_a_planned_trip_is_planned(engine: Engine) -> None:
    events = code(engine, "Officials discussed the president's planned trip to Warsaw.")
    assert {e.status for e in events if e.type == "CONSULT" and e.mode == "visit"} <= {"planned"}


def test_seizing_an_opportunity_is_no_coercion(engine: Engine) -> None:
    assert not dyads(code(engine, "Vietnam can seize the opportunity to attract Chinese firms."))


def test_slamming_a_state_is_criticism_and_slamming_a_door_is_not(engine: Engine) -> None:
    events = code(engine, "India slammed Canada for harbouring separatists.")
    assert ("IND", "ACCUSE", "CAN") in dyads(events)
    assert not code(engine, "The minister slammed the door and left.")


def test_a_missile_test_is_a_show_of_force(engine: Engine) -> None:
    events = code(engine, "Pakistan test-fired a cruise missile on Monday.")
    assert ("PAK", "MOBILIZE", None) in dyads(events)
    assert not dyads(events, "ASSAULT")


def test_troops_massed_near_a_border_name_its_state(engine: Engine) -> None:
    events = code(engine, "Venezuela massed troops near the Guyanese border.")
    assert ("VEN", "MOBILIZE", "GUY") in dyads(events)


def test_a_vow_to_retaliate_carries_a_threat_code(engine: Engine) -> None:
    threats = [e for e in code(engine, "Iran vowed to retaliate against Israel.")]
    assert [e.cameo for e in threats if e.type == "THREATEN"] == ["130"]


def test_hosting_foreign_weapons_is_military_cooperation(engine: Engine) -> None:
    events = code(engine, "Poland will host American nuclear weapons.")
    assert ("POL", "COOPERATE", "USA") in dyads(events)
    assert not dyads(events, "CONSULT")


def test_a_call_for_a_ceasefire_somewhere_is_addressed_there(engine: Engine) -> None:
    events = code(engine, "The African Union called for an immediate ceasefire in Libya.")
    assert ("AU", "REQUEST", "LBY") in dyads(events)
    talks = code(engine, "Iran and the United States held talks in Oman.")
    assert not [e for e in talks if e.recipient and e.recipient.country == "OMN"]


def test_a_statement_demanding_something_is_its_issuers_demand(engine: Engine) -> None:
    events = code(engine, "The Houthis issued a statement demanding that Riyadh lift the blockade.")
    assert ("HOUTHI", "REQUEST", "SAU") in {(e.actor.id if e.actor else None, e.type,
        e.recipient.country if e.recipient else None) for e in events}  # fmt: skip


def test_those_engaged_in_an_act_do_it(engine: Engine) -> None:
    events = code(engine, "Sudanese forces have been engaged in ethnic cleansing in Darfur.")
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and assault[0].actor is not None and assault[0].actor.country == "SDN"
    assert assault[0].mode == "cleansing"


def test_named_forces_that_are_moved_are_the_side_moving(engine: Engine) -> None:
    events = code(engine, "Turkish troops were deployed to northern Iraq.")
    assert ("TUR", "MOBILIZE", "IRQ") in dyads(events)
    released = code(engine, "Fifty Ukrainian soldiers were released on Friday.")
    assert not [e for e in released if e.actor and e.actor.country == "UKR"]


def test_police_firing_tear_gas_at_protesters_is_violent_repression(engine: Engine) -> None:
    events = code(engine, "Georgian police fired tear gas at protesters in Tbilisi.")
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and assault[0].cameo == "175"


def test_scrambling_jets_is_a_show_of_force(engine: Engine) -> None:
    events = code(engine, "Japan scrambled fighter jets after Russian bombers neared Hokkaido.")
    assert ("JPN", "MOBILIZE", None) in dyads(events) or dyads(events, "MOBILIZE")


def test_a_rally_for_ones_own_government_is_support(engine: Engine) -> None:
    text = "Thousands of Turks rallied in Ankara in support of President Recep Tayyip Erdogan."
    events = code(engine, text, date(2023, 5, 1))
    assert not dyads(events, "PROTEST")
    assert [e for e in events if e.type == "SUPPORT" and e.recipient is not None]


def test_one_act_with_and_without_its_target_is_one_event(engine: Engine) -> None:
    text = "Poland summoned the Russian ambassador to protest against the missile strike."
    accusations = [e for e in code(engine, text) if e.type == "ACCUSE"]
    assert len(accusations) == 1 and accusations[0].recipient is not None


def test_money_given_as_aid_is_economic_aid(engine: Engine) -> None:
    events = code(engine, "Germany will give Moldova 95 million euros in aid.")
    assert [e.mode for e in events if e.type == "AID"] == ["economic"]


def test_an_arrest_warrant_names_who_is_to_be_arrested(engine: Engine) -> None:
    events = code(engine, "A Russian court issued an arrest warrant for the ICC prosecutor.")
    assert dyads(events, "COERCE")


def test_the_two_leaders_are_the_last_two_named(engine: Engine) -> None:
    text = (
        "Emmanuel Macron met Olaf Scholz in Berlin on Monday. "
        "The two leaders discussed a common European air defence."
    )
    events = code(engine, text, date(2023, 6, 5))
    assert {("DEU", "CONSULT", "FRA"), ("FRA", "CONSULT", "DEU")} <= dyads(events)


def test_a_natural_cause_is_no_ones_act(engine: Engine) -> None:
    assert not code(engine, "Five people were injured by falling debris in Odesa.")
    events = code(engine, "Two soldiers were killed by a roadside bomb near Kandahar.")
    assert [e.type for e in events] == ["ASSAULT"]


def test_a_local_official_belongs_to_where_the_event_happened(engine: Engine) -> None:
    text = "Russian drones struck Kherson overnight, injuring four people, the governor said."
    events = [e for e in code(engine, text) if e.type == "ASSAULT"]
    assert len(events) == 1 and events[0].recipient is not None
    assert events[0].recipient.country == "UKR"
    assert events[0].attributed_to is not None and events[0].attributed_to.country == "UKR"


def test_a_big_city_the_tagger_took_for_a_person_is_still_a_place(engine: Engine) -> None:
    events = code(engine, "Russian missiles struck Odesa overnight.")
    assert ("RUS", "ASSAULT", "UKR") in dyads(events)


def test_receiving_a_countrys_weapons_is_aid_from_that_country(engine: Engine) -> None:
    events = code(engine, "Russia has received a first shipment of North Korean shells.")
    assert ("PRK", "AID", "RUS") in dyads(events)
    criticised = code(engine, "Hungary received criticism from Brussels for the veto.")
    assert not [e for e in criticised if e.actor and e.actor.country == "HUN"]


def test_a_refusal_answers_whoever_asked_in_the_clause_before(engine: Engine) -> None:
    events = code(engine, "Poland asked Germany for more tanks, but Germany refused.")
    assert ("DEU", "REJECT", "POL") in dyads(events)


def test_a_struck_capital_and_its_killed_civilians_are_one_attack(engine: Engine) -> None:
    events = code(engine, "Russian missiles struck Kyiv on Monday, killing eight civilians.")
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert assaults[0].recipient is not None and assaults[0].recipient.sector == "CVL"
    assert assaults[0].location is not None and assaults[0].location.country == "UKR"


def test_two_sides_agreeing_to_act_do_not_target_their_own_people(engine: Engine) -> None:
    events = code(engine, "Armenia and Azerbaijan agreed to exchange prisoners.")
    assert {("ARM", "AGREE", "AZE"), ("AZE", "AGREE", "ARM")} <= dyads(events)
    assert not [e for e in events if e.actor and e.recipient and e.actor.country ==
                e.recipient.country]  # fmt: skip


def test_a_resignation_is_a_retreat(engine: Engine) -> None:
    events = code(engine, "Peru's prime minister resigned on Sunday.")
    assert [(e.type, e.mode) for e in events] == [("RETREAT", "resign")]


def test_readiness_to_impose_martial_law_is_a_threat(engine: Engine) -> None:
    events = code(engine, "The Thai army said it was prepared to impose martial law.")
    assert dyads(events, "THREATEN") and not dyads(events, "AGREE")


def test_what_a_resolution_aims_at_is_no_event(engine: Engine) -> None:
    text = "France will back a UN resolution that aims to impose sanctions on Mali."
    assert not dyads(code(engine, text), "SANCTION")
    censure = code(engine, "The board passed a resolution censuring Iran.")
    assert dyads(censure, "ACCUSE") or censure == []


def test_police_using_tear_gas_is_repression_not_chemical_war(engine: Engine) -> None:
    events = code(engine, "Kenyan police used tear gas against protesters in Nairobi.")
    assert [(e.type, e.cameo) for e in events] == [("ASSAULT", "175")]


def test_the_authority_to_strike_is_no_strike(engine: Engine) -> None:
    text = "Turkey granted its army the authority to strike Kurdish militants in Syria."
    assert not dyads(code(engine, text), "ASSAULT")


def test_what_protesters_set_out_to_oppose_is_their_protest(engine: Engine) -> None:
    text = "Thousands of protesters surrounded the Georgian parliament to oppose the law."
    events = code(engine, text)
    assert dyads(events, "PROTEST") and not dyads(events, "REJECT")


def test_protesters_storming_an_embassy_riot(engine: Engine) -> None:
    events = code(engine, "Hundreds of Iraqi protesters stormed the Danish embassy in Baghdad.")
    riots = [e for e in events if e.type == "PROTEST"]
    assert riots and riots[0].mode == "riot"
    troops = code(engine, "Iraqi troops stormed the city of Mosul.")
    assert dyads(troops, "ASSAULT")


def test_exchanging_fire_is_two_sided_violence(engine: Engine) -> None:
    events = code(engine, "India and Pakistan exchanged fire along the Line of Control.")
    assert {("IND", "ASSAULT", "PAK"), ("PAK", "ASSAULT", "IND")} <= dyads(events)


def test_an_attack_and_what_it_killed_are_one_event(engine: Engine) -> None:
    text = "Boko Haram attacked a military base in Nigeria, killing 12 soldiers."
    assaults = [e for e in code(engine, text) if e.type == "ASSAULT"]
    assert len(assaults) == 1 and assaults[0].recipient is not None
    assert assaults[0].recipient.sector == "MIL"
