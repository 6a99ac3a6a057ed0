"""Actor filters on an id other than the merge code: a person of a country (migration 3)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from polybius.records import Actor, Document, Event
from polybius.store.database import Store
from polybius.store.ingest import ingest
from polybius.store.query import EventQuery, count_events, events
from tests.store.conftest import LineCoder, doc

PUTIN = Actor("Putin", "Vladimir Putin", "Q7747", "RUS", "GOV")


class PutinCoder(LineCoder):
    """The line coder, with Putin as the actor of every event coded from a line naming him."""

    def code(self, documents: Iterable[Document]) -> Iterator[Event]:
        for event in super().code(documents):
            yield replace(event, actor=PUTIN) if "Putin" in event.sentence else event


def test_a_person_finds_his_events_and_his_country_finds_them_too(store: Store) -> None:
    ingest(store, [
        doc("p1", "ASSAULT RUS UKR 2022-10-17 occurred RUS Putin ordered strikes on Kyiv."),
        doc("p2", "ASSAULT RUS UKR 2022-10-17 occurred RUS Russian forces struck Kyiv."),
        doc("p3", "ASSAULT RUS UKR 2022-10-24 occurred RUS Russian forces struck Lviv."),
        doc("p4", "CONSULT UKR RUS 2022-10-25 occurred UKR Kyiv called the Kremlin."),
    ], PutinCoder())  # fmt: skip

    def days(**filters: object) -> list[date | None]:
        return [e.date_start for e in events(store, **filters)]  # type: ignore[arg-type]

    # p1 and p2 are one merged event, under the merge code RUS; Putin is in one of its reports.
    assert days(actor="Q7747") == [date(2022, 10, 17)]
    assert days(actor="q7747", date_from=date(2022, 10, 1), limit=1) == [date(2022, 10, 17)]
    assert days(actor="Q7747", date_from=date(2022, 10, 18)) == []
    assert days(actor="RUS") == [date(2022, 10, 17), date(2022, 10, 24)]
    assert days(either="Q7747") == [date(2022, 10, 17)]
    assert days(recipient="RUS") == [date(2022, 10, 25)]
    assert count_events(store, EventQuery(actor="Q7747")) == 1
