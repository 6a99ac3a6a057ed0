"""The network of the international system in a time window: actors and signed, weighted edges.

Nodes are actors by merge code (a country's ISO code, an organisation's id);
a directed edge from A to B sums the merged events A did to B that started in
the window: their number, volume and score on the cooperation–conflict scale,
their mean score (the sign of the relation) and the count per PLOVER type.
Events without a recipient and events of an actor on itself are not edges.

``min_events`` drops the edges with fewer events. A node's activity (events
as actor and as recipient) counts every edge of the window; its degrees count
the edges kept, and nodes left without an edge are dropped.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from polybius.graph.weights import DEFAULT_SCALE, Flow, Scale
from polybius.store.database import Store
from polybius.store.relations import EdgeRow, ScaleColumns, actor_names, edge_counts


class Edge(NamedTuple):
    """Events from one actor to another in the window (a named tuple: see ``Flow``)."""

    source: str
    target: str
    flow: Flow

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"source": self.source, "target": self.target, **self.flow.to_dict()}


@dataclass(frozen=True)
class Node:
    """An actor of the network: its name, activity and degrees."""

    code: str
    name: str
    country: str | None
    as_actor: int
    as_recipient: int
    out_degree: int
    in_degree: int
    degree: int

    @property
    def activity(self) -> int:
        """Events the actor is on either side of in the window."""
        return self.as_actor + self.as_recipient

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "code": self.code,
            "name": self.name,
            "country": self.country,
            "as_actor": self.as_actor,
            "as_recipient": self.as_recipient,
            "activity": self.activity,
            "out_degree": self.out_degree,
            "in_degree": self.in_degree,
            "degree": self.degree,
        }


@dataclass(frozen=True)
class Network:
    """Nodes (most active first) and edges (most events first) of one window."""

    date_from: date | None
    date_to: date | None
    min_events: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    scale: Scale
    # Before a ``max_edges`` cut: the edges with at least ``min_events`` and their nodes.
    total_edges: int = 0
    total_nodes: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the scale it was scored on."""
        return {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "min_events": self.min_events,
            "nodes": [node.to_dict() for node in self.nodes],
            "edges": [edge.to_dict() for edge in self.edges],
            "scale": self.scale.to_dict(),
        }


def network(
    store: Store,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    min_events: int = 1,
    scale: Scale = DEFAULT_SCALE,
    max_edges: int | None = None,
) -> Network:
    """The network of events that started between ``date_from`` and ``date_to`` (inclusive).

    ``max_edges`` keeps only that many edges, those of the most events (then the largest
    volume): what a person or a browser can take in. Node activity still counts every edge.

    Example: ``network(store, date_from=date(2022, 1, 1), date_to=date(2022, 12, 31))``.
    """
    if min_events < 1:
        raise ValueError("min_events must be at least 1")
    if max_edges is not None and max_edges < 0:
        raise ValueError("max_edges must not be negative")
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ValueError("the end of the window is before its start")
    rows = edge_counts(store, scale_columns(scale), date_from, date_to)
    as_actor: Counter[str] = Counter()
    as_recipient: Counter[str] = Counter()
    for row in rows:
        as_actor[row.actor] += row.events
        as_recipient[row.recipient] += row.events
    kept = [row for row in rows if row.events >= min_events]
    total_nodes = len({row.actor for row in kept} | {row.recipient for row in kept})
    total_edges = len(kept)
    if max_edges is not None and len(kept) > max_edges:
        # Only the heaviest edges become objects: a year has tens of thousands of them.
        kept = heapq.nsmallest(max_edges, kept, key=_heaviest_first)
    edges = build_edges(kept)
    nodes = build_nodes(store, as_actor, as_recipient, edges)
    return Network(
        date_from, date_to, min_events, nodes, tuple(edges), scale, total_edges, total_nodes
    )


def _heaviest_first(row: EdgeRow) -> tuple[int, float, str, str]:
    return (-row.events, -row.volume, row.actor, row.recipient)


def build_edges(rows: Iterable[EdgeRow]) -> list[Edge]:
    """One edge per row, the most events first (then by codes)."""
    ordered = sorted(rows, key=lambda row: (-row.events, row.actor, row.recipient))
    return [
        Edge(row.actor, row.recipient, Flow(row.events, row.volume, row.score, row.types))
        for row in ordered
    ]


def scale_columns(scale: Scale) -> ScaleColumns:
    """The scale as the store's edge query takes it."""
    return ScaleColumns(dict(scale.weights), dict(scale.status_factors))


def build_nodes(
    store: Store, as_actor: Counter[str], as_recipient: Counter[str], kept: list[Edge]
) -> tuple[Node, ...]:
    """The nodes of the kept edges: activity over every edge of the window (``as_actor`` and
    ``as_recipient`` count events per code), degrees over the kept ones."""
    outs: dict[str, set[str]] = defaultdict(set)
    ins: dict[str, set[str]] = defaultdict(set)
    for edge in kept:
        outs[edge.source].add(edge.target)
        ins[edge.target].add(edge.source)
    codes = set(outs) | set(ins)
    names = actor_names(store, codes)
    nodes = []
    for code in codes:
        known = names.get(code)
        nodes.append(Node(
            code, known.name if known else code, known.country if known else None,
            as_actor[code], as_recipient[code], len(outs[code]), len(ins[code]),
            len(outs[code] | ins[code]),
        ))  # fmt: skip
    return tuple(sorted(nodes, key=lambda n: (-n.activity, n.code)))
