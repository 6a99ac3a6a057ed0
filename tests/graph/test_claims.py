"""The claims view: every state, who asserts, who denies, each report."""

from __future__ import annotations

from datetime import date

import pytest

from polybius.graph.claims import claims
from polybius.store.database import Store


def test_a_dyad_s_claims_show_who_asserts_and_who_denies(world: Store) -> None:
    (aid,) = claims(world, "IRN", "RUS")
    assert aid.event.type == "AID"
    assert (aid.event.state, aid.event.asserted_by, aid.event.denied_by) == (
        "contested", ("USA",), ("IRN",))  # fmt: skip
    assert [(v.speaker, v.status, v.stance, v.outlet) for v in aid.voices] == [
        ("USA", "occurred", "asserts", "Wire"),
        ("IRN", "denied", "denies", "Gazette"),
    ]
    assert [v.published for v in aid.voices] == [date(2022, 2, 15), date(2022, 2, 16)]
    assert claims(world, "rus", "irn") == claims(world, "IRN", "RUS")


def test_an_actor_s_claims_include_denied_events_oldest_first(world: Store) -> None:
    found = claims(world, "USA")
    assert [(c.event.type, c.event.state) for c in found] == [
        ("SANCTION", "reported"), ("AID", "denied")]  # fmt: skip
    assert found[0].voices[0].speaker == "Wire"  # the writer's own voice: the outlet
    assert [c.event.type for c in claims(world, "USA", state="denied")] == ["AID"]


def test_claims_take_a_window_a_limit_and_an_offset(world: Store) -> None:
    russia = claims(world, "RUS", limit=None)
    assert len(russia) == 9  # every event with Russia on a side, whatever its state
    assert russia[-1].event.date_start is None  # undated last
    assert [c.event.id for c in claims(world, "RUS", limit=2, offset=1)] == [
        c.event.id for c in russia[1:3]]  # fmt: skip
    march = claims(world, "RUS", date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))
    assert [c.event.type for c in march] == ["ASSAULT", "THREATEN", "CONSULT"]


def test_claims_as_json_and_a_bad_state(world: Store) -> None:
    record = claims(world, "IRN", "RUS")[0].to_dict()
    assert record["state"] == "contested"
    assert record["reports"][1] == {"speaker": "IRN", "status": "denied", "stance": "denies",
                                    "outlet": "Gazette", "published": "2022-02-16",
                                    "doc_id": "d3"}  # fmt: skip
    with pytest.raises(ValueError, match="unknown state 'rumoured'"):
        claims(world, "RUS", state="rumoured")
