"""Store query benchmark: the graph queries on a store of a million synthetic merged events.

The events are generated (seeded, so every run builds the same store) and
written straight into the store's tables through its schema (documents,
evidence sentences, mentions, merged events, actors), not through the coder:
a million events load in a few minutes. The shape imitates news coverage of
the international system: a few actors (the United States, Russia, China...)
are in most events, cooperation types are more common than violence, most
events occurred, a few are planned or denied, dates spread over ten years.

Then, on the last full year, each query runs once to warm the caches and
``--runs`` times timed (the median counts; goal: under 300 ms each):

* ``events``: ``query.events(store, actor=TOP, date_from, date_to)`` (the first 100);
* ``dyad``: ``graph.dyads.dyad`` of the two most active actors, by month;
* ``network``: ``graph.network.network`` of the year (and, for information,
  ``network_window``: 15 February to 10 November, a window whose ends are not whole months);
* and, for information, ``actors`` (the top 20 over all time) and ``claims`` of the dyad.

Run from the checkout: ``python -m bench.store_queries [--events 1000000] [--db URL]``.
Without ``--db`` a fresh SQLite file in a temporary folder is used and deleted
afterwards; ``--db`` must name an empty store (or pass ``--reuse`` to time an
existing one). Results are added to ``bench/results/store_queries.json`` and
``.md`` (one entry per backend and size; a new run replaces its own entry).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pycountry
from sqlalchemy import Connection, Table, func, insert, select, text

from bench.common import machine
from polybius.graph.actors import top_actors
from polybius.graph.claims import claims
from polybius.graph.dyads import dyad
from polybius.graph.network import network
from polybius.store import schema
from polybius.store.database import Store, open_store, sqlite_path
from polybius.store.query import events

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results"
GOAL_MS = 300.0
FIRST_DAY = date(2015, 1, 1)
YEARS = 10
CHUNK = 50_000
SQLITE_CACHE_KIB = 1_000_000
LOAD_KEYS = ("load_seconds", "analyze_seconds")
EVENTS_PER_DOCUMENT = 5
# The busiest actors first: their share of events follows a Zipf law over the list.
LEADING = ("USA", "RUS", "UKR", "CHN", "ISR", "IRN", "GBR", "FRA", "DEU", "TUR", "SYR", "IND",
           "PAK", "SAU", "PRK", "KOR", "JPN", "AFG", "IRQ", "YEM")  # fmt: skip
IGOS = ("EU", "UN", "NATO", "AU", "ASEAN", "OPEC", "IAEA", "ICC", "OSCE", "WHO")
TYPE_SHARES = {
    "AGREE": 8, "CONSULT": 20, "SUPPORT": 6, "CONCEDE": 1.5, "COOPERATE": 5, "AID": 5,
    "RETREAT": 1.5, "REQUEST": 8, "ACCUSE": 12, "REJECT": 4, "THREATEN": 5, "SANCTION": 3,
    "PROTEST": 3, "MOBILIZE": 2, "COERCE": 4, "ASSAULT": 12,
}  # fmt: skip
STATUS_SHARES = {"occurred": 80, "planned": 10, "possible": 3, "denied": 4, "negated": 3}
OUTLETS = tuple(f"Outlet {i}" for i in range(1, 21))
UNDATED_SHARE = 0.03
NO_RECIPIENT_SHARE = 0.10


@dataclass(frozen=True)
class Actors:
    """The synthetic actors: codes, names, countries, sectors and their popularity."""

    codes: list[str]
    names: list[str]
    countries: list[str | None]
    sectors: list[str]
    weights: np.ndarray


def make_actors() -> Actors:
    """States (ISO alpha-3, the leading ones first) and IGOs, weighted by a Zipf law."""
    states = {c.alpha_3: c.name for c in pycountry.countries}
    order = [*LEADING, *sorted(set(states) - set(LEADING))]
    codes = order[:20] + list(IGOS) + order[20:]
    names = [states.get(code, code) for code in codes]
    countries: list[str | None] = [code if code in states else None for code in codes]
    sectors = ["GOV" if country else "IGO" for country in countries]
    ranks = np.arange(1, len(codes) + 1, dtype=float)
    weights = 1.0 / ranks**1.1
    return Actors(codes, names, countries, sectors, weights / weights.sum())


def _shares(table: Mapping[str, float]) -> tuple[list[str], np.ndarray]:
    keys = list(table)
    values = np.array([table[key] for key in keys], dtype=float)
    return keys, values / values.sum()


def event_days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Day offsets from FIRST_DAY, sorted (so one document's events are close in time)."""
    span = (date(FIRST_DAY.year + YEARS, 1, 1) - FIRST_DAY).days
    return np.sort(rng.integers(0, span, size=n))


