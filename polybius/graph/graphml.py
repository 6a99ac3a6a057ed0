"""The network as GraphML (for Gephi, yEd, igraph, networkx), written with ``xml.etree``.

A directed graph: nodes carry their name, country and activity, edges their
event count as ``weight`` (Gephi needs a positive weight), the signed score
and mean score, the volume, and one attribute per PLOVER type.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import BinaryIO

from polybius.graph.network import Network
from polybius.records import PLOVER_TYPES

NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS: tuple[tuple[str, str], ...] = (
    ("label", "string"), ("country", "string"), ("as_actor", "int"), ("as_recipient", "int"),
    ("activity", "int"), ("out_degree", "int"), ("in_degree", "int"), ("degree", "int"),
)  # fmt: skip
EDGE_KEYS: tuple[tuple[str, str], ...] = (
    ("weight", "double"), ("events", "int"), ("volume", "double"), ("score", "double"),
    ("mean_score", "double"), *((name, "int") for name in PLOVER_TYPES),
)  # fmt: skip


def graphml_tree(network: Network) -> ET.ElementTree:
    """The GraphML document of ``network``."""
    root = ET.Element("graphml", {"xmlns": NAMESPACE})
    for domain, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, kind in keys:
            ET.SubElement(root, "key", {
                "id": f"{domain[0]}_{name}", "for": domain, "attr.name": name, "attr.type": kind,
            })  # fmt: skip
    graph = ET.SubElement(root, "graph", {"id": "polybius", "edgedefault": "directed"})
    for node in network.nodes:
        element = ET.SubElement(graph, "node", {"id": node.code})
        values = {**node.to_dict(), "label": node.name}
        for name, _ in NODE_KEYS:
            _data(element, f"n_{name}", values.get(name))
    for i, edge in enumerate(network.edges):
        element = ET.SubElement(
            graph, "edge", {"id": f"e{i}", "source": edge.source, "target": edge.target}
        )
        flow = edge.flow
        values = {
            "weight": flow.events, "events": flow.events, "volume": round(flow.volume, 4),
            "score": round(flow.score, 4),
            "mean_score": round(flow.mean, 4) if flow.mean is not None else None,
            **{name: flow.types.get(name, 0) for name in PLOVER_TYPES},
        }  # fmt: skip
        for name, _ in EDGE_KEYS:
            _data(element, f"e_{name}", values.get(name))
    ET.indent(root)
    return ET.ElementTree(root)


def _data(parent: ET.Element, key: str, value: object) -> None:
    """A ``<data>`` element; nothing for a missing value (GraphML's default applies)."""
    if value is None:
        return
    ET.SubElement(parent, "data", {"key": key}).text = str(value)


def write_graphml(network: Network, out: BinaryIO) -> None:
    """Write ``network`` as UTF-8 GraphML with an XML declaration."""
    graphml_tree(network).write(out, encoding="utf-8", xml_declaration=True)
