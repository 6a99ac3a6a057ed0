"""Accuracy benchmark: the PLOVER gold standard (dev set) and the team's claim gold, in one run.

Both go through ``polybius.eval.scoring`` exactly as ``polybius eval`` does
(``load_gold``, ``gold_documents``, ``score``, ``summary``), with one engine
loaded once. A gold file that is absent is skipped with a message, so a fresh
clone without ``../shared`` still scores the claim gold.

Run from the checkout: ``python -m bench.accuracy [--no-classifier]``. Results go
to ``bench/results/accuracy.json`` and ``.md``; see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PLOVER = ROOT / ".." / "shared" / "data" / "plover" / "PLOVER_GSR_CAMEO.json"
DEFAULT_CLAIMS = ROOT / "eval" / "gold" / "claims.jsonl"
DEFAULT_OUT = ROOT / "bench" / "results"
ACCURACY_KEYS = (
    "main_type_accuracy",
    "actor_country_accuracy",
    "recipient_country_accuracy",
    "status_accuracy",
    "attribution_accuracy",
    "date_accuracy",
)


def evaluate(path: Path, engine: Any) -> dict[str, Any]:
    """Score ``engine`` on one gold file; a missing file gives ``{"skipped": reason}``."""
    from polybius.errors import PolybiusError
    from polybius.eval.scoring import gold_documents, load_gold, score, summary

    if not path.is_file():
        return {"path": str(path), "skipped": "file not found"}
    try:
        kind, items = load_gold(path)
    except PolybiusError as e:
        return {"path": str(path), "skipped": f"unreadable: {e}"}
    started = time.perf_counter()
    events = list(engine.code(gold_documents(items)))
    seconds = time.perf_counter() - started
    result = summary(score(kind, items, events))
    return {
        "path": str(path.resolve()),
        "format": kind,
        "texts": len(items),
        "events": len(events),
        "seconds": round(seconds, 2),
        **result,
    }


def lines_for(name: str, entry: dict[str, Any]) -> list[str]:
    """A few readable lines (markdown list items) for one gold set."""
    if "skipped" in entry:
        return [f"- **{name}**: skipped ({entry['skipped']}: {entry['path']})"]
    t = entry["type"]
    lines = [
        f"- **{name}** ({entry['format']} gold, {entry['texts']} texts, {entry['events']} events "
        f"coded in {entry['seconds']:.1f} s)",
        f"  - type P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}"
        f"  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']})",
    ]
    for key in ACCURACY_KEYS:
        value = entry.get(key)
        if value and value["accuracy"] is not None:
            lines.append(f"  - {key.replace('_', ' ')}: {value['accuracy']:.3f} (n={value['n']})")
    return lines


def write_results(out: Path, report: dict[str, Any]) -> None:
    """accuracy.json (everything, per-type scores included) and accuracy.md (the headline)."""
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / "accuracy.json", json.dumps(report, indent=2) + "\n")
    markdown = [
        "# Accuracy",
        "",
        f"Measured {report['when']}; classifier {'on' if report['classifier'] else 'off'}.",
        "",
    ]
    for name, entry in report["gold"].items():
        markdown += lines_for(name, entry)
    markdown += ["", "Per-type precision and recall are in accuracy.json. See bench/README.md."]
    _write_atomic(out / "accuracy.md", "\n".join(markdown) + "\n")


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.accuracy",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--plover", type=Path, default=DEFAULT_PLOVER, help="PLOVER gold JSON")
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS, help="claim gold JSONL")
    parser.add_argument("--no-classifier", action="store_true", help="score the lexicon alone")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the results")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    gold = {"plover": args.plover, "claims": args.claims}
    present = {name: path for name, path in gold.items() if path.is_file()}
    for name, path in gold.items():
        if name not in present:
            print(f"bench.accuracy: {name} gold {path} not found; skipped", file=sys.stderr)
    if not present:
        print("bench.accuracy: no gold file found; nothing to score", file=sys.stderr)
        return 2
    from polybius.config import Config
    from polybius.pipeline import Engine

    engine = Engine(Config(classifier=not args.no_classifier))
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "classifier": not args.no_classifier,
        "gold": {name: evaluate(path, engine) for name, path in gold.items()},
    }
    write_results(args.out, report)
    for name, entry in report["gold"].items():
        print("\n".join(lines_for(name, entry)))
    print(f"\nwrote {args.out / 'accuracy.json'} and accuracy.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