def generate(store: Store, n: int, seed: int) -> dict[str, Any]:
    """Write ``n`` synthetic merged events (with their documents, sentences, mentions)."""
    rng = np.random.default_rng(seed)
    actors = make_actors()
    days = event_days(rng, n)
    started = time.perf_counter()
    with store.writing() as conn:
        conn.execute(insert(schema.actors), [
            {"code": code, "name": name, "country": country, "sector": sector}
            for code, name, country, sector in zip(
                actors.codes, actors.names, actors.countries, actors.sectors, strict=True
            )
        ])  # fmt: skip
    as_text = store.dialect == "sqlite"  # SQLite takes dates as ISO text
    for start in range(0, n, CHUNK):
        rows = chunk_rows(rng, actors, days[start : start + CHUNK], start, as_text)
        with store.writing() as conn:
            if store.dialect == "sqlite":  # the indexes outgrow the default 2 MB page cache
                conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            for table in (schema.documents, schema.sentences, schema.events, schema.mentions):
                bulk_insert(conn, table, rows[table.name])
        print(f"\r  loaded {min(start + CHUNK, n):,} / {n:,} events", end="", file=sys.stderr)
    print("", file=sys.stderr)
    loaded = time.perf_counter() - started
    analyzed = analyze(store)
    return {"load_seconds": round(loaded, 1), "analyze_seconds": round(analyzed, 1)}


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One ``executemany`` of the table's INSERT (compiled from the schema) on the driver.

    The rows hold values as the driver takes them (``Stamp`` dates, JSON as text):
    SQLAlchemy's per-row processing would double the load time.
    """
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(rows[0]))
    positions = compiled.positiontup
    if positions is None:
        conn.exec_driver_sql(str(compiled), rows)
    else:
        conn.exec_driver_sql(str(compiled), [tuple(row[n] for n in positions) for row in rows])


def _json_list(values: list[str]) -> str:
    """A JSON list of plain names (no quotes or backslashes in them)."""
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


def chunk_rows(
    rng: np.random.Generator, actors: Actors, days: np.ndarray, first: int, as_text: bool
) -> dict[str, list[dict[str, Any]]]:
    """The rows of one chunk of events, numbered from ``first`` (ids are explicit)."""
    n = len(days)
    types, type_p = _shares(TYPE_SHARES)
    statuses, status_p = _shares(STATUS_SHARES)
    who = rng.choice(len(actors.codes), size=n, p=actors.weights)
    whom = rng.choice(len(actors.codes), size=n, p=actors.weights)
    whom = np.where(whom == who, (whom + 1) % len(actors.codes), whom)
    no_recipient = rng.random(n) < NO_RECIPIENT_SHARE
    undated = rng.random(n) < UNDATED_SHARE
    kinds = rng.choice(len(types), size=n, p=type_p)
    said = rng.choice(len(statuses), size=n, p=status_p)
    luck = rng.random(n)
    outlet = rng.integers(0, len(OUTLETS), size=n)
    rows: dict[str, list[dict[str, Any]]] = {
        "documents": [], "sentences": [], "events": [], "mentions": [],
    }  # fmt: skip
    for i in range(n):
        event_id = first + i + 1
        day = FIRST_DAY + timedelta(days=int(days[i]))
        published: Any = day + timedelta(days=1)
        stamp: Any = day
        if as_text:
            stamp, published = day.isoformat(), published.isoformat()
        doc_id = f"doc{(first + i) // EVENTS_PER_DOCUMENT:07d}"
        if (first + i) % EVENTS_PER_DOCUMENT == 0:
            rows["documents"].append(_document(doc_id, published, OUTLETS[outlet[i]]))
        actor = int(who[i])
        recipient = None if no_recipient[i] else int(whom[i])
        status = statuses[said[i]]
        event = _Event(
            event_id, doc_id, types[kinds[i]], actor, recipient, status,
            None if undated[i] else stamp, published, OUTLETS[outlet[i]],
            float(luck[i]),
        )  # fmt: skip
        rows["sentences"].append(_sentence(event, actors))
        rows["events"].append(_merged(event, actors))
        rows["mentions"].append(_mention(event, actors))
    return rows


@dataclass(frozen=True)
class _Event:
    id: int
    doc_id: str
    type: str
    actor: int
    recipient: int | None
    status: str
    day: Any  # date, ISO text in SQLite, or None
    published: Any
    outlet: str
    luck: float


def _document(doc_id: str, published: Any, outlet: str) -> dict[str, Any]:
    return {
        "id": doc_id, "sha256": hashlib.sha256(doc_id.encode()).hexdigest(), "title": None,
        "published": published, "url": f"https://example.org/{doc_id}",
        "outlet": outlet, "text": f"Synthetic document {doc_id}.", "ingested_at": "2026-01-01",
        "n_mentions": EVENTS_PER_DOCUMENT,
    }  # fmt: skip


def _side(index: int | None, actors: Actors) -> dict[str, Any]:
    if index is None:
        return {"code": "-", "name": None, "country": None, "sector": None}
    return {
        "code": actors.codes[index], "name": actors.names[index],
        "country": actors.countries[index], "sector": actors.sectors[index],
    }  # fmt: skip


def _text(event: _Event, actors: Actors) -> str:
    recipient = actors.names[event.recipient] if event.recipient is not None else "others"
    return f"{actors.names[event.actor]} and {recipient}: {event.type.lower()} #{event.id}."


def _sentence(event: _Event, actors: Actors) -> dict[str, Any]:
    return {"id": event.id, "doc_id": event.doc_id, "start": event.id * 100,
            "end": event.id * 100 + 50, "text": _text(event, actors)}  # fmt: skip


def _state(event: _Event) -> str:
    if event.status in ("denied", "negated"):
        return "denied"
    if event.luck < 0.05:
        return "contested"
    return "corroborated" if event.luck < 0.35 else "reported"


def _merged(event: _Event, actors: Actors) -> dict[str, Any]:
    actor, recipient = _side(event.actor, actors), _side(event.recipient, actors)
    denied = event.status in ("denied", "negated") or event.luck < 0.05
    return {
        "id": event.id, "type": event.type,
        **{f"actor_{key}": value for key, value in actor.items()},
        **{f"recipient_{key}": value for key, value in recipient.items()},
        "date_start": event.day, "date_end": event.day, "status": event.status,
        "state": _state(event),
        "asserted_by": _json_list([] if event.status in ("denied", "negated") else [event.outlet]),
        "denied_by": _json_list([actor["code"]] if denied else []),
        "outlets": _json_list([event.outlet]),
        "first_reported": event.published, "last_reported": event.published,
        "report_count": 1, "mention_count": 1, "sentence": _text(event, actors),
        "updated_at": "2026-01-01",
    }  # fmt: skip


def _mention(event: _Event, actors: Actors) -> dict[str, Any]:
    actor, recipient = _side(event.actor, actors), _side(event.recipient, actors)
    record = {"event_id": f"m{event.id}", "doc_id": event.doc_id, "type": event.type,
              "status": event.status, "actor": actor, "recipient": recipient}  # fmt: skip
    return {
        "id": event.id, "doc_id": event.doc_id, "ordinal": (event.id - 1) % EVENTS_PER_DOCUMENT,
        "sentence_id": event.id, "story_id": event.id, "event_id": f"m{event.id:031d}"[-32:],
        "type": event.type, "mode": None, "cameo": None, "status": event.status,
        "actor_code": actor["code"], "actor_id": actor["code"],
        "actor_country": actor["country"], "actor_sector": actor["sector"],
        "recipient_code": recipient["code"],
        "recipient_id": recipient["code"] if event.recipient is not None else None,
        "recipient_country": recipient["country"], "recipient_sector": recipient["sector"],
        "attributed_code": None, "date_start": event.day, "date_end": event.day,
        "date_precision": "day" if event.day else None, "date_basis": "text" if event.day else None,
        "location_name": None, "location_country": None, "confidence": 0.5 + event.luck / 2,
        "trigger": event.type.lower(), "record": json.dumps(record),
    }  # fmt: skip


def analyze(store: Store) -> float:
    """Refresh the planner's statistics (and, in PostgreSQL, the sequences and visibility map)."""
    started = time.perf_counter()
    if store.dialect == "postgresql":
        with store.writing() as conn:
            for table in ("sentences", "events", "mentions"):
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                ))  # fmt: skip
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with store.writing() as conn:
            conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


