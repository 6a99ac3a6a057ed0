"""The network of a window: signed, weighted edges; nodes with activity and degrees."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from polybius.graph.network import network
from polybius.graph.weights import Scale
from polybius.store.database import Store

Q1: dict[str, Any] = {"date_from": date(2022, 1, 1), "date_to": date(2022, 3, 31)}


def test_edges_sum_the_events_of_each_directed_pair(world: Store) -> None:
    found = network(world, **Q1)
    edges = {(e.source, e.target): e.flow for e in found.edges}
    assert list(edges) == [("RUS", "UKR"), ("UKR", "RUS"), ("EU", "UKR"), ("IRN", "RUS"),
                           ("USA", "RUS")]  # most events first  # fmt: skip
    assert (edges["RUS", "UKR"].events, edges["RUS", "UKR"].score) == (2, -20.0)
    back = edges["UKR", "RUS"]
    assert (back.events, back.volume, back.score, back.mean) == (2, 1.5, -1.5, -1.0)
    assert dict(back.types) == {"CONSULT": 1, "ACCUSE": 1}
    assert edges["IRN", "RUS"].mean == 7.0  # contested, still asserted
    assert ("USA", "UKR") not in edges  # denied
    assert ("RUS", "RUS") not in edges and ("RUS", "-") not in edges


def test_nodes_have_names_activity_and_degrees(world: Store) -> None:
    nodes = {n.code: n for n in network(world, **Q1).nodes}
    assert [n for n in nodes] == ["RUS", "UKR", "EU", "IRN", "USA"]
    rus = nodes["RUS"]
    assert (rus.name, rus.as_actor, rus.as_recipient, rus.activity) == ("Russia", 2, 4, 6)
    assert (rus.out_degree, rus.in_degree, rus.degree) == (1, 3, 3)
    assert (nodes["UKR"].activity, nodes["UKR"].degree) == (5, 2)
    assert nodes["USA"].name == "United States"


def test_min_events_drops_thin_edges_and_the_nodes_left_alone(world: Store) -> None:
    found = network(world, min_events=2, **Q1)
    assert [(e.source, e.target) for e in found.edges] == [("RUS", "UKR"), ("UKR", "RUS")]
    rus, ukr = found.nodes
    assert (rus.code, rus.activity, rus.degree) == ("RUS", 6, 1)  # activity: every edge
    assert ukr.code == "UKR"


def test_a_window_keeps_the_events_that_start_in_it(world: Store) -> None:
    march = network(world, date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))
    assert [(e.source, e.target) for e in march.edges] == [("EU", "UKR"), ("RUS", "UKR")]
    assert network(world, date_from=date(2023, 1, 1)).edges == ()
    everything = network(world)  # no window: undated events too
    assert {(e.source, e.target): e.flow.events for e in everything.edges}["RUS", "UKR"] == 3


def test_a_network_as_json(world: Store) -> None:
    record = network(world, **Q1).to_dict()
    assert (record["from"], record["to"], record["min_events"]) == ("2022-01-01", "2022-03-31", 1)
    assert record["edges"][0] == {
        "source": "RUS", "target": "UKR", "events": 2, "volume": 2.0, "score": -20.0,
        "mean": -10.0, "types": {"ASSAULT": 2},
    }  # fmt: skip
    assert record["nodes"][0]["activity"] == 6


def test_bad_windows_are_refused(world: Store) -> None:
    with pytest.raises(ValueError, match="min_events"):
        network(world, min_events=0)
    with pytest.raises(ValueError, match="before its start"):
        network(world, date_from=date(2022, 2, 1), date_to=date(2022, 1, 1))


def test_the_database_scores_edges_on_the_scale_it_is_given(world: Store) -> None:
    weights = {"CONSULT": 1.0, "ACCUSE": -2.0}
    even = Scale(weights=weights, status_factors={"occurred": 1.0, "planned": 1.0})
    edges = {(e.source, e.target): e.flow for e in network(world, scale=even, **Q1).edges}
    assert (edges["UKR", "RUS"].volume, edges["UKR", "RUS"].score) == (2.0, -1.0)
    assert (edges["RUS", "UKR"].score, dict(edges["RUS", "UKR"].types)) == (0.0, {"ASSAULT": 2})


def test_max_edges_keeps_the_heaviest_edges_and_counts_the_rest(world: Store) -> None:
    found = network(world, max_edges=2, **Q1)
    assert [(e.source, e.target) for e in found.edges] == [("RUS", "UKR"), ("UKR", "RUS")]
    assert (found.total_edges, found.total_nodes) == (5, 5)
    rus = next(n for n in found.nodes if n.code == "RUS")
    assert (rus.activity, rus.degree) == (6, 1)  # activity over every edge, degree over kept
    with pytest.raises(ValueError, match="max_edges"):
        network(world, max_edges=-1)


def test_a_cut_keeps_the_heaviest_edges_and_recounts_degrees_on_them(world: Store) -> None:
    full = network(world, date_from=date(2022, 1, 1), date_to=date(2022, 3, 31))
    cut = network(world, date_from=date(2022, 1, 1), date_to=date(2022, 3, 31), max_edges=1)
    assert [(e.source, e.target) for e in cut.edges] == [("RUS", "UKR")]
    nodes = {n.code: n for n in cut.nodes}
    assert set(nodes) == {"RUS", "UKR"}
    assert (nodes["RUS"].out_degree, nodes["RUS"].in_degree, nodes["RUS"].degree) == (1, 0, 1)
    whole = {n.code: n for n in full.nodes}
    assert nodes["RUS"].activity == whole["RUS"].activity  # activity still counts every edge


def test_a_cut_larger_than_the_network_changes_nothing(world: Store) -> None:
    assert network(world, max_edges=100) == network(world)
    with pytest.raises(ValueError, match="must not be negative"):
        network(world, max_edges=-1)
