"""Plain-text tables of the graph views, for the terminal (``--json`` gives everything).

Each function takes the library's records and returns a string; none prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from polybius.graph.actors import ActorActivity
from polybius.graph.claims import Claim
from polybius.graph.dyads import DyadSeries
from polybius.graph.network import Network
from polybius.graph.weights import Flow
from polybius.records import PLOVER_TYPES


def text_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Columns aligned with two spaces; the last column is not padded."""
    table = [list(header), *(list(row) for row in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in table]  # fmt: skip
    return "\n".join(line.rstrip() for line in lines)


def number(value: float | None) -> str:
    """A score for a table: one decimal, empty when there is none."""
    return "" if value is None else f"{value:.1f}"


def dyad_table(series: DyadSeries) -> str:
    """One row per period: events and score each way, the period's score, counts per type
    written "A→B/B→A" for the types that occur."""
    a, b = series.a, series.b
    types = _types_in(f for p in series.periods for f in (p.forward, p.backward))
    header = ["period", f"{a}>{b}", "score", f"{b}>{a}", "score", "total", *types]
    rows = []
    for p in series.periods:
        counts = [_pair(p.forward.types.get(t, 0), p.backward.types.get(t, 0)) for t in types]
        rows.append([
            p.period.label, str(p.forward.events), number(p.forward.score),
            str(p.backward.events), number(p.backward.score), number(p.score), *counts,
        ])  # fmt: skip
    note = f"\n({series.undated} undated event(s) in no period)" if series.undated else ""
    return text_table(header, rows) + note


def _pair(forward: int, backward: int) -> str:
    return f"{forward}/{backward}" if forward or backward else ""


def _types_in(flows: Iterable[Flow]) -> list[str]:
    seen = {name for flow in flows for name in flow.types}
    return [name for name in PLOVER_TYPES if name in seen]


def network_table(network: Network) -> str:
    """The nodes (most active first), then the edges (most events first)."""
    nodes = text_table(
        ["node", "name", "activity", "as actor", "as recipient", "out", "in", "degree"],
        ([n.code, n.name, str(n.activity), str(n.as_actor), str(n.as_recipient),
          str(n.out_degree), str(n.in_degree), str(n.degree)] for n in network.nodes),
    )  # fmt: skip
    edges = text_table(
        ["source", "target", "events", "volume", "score", "mean", "types"],
        ([e.source, e.target, str(e.flow.events), number(e.flow.volume), number(e.flow.score),
          number(e.flow.mean), _type_list(e.flow)] for e in network.edges),
    )  # fmt: skip
    return f"{nodes}\n\n{edges}"


def _type_list(flow: Flow) -> str:
    return ", ".join(f"{name} {n}" for name, n in flow.types.items())


def claims_text(found: Iterable[Claim]) -> str:
    """Each event on one line, then one indented line per report: date, outlet, speaker,
    status."""
    blocks = []
    for claim in found:
        e = claim.event
        when = e.date_start.isoformat() if e.date_start else "undated"
        line = (f"#{e.id} {when} {e.type} {e.actor.code} > {e.recipient.code}  {e.state}"
                f"  asserted by: {', '.join(e.asserted_by) or '-'}"
                f"  denied by: {', '.join(e.denied_by) or '-'}")  # fmt: skip
        reports = text_table(
            ["    published", "outlet", "speaker", "status"],
            ([f"    {v.published.isoformat() if v.published else ''}", v.outlet or "",
              v.speaker, v.status] for v in claim.voices),
        )  # fmt: skip
        blocks.append(f"{line}\n{reports}")
    return "\n\n".join(blocks)


def actors_table(found: Iterable[ActorActivity]) -> str:
    """Rank, code, name and counted events as actor, as recipient and in all."""
    return text_table(
        ["rank", "actor", "name", "as actor", "as recipient", "total"],
        ([str(i), a.code, a.name, str(a.as_actor), str(a.as_recipient), str(a.total)]
         for i, a in enumerate(found, start=1)),
    )  # fmt: skip