def timed(call: Callable[[], Any], runs: int) -> dict[str, Any]:
    """One warm-up call, then ``runs`` timed calls: milliseconds (median, min, max, each)."""
    started = time.perf_counter()
    result = call()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "first_ms": round(first, 1),
        "runs_ms": [round(t, 1) for t in times],
        "result_size": _size(result),
    }


def _size(result: Any) -> int:
    if hasattr(result, "edges"):
        return len(result.edges)
    if hasattr(result, "periods"):
        return sum(p.forward.events + p.backward.events for p in result.periods)
    return len(result)


def measure(store: Store, runs: int) -> dict[str, Any]:
    """Time every query on the last full year of the store."""
    with store.reading() as conn:
        last = conn.execute(select(func.max(schema.events.c.date_start))).scalar_one()
    year = last.year if last.month == 12 and last.day == 31 else last.year - 1
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    loose_from, loose_to = date(year, 2, 15), date(year, 11, 10)
    top, second = (a.code for a in top_actors(store, limit=2))
    queries: dict[str, Callable[[], Any]] = {
        "events": lambda: events(store, actor=top, date_from=first_day, date_to=last_day),
        "dyad": lambda: dyad(store, top, second, by="month", date_from=first_day, date_to=last_day),
        "network": lambda: network(store, date_from=first_day, date_to=last_day),
        # A window not aligned on months: its loose days are counted from the events.
        "network_window": lambda: network(store, date_from=loose_from, date_to=loose_to),
        "actors": lambda: top_actors(store, limit=20),
        "claims": lambda: claims(store, top, second, date_from=first_day, date_to=last_day),
    }
    found = {name: timed(call, runs) for name, call in queries.items()}
    return {"year": year, "actor": top, "dyad": [top, second], "queries": found}


