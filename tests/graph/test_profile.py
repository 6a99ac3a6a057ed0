"""One actor's profile: relations, partners, opponents, latest events."""

from __future__ import annotations

from polybius.graph.profile import actor_profile
from polybius.store.database import Store


def test_relations_sum_both_directions(world: Store) -> None:
    found = actor_profile(world, "ukr")
    assert found is not None and (found.code, found.name) == ("UKR", "Ukraine")
    relations = {r.code: r for r in found.relations}
    assert set(relations) == {"RUS", "EU"}
    rus = relations["RUS"]
    assert (rus.outgoing.events, rus.incoming.events) == (2, 3)
    assert rus.score == -1.5 - 30.0  # CONSULT planned (+0.5), ACCUSE (-2); three ASSAULTs
    assert [r.code for r in found.opponents] == ["RUS"]
    assert [r.code for r in found.partners] == ["EU"]


def test_latest_events_come_newest_first_with_every_claim_state(world: Store) -> None:
    found = actor_profile(world, "USA", latest=2)
    assert found is not None
    assert [(e.type, e.state) for e in found.latest] == [
        ("AID", "denied"),
        ("SANCTION", "reported"),
    ]


def test_an_unknown_actor_has_no_profile(world: Store) -> None:
    assert actor_profile(world, "XYZ") is None
