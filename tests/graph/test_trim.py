"""A network cut to its heaviest edges."""

from __future__ import annotations

from datetime import date

import pytest

from polybius.graph.network import network
from polybius.graph.trim import trim_network
from polybius.store.database import Store


def test_the_heaviest_edges_and_their_nodes_are_kept(world: Store) -> None:
    found = network(world, date_from=date(2022, 1, 1), date_to=date(2022, 3, 31))
    cut = trim_network(found, 1)
    assert [(e.source, e.target) for e in cut.edges] == [("RUS", "UKR")]
    nodes = {n.code: n for n in cut.nodes}
    assert set(nodes) == {"RUS", "UKR"}
    assert (nodes["RUS"].out_degree, nodes["RUS"].in_degree, nodes["RUS"].degree) == (1, 0, 1)
    full = {n.code: n for n in found.nodes}
    assert nodes["RUS"].activity == full["RUS"].activity  # activity still counts every edge


def test_a_small_network_is_left_alone(world: Store) -> None:
    found = network(world)
    assert trim_network(found, 100) is found
    with pytest.raises(ValueError, match="must not be negative"):
        trim_network(found, -1)
