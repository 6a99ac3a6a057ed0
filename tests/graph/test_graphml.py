"""The network as GraphML, read back with xml.etree."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

from polybius.graph.graphml import NAMESPACE, write_graphml
from polybius.graph.network import network
from polybius.store.database import Store

NS = {"g": NAMESPACE}


def _read(store: Store, **options: object) -> ET.Element:
    out = io.BytesIO()
    write_graphml(network(store, **options), out)  # type: ignore[arg-type]
    assert out.getvalue().startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(out.getvalue())


def _data(element: ET.Element, keys: dict[str, str]) -> dict[str, str]:
    return {keys[d.get("key", "")]: d.text or "" for d in element.findall("g:data", NS)}


def test_graphml_has_the_nodes_and_directed_edges_with_their_attributes(world: Store) -> None:
    root = _read(world, date_from=date(2022, 1, 1), date_to=date(2022, 3, 31))
    keys = {k.get("id", ""): k.get("attr.name", "") for k in root.findall("g:key", NS)}
    graph = root.find("g:graph", NS)
    assert graph is not None and graph.get("edgedefault") == "directed"
    nodes = {n.get("id"): _data(n, keys) for n in graph.findall("g:node", NS)}
    assert list(nodes) == ["RUS", "UKR", "EU", "IRN", "USA"]
    assert (nodes["RUS"]["label"], nodes["RUS"]["activity"], nodes["RUS"]["degree"]) == (
        "Russia", "6", "3")  # fmt: skip
    assert "country" not in nodes["EU"]  # missing values are left out
    edges = {(e.get("source"), e.get("target")): _data(e, keys)
             for e in graph.findall("g:edge", NS)}  # fmt: skip
    assert len(edges) == 5
    back = edges["UKR", "RUS"]
    assert (back["weight"], back["score"], back["mean_score"], back["volume"]) == (
        "2", "-1.5", "-1.0", "1.5")  # fmt: skip
    assert (back["CONSULT"], back["ACCUSE"], back["ASSAULT"]) == ("1", "1", "0")
    assert all(e.get("source") in nodes and e.get("target") in nodes
               for e in graph.findall("g:edge", NS))  # fmt: skip


def test_an_empty_window_is_an_empty_graph(world: Store) -> None:
    root = _read(world, date_from=date(2030, 1, 1))
    graph = root.find("g:graph", NS)
    assert graph is not None and list(graph) == []
