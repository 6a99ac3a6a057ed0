"""The most active actors: counted events as actor and as recipient."""

from __future__ import annotations

from datetime import date

import pytest

from polybius.graph.actors import top_actors
from polybius.store.database import Store


def test_actors_are_ranked_by_counted_events_on_either_side(world: Store) -> None:
    found = top_actors(world)
    assert [(a.code, a.as_actor, a.as_recipient, a.total) for a in found] == [
        ("RUS", 5, 5, 10),  # the self-directed CONSULT counts on both sides
        ("UKR", 2, 4, 6),
        ("EU", 1, 0, 1),
        ("IRN", 1, 0, 1),
        ("USA", 1, 0, 1),  # its denied AID to Ukraine is not counted
    ]
    assert (found[0].name, found[0].country) == ("Russia", "RUS")
    assert found[2].to_dict() == {"code": "EU", "name": "EU", "country": None, "as_actor": 1,
                                  "as_recipient": 0, "total": 1}  # fmt: skip


def test_actors_take_a_limit_and_a_window(world: Store) -> None:
    assert [a.code for a in top_actors(world, limit=2)] == ["RUS", "UKR"]
    february = top_actors(world, date_from=date(2022, 2, 1), date_to=date(2022, 2, 28))
    assert [(a.code, a.total) for a in february] == [("RUS", 3), ("IRN", 1), ("UKR", 1),
                                                      ("USA", 1)]  # fmt: skip
    assert top_actors(world, limit=0) == []
    with pytest.raises(ValueError):
        top_actors(world, limit=-1)
