"""A network cut to the size a person (and a browser) can take in: its heaviest edges.

A year of a large store has tens of thousands of edges; a picture of them is a
hairball and a browser spends seconds drawing it. ``trim_network`` keeps the
``max_edges`` edges of the most events (ties by volume, then codes), and the
nodes they join, their degrees recounted on the kept edges. Node activity still
counts every edge of the window, as in ``network``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from polybius.graph.network import Edge, Network


def trim_network(found: Network, max_edges: int) -> Network:
    """``found`` with only its ``max_edges`` heaviest edges and the nodes they join."""
    if max_edges < 0:
        raise ValueError("max_edges must not be negative")
    if len(found.edges) <= max_edges:
        return found
    kept = sorted(found.edges, key=_weight)[:max_edges]
    outs: dict[str, set[str]] = defaultdict(set)
    ins: dict[str, set[str]] = defaultdict(set)
    for edge in kept:
        outs[edge.source].add(edge.target)
        ins[edge.target].add(edge.source)
    nodes = tuple(
        replace(
            node,
            out_degree=len(outs[node.code]),
            in_degree=len(ins[node.code]),
            degree=len(outs[node.code] | ins[node.code]),
        )
        for node in found.nodes
        if node.code in outs or node.code in ins
    )
    ordered = sorted(kept, key=lambda e: (-e.flow.events, e.source, e.target))
    return replace(found, nodes=nodes, edges=tuple(ordered))


def _weight(edge: Edge) -> tuple[int, float, str, str]:
    return (-edge.flow.events, -edge.flow.volume, edge.source, edge.target)
