"""HTTP API benchmark: the endpoints the web UI calls, timed in process against a store.

The app (``polybius.api.app.make_app``) runs in this process and is called
through ``httpx.ASGITransport``: routing, validation, the library query and
the JSON encoding are all timed, the network is not. Each endpoint is called
once to warm the caches, then ``--runs`` times; the median counts. The goal is
under 300 ms for the network and dyad endpoints on the 1,000,000-event store of
``bench/store_queries.py``, on its last full year (as that benchmark does).

Run from the checkout against an existing store (it is only read):
``python -m bench.api_queries --db /tmp/polybius-bench-1m.db [--runs 7]``.
Results are added to ``bench/results/api_queries.json`` and ``.md`` (one entry per
backend and size; a new run replaces its own entry).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from bench.common import machine
from polybius.api.app import make_app
from polybius.api.settings import ApiSettings
from polybius.graph.actors import top_actors
from polybius.graph.dyads import dyad
from polybius.graph.network import network
from polybius.store import schema
from polybius.store.database import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results"
GOAL_MS = 300.0
GOAL_ENDPOINTS = ("network", "dyad")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the store to read (path or URL)")
    parser.add_argument("--runs", type=int, default=7, help="timed calls per endpoint")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the results")
    return parser.parse_args(argv)


def endpoints(store: Store) -> tuple[dict[str, str], dict[str, Any]]:
    """The URLs to time, on the last full year, its most active actor and the top dyad."""
    with store.reading() as conn:
        last = conn.execute(select(func.max(schema.events.c.date_start))).scalar_one()
        some_event = conn.execute(select(func.max(schema.events.c.id))).scalar_one()
        some_doc = conn.execute(select(func.min(schema.documents.c.id))).scalar_one()
    year = last.year if (last.month, last.day) == (12, 31) else last.year - 1
    window = f"from={date(year, 1, 1)}&to={date(year, 12, 31)}"
    top, second = (a.code for a in top_actors(store, limit=2))
    urls = {
        "network": f"/api/network?{window}",
        "dyad": f"/api/dyads/{top}/{second}?by=month&{window}",
        "dyad_all_time": f"/api/dyads/{top}/{second}?by=month",
        "events": f"/api/events?actor={top}&{window}&limit=25&mentions=false",
        "event": f"/api/events/{some_event}",
        "actor_year": f"/api/actors/{top}?{window}",
        "actor_all_time": f"/api/actors/{top}",
        "claims": f"/api/claims/{top}/{second}?{window}&limit=50",
        "documents": "/api/documents?limit=50",
        "document": f"/api/documents/{some_doc}",
        "stats": "/api/stats",
    }
    return urls, {"year": year, "actor": top, "dyad": [top, second]}


async def time_all(store: Store, urls: dict[str, str], runs: int) -> dict[str, Any]:
    """Median, best and worst milliseconds per endpoint, and the size of its answer."""
    app = make_app(store, ApiSettings(web_dir=None))
    transport = httpx.ASGITransport(app=app)
    found: dict[str, Any] = {}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for name, url in urls.items():
            warm = await client.get(url)
            if warm.status_code != 200:
                raise SystemExit(f"{url} answered {warm.status_code}: {warm.text[:300]}")
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                response = await client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            found[name] = {
                "url": url,
                "median_ms": round(statistics.median(times), 1),
                "min_ms": round(min(times), 1),
                "max_ms": round(max(times), 1),
                "bytes": len(warm.content),
            }
            print(f"{name:<15} {found[name]['median_ms']:>8.1f} ms  {url}", file=sys.stderr)
    return found


def time_library(store: Store, what: dict[str, Any], runs: int) -> dict[str, Any]:
    """The library calls behind the network and dyad endpoints, alone: the API's overhead is
    the difference."""
    first, last = date(what["year"], 1, 1), date(what["year"], 12, 31)
    a, b = what["dyad"]
    calls = {
        "network": lambda: network(store, date_from=first, date_to=last),
        "dyad": lambda: dyad(store, a, b, by="month", date_from=first, date_to=last),
    }
    found: dict[str, Any] = {}
    for name, call in calls.items():
        call()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        found[name] = {"median_ms": round(statistics.median(times), 1)}
        print(f"library {name:<7} {found[name]['median_ms']:>8.1f} ms", file=sys.stderr)
    return found


def run(args: argparse.Namespace) -> dict[str, Any]:
    with open_store(args.db, create=False) as store:
        n = count_events(store)
        urls, what = endpoints(store)
        print(f"timing {len(urls)} endpoints on {n:,} events", file=sys.stderr)
        timings = asyncio.run(time_all(store, urls, args.runs))
        library = time_library(store, what, args.runs)
        return {
            "backend": store.dialect,
            "events": n,
            "measured": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "runs": args.runs,
            **what,
            "endpoints": timings,
            "library": library,
        }


def count_events(store: Store) -> int:
    with store.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.events)).scalar_one())


def save(result: dict[str, Any], out: Path) -> None:
    """Add ``result`` to the JSON (replacing the entry of the same backend and size) and
    write the Markdown table of every entry."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "api_queries.json"
    entries = json.loads(path.read_text())["results"] if path.exists() else []
    key = (result["backend"], result["events"])
    entries = [e for e in entries if (e["backend"], e["events"]) != key] + [result]
    entries.sort(key=lambda e: (e["backend"] != "sqlite", e["backend"], e["events"]))
    path.write_text(json.dumps({"goal_ms": GOAL_MS, "results": entries}, indent=2) + "\n")
    (out / "api_queries.md").write_text(markdown(entries))


def markdown(entries: list[dict[str, Any]]) -> str:
    """The results as Markdown: one table per entry (median of the timed calls, in ms)."""
    lines = [
        "# HTTP API endpoints",
        "",
        f"Median of the timed calls in ms, after one warm-up call, through the whole app in "
        f"process (`httpx.ASGITransport`: routing, validation, query, JSON). Goal < "
        f"{GOAL_MS:.0f} ms for `network` and `dyad` on one year of the 1,000,000-event store "
        "of `bench/store_queries.py`. See `bench/api_queries.py`.",
    ]
    for e in entries:
        over = [n for n in GOAL_ENDPOINTS if e["endpoints"][n]["median_ms"] >= GOAL_MS]
        verdict = "both under the goal" if not over else f"over the goal: {', '.join(over)}"
        lines += [
            "",
            f"## {e['backend']}, {e['events']:,} events (year {e['year']}, actor {e['actor']}, "
            f"dyad {'/'.join(e['dyad'])}), {e['measured']}",
            "",
            "| endpoint | median ms | min | max | answer bytes | URL |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for name, t in e["endpoints"].items():
            lines.append(f"| {name} | {t['median_ms']:.1f} | {t['min_ms']:.1f} | "
                         f"{t['max_ms']:.1f} | {t['bytes']:,} | `{t['url']}` |")  # fmt: skip
        library = e.get("library", {})
        if library:
            alone = ", ".join(f"`{n}` {t['median_ms']:.1f} ms" for n, t in library.items())
            lines += ["", f"The library calls alone, same runs: {alone}."]
        lines += ["", f"{verdict} ({e['runs']} runs; {e['machine']})."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    save(result, args.out)
    print((args.out / "api_queries.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
