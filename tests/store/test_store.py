"""The store on SQLite and PostgreSQL: schema, idempotent ingest, stories, claims, queries.

Every test runs on each backend (PostgreSQL only when POLYBIUS_TEST_PG_URL is
set). Documents are coded by the line coder of ``conftest``, so each test
says exactly which events its documents hold.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from polybius.records import Document
from polybius.store import schema
from polybius.store.database import Store, open_store
from polybius.store.errors import NewerSchemaError
from polybius.store.ingest import ingest
from polybius.store.migrations import LATEST
from polybius.store.query import EventQuery, count_events, event_mentions, events, query_events
from tests.store.conftest import LineCoder, doc

STRIKE = "ASSAULT RUS UKR 2022-10-17 occurred - Russia struck Kyiv with drones on Monday."
STRIKE_WIRE = "ASSAULT RUS UKR 2022-10-17 occurred UKR Russian drones hit Kyiv, Ukraine said."
THURSDAY = "ASSAULT RUS UKR 2022-10-20 occurred - Russia struck Kyiv with drones on Thursday."
AID = "AID IRN RUS 2022-10-18p occurred USA Iran sent drones to Russia, U.S. officials said."
AID_DENIED = "AID IRN RUS 2022-10-19p denied IRN Iran denied sending drones to Russia."
SANCTION = "SANCTION EU IRN 2022-10-20 occurred - The EU imposed sanctions on Iran."


def counts(store: Store) -> dict[str, int]:
    """Rows per table."""
    with store.reading() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (schema.documents, schema.sentences, schema.mentions, schema.events,
                          schema.actors)
        }  # fmt: skip


def corpus() -> list:
    return [
        doc("d1", STRIKE, AID, outlet="Daily", published="2022-10-18"),
        doc("d2", STRIKE_WIRE, AID_DENIED, outlet="Wire", published="2022-10-19"),
        doc("d3", THURSDAY, SANCTION, outlet="Daily", published="2022-10-21"),
    ]


def test_a_new_database_is_created_at_the_latest_schema_version(store: Store) -> None:
    with store.reading() as conn:
        versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
    assert versions == list(range(1, LATEST + 1))
    assert counts(store)["documents"] == 0


def test_a_database_from_a_newer_version_is_refused_and_left_alone(db_url: str) -> None:
    with open_store(db_url) as store, store.writing() as conn:
        conn.execute(schema.schema_version.insert().values(
            version=LATEST + 1, description="from the future", applied_at="2030-01-01"
        ))  # fmt: skip
    with pytest.raises(NewerSchemaError, match=f"schema version {LATEST + 1}, newer"):
        open_store(db_url)
    with pytest.raises(NewerSchemaError):
        open_store(db_url, create=False)


def test_ingest_stores_documents_evidence_mentions_events_and_actors(
    store: Store, coder: LineCoder
) -> None:
    report = ingest(store, corpus(), coder)
    assert (report.read, report.added, report.mentions) == (3, 3, 6)
    assert counts(store) == {
        "documents": 3, "sentences": 6, "mentions": 6, "events": 4, "actors": 5,
    }  # fmt: skip
    strike = events(store, type="ASSAULT", date_to=date(2022, 10, 17))[0]
    mentions = event_mentions(store, strike.id)
    assert [m["document"]["outlet"] for m in mentions] == ["Daily", "Wire"]
    assert mentions[0]["sentence"] == STRIKE.split(" - ")[1]
    assert mentions[0]["actor"]["country"] == "RUS"  # the full Contract 2 record


def test_ingesting_the_same_documents_again_changes_nothing(store: Store, coder: LineCoder) -> None:
    ingest(store, corpus(), coder)
    before = counts(store)
    stories = [(e.id, e.report_count, e.mention_count) for e in events(store)]
    again = ingest(store, corpus(), coder, batch_size=2)
    assert (again.added, again.unchanged, again.mentions) == (0, 3, 0)
    assert counts(store) == before
    assert [(e.id, e.report_count, e.mention_count) for e in events(store)] == stories
    assert coder.coded == ["d1", "d2", "d3"]  # nothing was coded twice


def test_the_same_text_under_another_id_is_skipped_and_reported(
    store: Store, coder: LineCoder
) -> None:
    problems: list = []
    copy = doc("copy-of-d1", STRIKE, AID, outlet="Syndicate")
    report = ingest(store, [*corpus(), copy], coder, on_problem=problems.append)
    assert report.duplicates == 1
    assert "same text as stored document 'd1'" in str(problems[0])
    assert counts(store)["documents"] == 3


def test_a_changed_text_replaces_its_old_mentions_without_inflating_counts(
    store: Store, coder: LineCoder
) -> None:
    ingest(store, corpus(), coder)
    revised = doc("d2", STRIKE_WIRE, outlet="Wire", published="2022-10-19")  # denial withdrawn
    report = ingest(store, [revised], coder)
    assert report.updated == 1
    assert counts(store)["mentions"] == 5
    aid = events(store, type="AID")[0]
    assert (aid.state, aid.report_count, aid.denied_by) == ("reported", 1, ())
    strike = events(store, type="ASSAULT")[0]
    assert (strike.report_count, strike.mention_count) == (2, 2)


def test_a_story_that_loses_all_its_reports_is_removed(store: Store, coder: LineCoder) -> None:
    ingest(store, [doc("d1", SANCTION)], coder)
    ingest(store, [doc("d1", "The EU met.")], coder)
    assert counts(store)["events"] == 0


def test_reports_of_one_event_in_several_outlets_merge_into_one_story(
    store: Store, coder: LineCoder
) -> None:
    ingest(store, corpus(), coder)
    monday, thursday = events(store, type="ASSAULT")
    assert (monday.date_start, thursday.date_start) == (date(2022, 10, 17), date(2022, 10, 20))
    assert monday.outlets == ("Daily", "Wire")
    assert (monday.first_reported, monday.last_reported) == (date(2022, 10, 18), date(2022, 10, 19))
    assert (monday.report_count, monday.mention_count) == (2, 2)
    assert (monday.state, monday.asserted_by) == ("corroborated", ("Daily", "UKR"))
    assert (thursday.report_count, thursday.state) == (1, "reported")


def test_claim_states_follow_who_asserts_and_who_denies(store: Store, coder: LineCoder) -> None:
    ingest(store, corpus(), coder)
    ingest(store, [doc("d4", "AID IRN RUS 2022-11-30 denied IRN Iran denied it.")], coder)
    aid, later = events(store, type="AID")
    assert (aid.state, aid.asserted_by, aid.denied_by) == ("contested", ("USA",), ("IRN",))
    assert aid.status == "occurred"
    assert (later.state, later.status) == ("denied", "denied")


def test_filters_on_actors_countries_sectors_types_claims_dates_outlets(
    store: Store, coder: LineCoder
) -> None:
    ingest(store, corpus(), coder)

    def types(**filters: object) -> list[str]:
        return [f"{e.type}:{e.date_start}" for e in events(store, **filters)]  # type: ignore[arg-type]

    assert types(actor="rus") == ["ASSAULT:2022-10-17", "ASSAULT:2022-10-20"]
    assert types(recipient="RUS") == ["AID:2022-10-18"]
    assert types(either="IRN") == ["AID:2022-10-18", "SANCTION:2022-10-20"]
    assert types(actor="EU") == ["SANCTION:2022-10-20"]
    assert types(country="IRN") == types(either="IRN")
    assert types(sector="IGO") == ["SANCTION:2022-10-20"]
    assert types(type="sanction", actor="EU") == ["SANCTION:2022-10-20"]
    assert types(status="denied") == ["AID:2022-10-18"]
    assert types(state="corroborated") == ["ASSAULT:2022-10-17"]
    assert types(date_from=date(2022, 10, 19), date_to=date(2022, 10, 20)) == [
        "AID:2022-10-18",  # reported 18 and 19 October with no date of its own
        "ASSAULT:2022-10-20",
        "SANCTION:2022-10-20",
    ]
    assert types(outlet="wire") == ["ASSAULT:2022-10-17", "AID:2022-10-18"]
    assert types(limit=2, offset=1) == ["AID:2022-10-18", "ASSAULT:2022-10-20"]
    assert types(actor="CHN") == []


def test_full_text_search_finds_words_of_evidence_sentences(store: Store, coder: LineCoder) -> None:
    ingest(store, corpus(), coder)
    assert [e.type for e in events(store, text="sanctions")] == ["SANCTION"]
    assert [e.type for e in events(store, text="sanction")] == ["SANCTION"]  # stemmed
    assert [e.date_start.day for e in events(store, text="Thursday drones")] == [20]
    assert len(events(store, text='"drones) AND the')) == 3  # no query syntax
    assert events(store, text="Beijing") == []
    assert len(events(store, text="  ")) == 4


def test_count_and_bad_filters(store: Store, coder: LineCoder) -> None:
    ingest(store, corpus(), coder)
    assert count_events(store) == 4
    assert count_events(store, EventQuery(actor="RUS", limit=1)) == 2
    assert len(query_events(store, EventQuery(limit=None))) == 4
    with pytest.raises(ValueError, match="unknown type 'BOMB'"):
        EventQuery(type="BOMB")
    with pytest.raises(ValueError):
        EventQuery(limit=-1)


def test_a_document_the_database_rejects_is_reported_and_the_batch_goes_on(
    store: Store, coder: LineCoder
) -> None:
    problems: list = []
    malformed = Document(id="bad", text=SANCTION, published="someday")  # type: ignore[arg-type]
    report = ingest(store, [doc("d1", STRIKE), malformed, doc("d3", THURSDAY)], coder,
                    on_problem=problems.append)  # fmt: skip
    assert (report.added, report.failed) == (2, 1)
    assert [p.source for p in problems] == ["bad"]
    assert "could not be stored, skipped" in problems[0].message
    assert counts(store)["documents"] == 2
    assert [e.type for e in events(store)] == ["ASSAULT", "ASSAULT"]


def test_a_document_the_coder_fails_on_is_reported_and_the_batch_goes_on(store: Store) -> None:
    class Fragile(LineCoder):
        def code(self, documents):  # type: ignore[no-untyped-def]
            for event in super().code(documents):
                if event.doc_id == "bad":
                    raise RuntimeError("parser crashed")
                yield event

    problems: list = []
    batch = [doc("d1", STRIKE), doc("bad", SANCTION), doc("d3", THURSDAY)]
    report = ingest(store, batch, Fragile(), on_problem=problems.append)
    assert (report.added, report.failed) == (2, 1)
    assert "could not be coded, skipped: RuntimeError('parser crashed')" in str(problems[0])


def test_a_repeated_id_in_one_input_is_reported_and_the_first_copy_kept(
    store: Store, coder: LineCoder
) -> None:
    problems: list = []
    batch = [doc("d1", STRIKE), doc("d2", SANCTION), doc("d1", THURSDAY)]
    report = ingest(store, batch, coder, batch_size=2, on_problem=problems.append)
    assert (report.read, report.added, report.failed) == (3, 2, 1)
    assert "duplicate document id" in str(problems[0])
    assert [e.date_start for e in events(store, type="ASSAULT")] == [date(2022, 10, 17)]