def count_events(store: Store) -> int:
    with store.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.events)).scalar_one())


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events")
    parser.add_argument("--db", help="an empty store (default: a temporary SQLite file)")
    parser.add_argument("--reuse", action="store_true", help="time the events --db holds")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the results")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, url: str) -> dict[str, Any]:
    """Build (or reuse) the store at ``url`` and time its queries."""
    with open_store(url) as store:
        held = count_events(store)
        if held and not args.reuse:
            raise SystemExit(f"{store.where} already holds {held} events: use an empty store "
                             "or --reuse")  # fmt: skip
        load: dict[str, Any] = {}
        if not held:
            print(f"generating {args.events:,} events into {store.where}", file=sys.stderr)
            load = generate(store, args.events, args.seed)
        n = count_events(store)
        print(f"timing queries on {n:,} events", file=sys.stderr)
        timings = measure(store, args.runs)
        path = sqlite_path(store.url)
        return {
            "backend": store.dialect,
            "events": n,
            "measured": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "database_mib": round(path.stat().st_size / 2**20) if path else None,
            **load,
            "runs": args.runs,
            **timings,
        }


def save(result: dict[str, Any], out: Path) -> None:
    """Add ``result`` to the JSON (replacing the entry of the same backend and size), and
    write the Markdown table of every entry."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "store_queries.json"
    entries = json.loads(path.read_text())["results"] if path.exists() else []
    same = [
        e for e in entries if (e["backend"], e["events"]) == (result["backend"], result["events"])
    ]
    if same and "load_seconds" not in result:  # --reuse: keep how long the load took
        result = {**result, **{k: same[0][k] for k in LOAD_KEYS if k in same[0]}}
    entries = [e for e in entries if e not in same]
    entries.append(result)
    entries.sort(key=lambda e: (e["backend"] != "sqlite", e["backend"], e["events"]))
    path.write_text(json.dumps({"goal_ms": GOAL_MS, "results": entries}, indent=2) + "\n")
    (out / "store_queries.md").write_text(markdown(entries))


def markdown(entries: list[dict[str, Any]]) -> str:
    """The results as a Markdown table (median of the timed runs, in milliseconds)."""
    names = ("events", "dyad", "network", "network_window", "actors", "claims")
    lines = [
        "# Store queries",
        "",
        f"Median of the timed runs in ms, after one warm-up run; goal < {GOAL_MS:.0f} ms for "
        "`events` (actor filter), `dyad` and `network` on one year. `network_window` (15 Feb "
        "to 10 Nov), `actors` (all time) and `claims` (one year of the top dyad) are for "
        "information. Synthetic events, see `bench/store_queries.py`.",
        "",
        "| backend | events | year | load s | " + " | ".join(names) + " | measured |",
        "|---|---:|---:|---:|" + "---:|" * len(names) + "---|",
    ]
    for e in entries:
        cells = [_median(e, name) for name in names]
        load = e.get("load_seconds")
        lines.append(
            f"| {e['backend']} | {e['events']:,} | {e['year']} | "
            f"{load if load is not None else '-'} | " + " | ".join(cells) + f" | {e['measured']} |"
        )
    lines.append("")
    for e in entries:
        over = [n for n in names[:3] if e["queries"][n]["median_ms"] >= GOAL_MS]
        verdict = "all three under the goal" if not over else f"over the goal: {', '.join(over)}"
        lines.append(f"- {e['backend']}, {e['events']:,} events: {verdict} ({e['machine']}).")
    return "\n".join(lines) + "\n"


def _median(entry: dict[str, Any], name: str) -> str:
    query = entry["queries"].get(name)
    return f"{query['median_ms']:.1f}" if query else "-"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.db:
        result = run(args, args.db)
    else:
        with tempfile.TemporaryDirectory(prefix="polybius-bench-") as folder:
            result = run(args, str(Path(folder) / "bench.db"))
    save(result, args.out)
    print((args.out / "store_queries.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
