"""Command line: a thin shell over the library. Parses options, calls it, prints results.

Errors a user can fix are printed as one clear line on stderr (never a
traceback); the exit status is non-zero only when nothing could be done.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import click

from polybius.config import Config
from polybius.errors import PolybiusError
from polybius.records import PLOVER_TYPES, STATUSES, Document, Event, Problem

FLAT_COLUMNS = (
    "event_id",
    "doc_id",
    "type",
    "mode",
    "context",
    "cameo",
    "status",
    "confidence",
    "actor_text",
    "actor_name",
    "actor_id",
    "actor_country",
    "actor_sector",
    "recipient_text",
    "recipient_name",
    "recipient_id",
    "recipient_country",
    "recipient_sector",
    "attributed_to_text",
    "attributed_to_id",
    "attributed_to_country",
    "attributed_to_sector",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "date_basis",
    "location_text",
    "location_name",
    "location_country",
    "location_lat",
    "location_lon",
    "quantity_text",
    "quantity_low",
    "quantity_high",
    "quantity_unit",
    "trigger",
    "sentence",
)


def _warn(problem: Problem) -> None:
    click.echo(f"polybius: {problem}", err=True)


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from e


@click.group()
@click.version_option(package_name="polybius")
def main() -> None:
    """Polybius: news text to sourced, time-stamped PLOVER political events."""


def _engine(config: Config) -> Any:
    """The engine for this invocation: one handed in by the caller (tests, embedding apps)
    through click's context object, else a freshly loaded one."""
    from polybius.pipeline import Engine

    ctx = click.get_current_context(silent=True)
    given = (ctx.obj or {}).get("engine") if ctx is not None and isinstance(ctx.obj, dict) else None
    return given if given is not None else Engine(config)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "tsv", "plover"]),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option("--published", help="Publication date (YYYY-MM-DD) for documents that lack one.")
@click.option("--model", help="spaCy pipeline name or path (default: best installed English one).")
@click.option("--no-classifier", is_flag=True, help="Code with the lexicon only.")
@click.option("--min-confidence", type=float, default=0.0, show_default=True)
@click.option(
    "--keep-actorless",
    is_flag=True,
    help='Also emit events with no known actor ("five people were killed").',
)
@click.option(
    "--n-process",
    type=int,
    default=1,
    show_default=True,
    help="Parser processes (worth it for large batches).",
)
def code(
    paths: tuple[str, ...],
    fmt: str,
    published: str | None,
    model: str | None,
    no_classifier: bool,
    min_confidence: float,
    keep_actorless: bool,
    n_process: int,
) -> None:
    """Code documents into events, one per line on stdout.

    PATHS are .jsonl, .txt, .html files, directories of them, or - for stdin.
    """
    from polybius.sources.files import ReadOptions, read_documents

    options = ReadOptions(published=_parse_day(published))
    config = Config(
        model=model,
        classifier=not no_classifier,
        min_confidence=min_confidence,
        require_actor=not keep_actorless,
        n_process=n_process,
    )
    counter = _Counter()
    try:
        engine = _engine(config)
        documents = counter.count(read_documents(list(paths), options=options, on_problem=_warn))
        events = (e for e in engine.code(documents) if e.confidence >= min_confidence)
        _write(events, fmt, sys.stdout)
    except PolybiusError as e:
        raise click.ClickException(str(e)) from e
    except BrokenPipeError:
        sys.stderr.close()
        return
    if counter.documents == 0:
        raise click.ClickException("no document could be read; nothing was coded")
    click.echo(f"polybius: coded {counter.documents} document(s)", err=True)


class _Counter:
    def __init__(self) -> None:
        self.documents = 0

    def count(self, documents: Iterable[Document]) -> Iterator[Document]:
        for document in documents:
            self.documents += 1
            yield document


def _write(events: Iterable[Event], fmt: str, out: TextIO) -> None:
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "plover":
        for event in events:
            out.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
    else:
        writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
        writer.writerow(FLAT_COLUMNS)
        for event in events:
            row = flatten(event)
            writer.writerow(["" if row[c] is None else row[c] for c in FLAT_COLUMNS])
    out.flush()


def flatten(event: Event) -> dict[str, Any]:
    """One flat row per event for CSV/TSV."""
    record = event.to_dict()
    row: dict[str, Any] = {k: record.get(k) for k in FLAT_COLUMNS}
    row["context"] = ";".join(record["context"])
    for side in ("actor", "recipient", "attributed_to", "date", "location", "quantity"):
        value = record.get(side) or {}
        for key, item in value.items():
            if f"{side}_{key}" in row:
                row[f"{side}_{key}"] = item
    return row


def plover_record(event: Event) -> dict[str, Any]:
    """A PLOVER-style JSON record (as in the PLOVER gold standard) plus the claim fields."""

    def side(actor: Any) -> list[dict[str, Any]]:
        if actor is None:
            return []
        return [
            {"actorText": actor.text, "code": actor.country or actor.id, "sector": actor.sector}
        ]

    return {
        "id": event.event_id,
        "date": event.date.start.isoformat() if event.date else None,
        "source": side(event.actor),
        "target": side(event.recipient),
        "event": event.type,
        "mode": event.mode,
        "context": ";".join(event.context),
        "eventText": event.trigger,
        "text": event.sentence,
        "cameo": event.cameo,
        "status": event.status,
        "attributedTo": side(event.attributed_to),
        "eventLoc": event.location.to_dict() if event.location else None,
        "size": event.quantity.to_dict() if event.quantity else None,
        "docId": event.doc_id,
    }


@main.command(name="eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "show_errors", type=int, default=0, help="Show N disagreements.")
@click.option("--no-classifier", is_flag=True, help="Score the lexicon alone.")
def evaluate(gold: Path, as_json: bool, show_errors: int, no_classifier: bool) -> None:
    """Score the coder on a gold file (PLOVER gold JSON or the team's claim gold JSONL)."""
    from polybius.eval.scoring import confusion_table, gold_documents, load_gold, score, summary

    try:
        kind, items = load_gold(gold)
        engine = _engine(Config(classifier=not no_classifier))
        events = list(engine.code(gold_documents(items)))
    except PolybiusError as e:
        raise click.ClickException(str(e)) from e
    scores = score(kind, items, events)
    result = summary(scores)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    _print_summary(kind, result)
    click.echo("\nConfusion (gold rows, most confident predicted type columns):")
    click.echo(confusion_table(scores))
    for error in scores.errors[:show_errors]:
        click.echo(
            f"\n{error['id']}: gold={error['gold']} predicted={error['predicted']}"
            f"\n  {error['text']}"
        )


def _print_summary(kind: str, result: dict[str, Any]) -> None:
    t = result["type"]
    click.echo(f"gold format: {kind}; texts: {result['sentences']}")
    click.echo(
        f"type        P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}  "
        f"(tp {t['tp']}, fp {t['fp']}, fn {t['fn']})"
    )
    for key in (
        "main_type_accuracy",
        "actor_country_accuracy",
        "recipient_country_accuracy",
        "status_accuracy",
        "attribution_accuracy",
        "date_accuracy",
    ):
        if key in result and result[key]["accuracy"] is not None:
            click.echo(f"{key:<28} {result[key]['accuracy']:.3f}  (n={result[key]['n']})")
    click.echo(
        "\nper type: "
        + ", ".join(
            f"{k} P{v['precision']:.2f}/R{v['recall']:.2f}/{v['support']}"
            for k, v in result["per_type"].items()
            if v["support"]
        )
    )


@main.command(name="train-classifier")
def train_classifier() -> None:
    """Train (or refresh) the cached sentence classifier from the team's labelled sentences."""
    from polybius.coding.classifier import load_or_train
    from polybius.nlp.pipeline import load_nlp

    try:
        model = load_or_train(load_nlp())
    except PolybiusError as e:
        raise click.ClickException(str(e)) from e
    click.echo("classifier ready" if model else "no training data shipped; classifier disabled")


DB_HELP = (
    "Event store: a SQLite file path, sqlite:///FILE or postgresql://USER@HOST/DB "
    "(default: polybius.db here, or $POLYBIUS_DB)."
)


@main.command(name="ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", envvar="POLYBIUS_DB", help=DB_HELP)
@click.option("--published", help="Publication date (YYYY-MM-DD) for documents that lack one.")
@click.option("--model", help="spaCy pipeline name or path (default: best installed English one).")
@click.option("--no-classifier", is_flag=True, help="Code with the lexicon only.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Documents per transaction (a killed run loses at most one batch).",
)
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds to wait for another writer.",
)
def ingest_command(
    paths: tuple[str, ...],
    db: str | None,
    published: str | None,
    model: str | None,
    no_classifier: bool,
    batch_size: int,
    lock_timeout: float,
) -> None:
    """Code documents and store them, their events and merged events in a database.

    PATHS are read as by 'polybius code'. Documents stored before (same id or
    same text) are skipped, changed ones replaced; re-running is always safe.
    """
    from polybius.sources.files import ReadOptions, read_documents
    from polybius.store.database import open_store
    from polybius.store.ingest import LazyCoder, ingest
    from polybius.store.query import count_events

    config = Config(model=model, classifier=not no_classifier)
    documents = read_documents(
        list(paths), options=ReadOptions(published=_parse_day(published)), on_problem=_warn
    )
    progress = _IngestProgress(sys.stderr.isatty())
    try:
        with open_store(db, lock_timeout=lock_timeout) as store:
            report = ingest(
                store,
                documents,
                LazyCoder(lambda: _engine(config)),
                batch_size=batch_size,
                on_problem=_warn,
                on_progress=progress.show,
            )
            total = count_events(store)
    except PolybiusError as e:
        progress.end()
        raise click.ClickException(str(e)) from e
    progress.end()
    if report.read == 0:
        raise click.ClickException("no document could be read; nothing was ingested")
    click.echo(
        f"polybius: {store.where}: {report.added} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.duplicates} duplicate, {report.failed} failed "
        f"document(s); {report.mentions} event mention(s) stored; {total} merged event(s) "
        f"in store ({report.seconds:.1f} s)",
        err=True,
    )


class _IngestProgress:
    """A progress line on stderr, rewritten after each batch; only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def show(self, report: Any) -> None:
        if not self.enabled:
            return
        rate = report.read / report.seconds if report.seconds > 0 else 0.0
        click.echo(
            f"\rpolybius: {report.read} documents ({rate:.1f}/s), {report.mentions} events found",
            err=True,
            nl=False,
        )
        self.shown = True

    def end(self) -> None:
        if self.shown:
            click.echo("", err=True)
            self.shown = False


@main.command(name="watch")
@click.argument("feeds", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--every", default="15m", show_default=True,
              help="Time between polls: 90, 30s, 15m, 2h.")  # fmt: skip
@click.option("--db", envvar="POLYBIUS_DB", help=DB_HELP)
@click.option("--state", "state_path", type=click.Path(dir_okay=False, path_type=Path),
              help="File that remembers seen articles and feed versions across restarts "
              "(default: beside the store, polybius.watch.db).")  # fmt: skip
@click.option("--once", is_flag=True, help="Poll once and stop (same as --cycles 1).")
@click.option("--cycles", type=click.IntRange(min=1), help="Stop after this many polls.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a server.")  # fmt: skip
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Further tries of a request that timed out or got 429/5xx.")  # fmt: skip
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to the same host.")  # fmt: skip
@click.option("--user-agent", default="", help="User-Agent header (default: Polybius/VERSION).")
@click.option("--model", help="spaCy pipeline name or path (default: best installed English one).")
@click.option("--no-classifier", is_flag=True, help="Code with the lexicon only.")
def watch_command(
    feeds: Path, every: str, db: str | None, state_path: Path | None, once: bool,
    cycles: int | None, timeout: float, retries: int, delay: float, user_agent: str,
    model: str | None, no_classifier: bool,
) -> None:  # fmt: skip
    """Poll news feeds, and code and store each new article, until Ctrl-C.

    FEEDS is a text file with one RSS, Atom or JSON Feed URL per line, or an
    OPML file. A dead feed or a bad page is reported and skipped.
    """
    from polybius.sources.feeds import read_feed_list
    from polybius.sources.fetch import Fetcher, FetchSettings
    from polybius.sources.seen import SeenState
    from polybius.sources.watch import Watcher, default_state_path, parse_interval
    from polybius.store.database import open_store
    from polybius.store.ingest import LazyCoder

    config = Config(model=model, classifier=not no_classifier)
    settings = FetchSettings(user_agent=user_agent, timeout=timeout, retries=retries, delay=delay)
    try:
        seconds = parse_interval(every)
        urls = read_feed_list(feeds, on_problem=_warn)
        with (
            open_store(db) as store,
            SeenState(state_path or default_state_path(db)) as state,
            Fetcher(settings) as fetcher,
        ):
            watcher = Watcher(urls, store, LazyCoder(lambda: _engine(config)), fetcher, state,
                              on_problem=_warn)  # fmt: skip
            click.echo(f"polybius: watching {len(urls)} feed(s) every {every}; results in "
                       f"{store.where}, seen items in {state.path}", err=True)  # fmt: skip
            watcher.run(every=seconds, cycles=1 if once else cycles, on_cycle=_CycleLine())
    except PolybiusError as e:
        raise click.ClickException(str(e)) from e
    except KeyboardInterrupt:
        click.echo("polybius: stopped", err=True)


class _CycleLine:
    """One line on stderr per poll."""

    def __init__(self) -> None:
        self.cycle = 0

    def __call__(self, report: Any) -> None:
        self.cycle += 1
        click.echo(
            f"polybius: poll {self.cycle}: {report.feeds} feed(s) ({report.not_modified} not "
            f"modified, {report.failed_feeds} failed), {report.new_items} new item(s): "
            f"{report.added} stored, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.failed_pages} failed to download, {report.skipped} skipped; "
            f"{report.mentions} event mention(s) ({report.seconds:.1f} s)",
            err=True,
        )


@main.command(name="batch")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the Parquet partitions of events (and the manifest that lets "
              "a re-run skip finished partitions).")  # fmt: skip
@click.option("--db", help="Also store the documents and events here (" + DB_HELP + ")")
@click.option("--scheduler", help="Address of a running Dask scheduler (tcp://HOST:8786); "
              "default: start local worker processes.")  # fmt: skip
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Local worker processes (without --scheduler); each loads the model "
              "once.")  # fmt: skip
@click.option("--partition-size", type=click.IntRange(min=1), default=50, show_default=True,
              help="Documents per partition (one task, one Parquet file).")  # fmt: skip
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Further tries of a failed partition before it is reported.")  # fmt: skip
@click.option("--executor", default=Config().executor, show_default=True,
              help="Registered executor name.")  # fmt: skip
@click.option("--connect-timeout", type=click.FloatRange(min=0.1), default=10.0,
              show_default=True, help="Seconds to wait for --scheduler.")  # fmt: skip
@click.option("--published", help="Publication date (YYYY-MM-DD) for documents that lack one.")
@click.option("--model", help="spaCy pipeline name or path (installed on every worker).")
@click.option("--no-classifier", is_flag=True, help="Code with the lexicon only.")
def batch_command(
    paths: tuple[str, ...], out: Path | None, db: str | None, scheduler: str | None,
    workers: int, partition_size: int, retries: int, executor: str, connect_timeout: float,
    published: str | None, model: str | None, no_classifier: bool,
) -> None:  # fmt: skip
    """Code many documents in partitions on a Dask cluster; write Parquet and/or a store.

    PATHS are read as by 'polybius code'. A re-run with the same input skips the
    partitions finished before; failed partitions are reported and tried again then.
    """
    from contextlib import nullcontext

    from polybius.registry import make_executor
    from polybius.scale.executor import run_batch
    from polybius.sources.files import ReadOptions, read_documents
    from polybius.store.database import open_store

    if out is None and db is None:
        raise click.UsageError("give --out DIR (Parquet), --db URL (store), or both")
    config = Config(model=model, classifier=not no_classifier, executor=executor)
    documents = read_documents(
        list(paths), options=ReadOptions(published=_parse_day(published)), on_problem=_warn
    )
    if scheduler is not None and _given("workers"):
        raise click.UsageError("give --scheduler (a running cluster's workers) or --workers "
                               "(local worker processes), not both")  # fmt: skip
    options = {"scheduler": scheduler, "workers": workers, "retries": retries,
               "connect_timeout": connect_timeout}  # fmt: skip
    try:
        with (
            make_executor(executor, **options) as runner,
            open_store(db) if db is not None else nullcontext() as store,
        ):
            report = run_batch(documents, runner, config=config, out=out, store=store,
                               partition_size=partition_size, factory=_batch_factory(),
                               on_problem=_warn)  # fmt: skip
            where = runner.workers
    except PolybiusError as e:
        raise click.ClickException(str(e)) from e
    _batch_summary(report, where, out, db)


def _given(name: str) -> bool:
    """True when the option ``name`` was given on the command line (not its default)."""
    source = click.get_current_context().get_parameter_source(name)
    return source is click.core.ParameterSource.COMMANDLINE


def _batch_factory() -> Any:
    """The engine factory for batch workers: the default one, unless the caller handed in
    an engine through click's context (tests, with the in-process executor)."""
    from polybius.scale.executor import make_engine

    ctx = click.get_current_context(silent=True)
    given = (ctx.obj or {}).get("engine") if ctx is not None and isinstance(ctx.obj, dict) else None
    if given is None:
        return make_engine
    return lambda _config, _on_problem: given


def _batch_summary(report: Any, workers: int, out: Path | None, db: str | None) -> None:
    failed = len(report.failed)
    written = "".join([f"; Parquet in {out}" if out else "", f"; stored in {db}" if db else ""])
    click.echo(
        f"polybius: {report.partitions} partition(s): {report.coded} coded, {report.skipped} "
        f"skipped (finished before), {failed} failed; {report.documents} document(s), "
        f"{report.events} event(s) in {report.seconds:.1f} s "
        f"({report.documents_per_second:.1f} documents/s, {workers} worker(s)){written}",
        err=True,
    )
    for failure in report.failed:
        click.echo(f"polybius: partition {failure.index} failed: {failure.error}", err=True)
    if failed:
        raise click.ClickException(
            f"{failed} partition(s) failed; run the same command again to retry them"
        )
    if report.partitions == 0:
        raise click.ClickException("no document could be read; nothing was coded")


@main.command(name="events")
@click.option("--db", envvar="POLYBIUS_DB", help=DB_HELP)
@click.option("--actor", help="Actor code (RUS, EU, a person's id) on the acting side.")
@click.option("--recipient", help="Actor code on the receiving side.")
@click.option("--either", help="Actor code on either side.")
@click.option("--country", help="ISO 3166 alpha-3 country on either side.")
@click.option("--sector", help="Sector code (GOV, MIL, REB, ...) on either side.")
@click.option("--type", "type_", type=click.Choice(PLOVER_TYPES, case_sensitive=False))
@click.option(
    "--status",
    type=click.Choice(STATUSES, case_sensitive=False),
    help="Some report gives the event this status.",
)
@click.option(
    "--state",
    type=click.Choice(("reported", "corroborated", "contested", "denied"), case_sensitive=False),
    help="Claim state of the merged event.",
)
@click.option("--from", "date_from", help="Events on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Events on or before this date (YYYY-MM-DD).")
@click.option("--outlet", help="Reported by this outlet.")
@click.option("--text", help="Words that must occur in an evidence sentence.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--mentions", "with_mentions", is_flag=True, help="With --json: add each report.")
def events_command(
    db: str | None,
    actor: str | None,
    recipient: str | None,
    either: str | None,
    country: str | None,
    sector: str | None,
    type_: str | None,
    status: str | None,
    state: str | None,
    date_from: str | None,
    date_to: str | None,
    outlet: str | None,
    text: str | None,
    limit: int,
    offset: int,
    as_json: bool,
    with_mentions: bool,
) -> None:
    """List merged events from the store, oldest first, as a table or JSON Lines."""
    from polybius.store.database import open_store
    from polybius.store.query import EventQuery, event_mentions, query_events

    query = EventQuery(
        actor, recipient, either, country, sector, type_, status, state,
        _parse_day(date_from), _parse_day(date_to), outlet, text, limit, offset,
    )  # fmt: skip
    try:
        with open_store(db, create=False) as store:
            found = query_events(store, query)
            if as_json:
                for item in found:
                    record = item.to_dict()
                    if with_mentions:
                        record["mentions"] = event_mentions(store, item.id)
                    click.echo(json.dumps(record, ensure_ascii=False))
                return
    except PolybiusError as e:
        raise click.ClickException(str(e)) from e
    click.echo(events_table(found))


EVENT_COLUMNS = (
    "id", "date", "type", "actor", "recipient", "status", "state", "reports", "outlets",
)  # fmt: skip


def events_table(found: Iterable[Any], evidence_width: int = 60) -> str:
    """Merged events as an aligned text table, the evidence sentence cut to ``evidence_width``."""
    rows = [[*EVENT_COLUMNS, "evidence"]]
    for item in found:
        when = item.date_start.isoformat() if item.date_start else ""
        if item.date_end and item.date_end != item.date_start:
            when += f"..{item.date_end.isoformat()}"
        sentence = " ".join(item.sentence.split())
        if len(sentence) > evidence_width:
            sentence = sentence[: evidence_width - 1] + "…"
        rows.append([
            str(item.id), when, item.type, item.actor.code, item.recipient.code, item.status,
            item.state, str(item.report_count), ",".join(item.outlets), sentence,
        ])  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]])
             for row in rows]  # fmt: skip
    return "\n".join(line.rstrip() for line in lines)


# ---- The graph of the international system: dyads, networks, claims, actors, exports.

WINDOW_HELP = "Events that start on or after / on or before this date (YYYY-MM-DD)."


def _window(date_from: str | None, date_to: str | None) -> tuple[date | None, date | None]:
    return _parse_day(date_from), _parse_day(date_to)


def _echo_json(record: Any) -> None:
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


def _graph_call(db: str | None, view: Any, **options: Any) -> Any:
    """Open the store read-only, call one library view, turn its errors into one line."""
    from polybius.store.database import open_store

    try:
        with open_store(db, create=False) as store:
            return view(store, **options)
    except PolybiusError as e:
        raise click.ClickException(str(e)) from e
    except ValueError as e:
        raise click.UsageError(str(e)) from e


@main.command(name="dyad")
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(("week", "month", "year")), default="month",
              show_default=True, help="Period of the series.")  # fmt: skip
@click.option("--from", "date_from", help=WINDOW_HELP)
@click.option("--to", "date_to", help=WINDOW_HELP)
@click.option("--db", envvar="POLYBIUS_DB", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the series as JSON.")
def dyad_command(
    a: str, b: str, by: str, date_from: str | None, date_to: str | None, db: str | None,
    as_json: bool,
) -> None:  # fmt: skip
    """Events between actors A and B per period, both ways, with a cooperation-conflict score.

    A and B are actor codes (RUS, EU). Denied events are not counted; planned
    and possible ones count half (docs/decisions/0006-graph.md).
    """
    from polybius.graph.dyads import dyad
    from polybius.graph.tables import dyad_table

    first, last = _window(date_from, date_to)
    series = _graph_call(db, lambda s: dyad(s, a, b, by=by, date_from=first, date_to=last))
    click.echo(json.dumps(series.to_dict(), ensure_ascii=False) if as_json else dyad_table(series))


@main.command(name="network")
@click.option("--from", "date_from", help=WINDOW_HELP)
@click.option("--to", "date_to", help=WINDOW_HELP)
@click.option("--min-events", type=click.IntRange(min=1), default=1, show_default=True,
              help="Leave out edges with fewer events.")  # fmt: skip
@click.option("--db", envvar="POLYBIUS_DB", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print nodes and edges as JSON.")
def network_command(
    date_from: str | None, date_to: str | None, min_events: int, db: str | None, as_json: bool
) -> None:
    """The international system in a window: actors and signed, weighted edges."""
    from polybius.graph.network import network
    from polybius.graph.tables import network_table

    first, last = _window(date_from, date_to)
    found = _graph_call(
        db, lambda s: network(s, date_from=first, date_to=last, min_events=min_events)
    )
    click.echo(json.dumps(found.to_dict(), ensure_ascii=False) if as_json else network_table(found))


@main.command(name="claims")
@click.argument("a")
@click.argument("b", required=False)
@click.option("--state", type=click.Choice(("reported", "corroborated", "contested", "denied"),
              case_sensitive=False), help="Only events in this claim state.")  # fmt: skip
@click.option("--from", "date_from", help=WINDOW_HELP)
@click.option("--to", "date_to", help=WINDOW_HELP)
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--db", envvar="POLYBIUS_DB", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def claims_command(
    a: str, b: str | None, state: str | None, date_from: str | None, date_to: str | None,
    limit: int, offset: int, db: str | None, as_json: bool,
) -> None:  # fmt: skip
    """The claims about actor A (or the dyad A B): each event, who asserts and who denies it."""
    from polybius.graph.claims import claims
    from polybius.graph.tables import claims_text

    first, last = _window(date_from, date_to)
    found = _graph_call(db, lambda s: claims(
        s, a, b, state=state, limit=limit, offset=offset, date_from=first, date_to=last
    ))  # fmt: skip
    if as_json:
        for claim in found:
            click.echo(json.dumps(claim.to_dict(), ensure_ascii=False))
    elif found:
        click.echo(claims_text(found))


@main.command(name="actors")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True)
@click.option("--from", "date_from", help=WINDOW_HELP)
@click.option("--to", "date_to", help=WINDOW_HELP)
@click.option("--db", envvar="POLYBIUS_DB", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def actors_command(
    limit: int, date_from: str | None, date_to: str | None, db: str | None, as_json: bool
) -> None:
    """The most active actors: counted events as actor and as recipient."""
    from polybius.graph.actors import top_actors
    from polybius.graph.tables import actors_table

    first, last = _window(date_from, date_to)
    found = _graph_call(db, lambda s: top_actors(s, limit=limit, date_from=first, date_to=last))
    if as_json:
        for item in found:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
    else:
        click.echo(actors_table(found))


EXPORT_FORMATS = ("csv", "parquet", "plover", "gdelt", "graphml")


@main.command(name="export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="csv, parquet: event tables; plover: PLOVER JSON lines; gdelt: GDELT 2.0 "
              "events TSV; graphml: the network (with --from, --to, --min-events).")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: stdout; required for parquet).")  # fmt: skip
@click.option("--db", envvar="POLYBIUS_DB", help=DB_HELP)
@click.option("--actor", help="Actor code on the acting side.")
@click.option("--recipient", help="Actor code on the receiving side.")
@click.option("--either", help="Actor code on either side.")
@click.option("--country", help="ISO 3166 alpha-3 country on either side.")
@click.option("--sector", help="Sector code (GOV, MIL, REB, ...) on either side.")
@click.option("--type", "type_", type=click.Choice(PLOVER_TYPES, case_sensitive=False))
@click.option("--status", type=click.Choice(STATUSES, case_sensitive=False),
              help="Some report gives the event this status.")  # fmt: skip
@click.option("--state", type=click.Choice(("reported", "corroborated", "contested", "denied"),
              case_sensitive=False), help="Claim state of the merged event.")  # fmt: skip
@click.option("--from", "date_from", help="Events on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Events on or before this date (YYYY-MM-DD).")
@click.option("--outlet", help="Reported by this outlet.")
@click.option("--text", help="Words that must occur in an evidence sentence.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many events.")
@click.option("--min-events", type=click.IntRange(min=1), default=1, show_default=True,
              help="graphml: leave out edges with fewer events.")  # fmt: skip
def export_command(
    fmt: str, out: Path | None, db: str | None, actor: str | None, recipient: str | None,
    either: str | None, country: str | None, sector: str | None, type_: str | None,
    status: str | None, state: str | None, date_from: str | None, date_to: str | None,
    outlet: str | None, text: str | None, limit: int | None, min_events: int,
) -> None:  # fmt: skip
    """Export merged events (csv, parquet, plover, gdelt) or the network (graphml).

    Event exports take the filters of 'polybius events'; graphml takes the
    window (--from, --to) and --min-events.
    """
    from polybius.store.query import EventQuery

    if fmt == "graphml":
        filters = (actor, recipient, either, country, sector, type_, status, state, outlet, text,
                   limit)  # fmt: skip
        if any(value is not None for value in filters):
            raise click.UsageError("graphml exports the network: only --from, --to and "
                                   "--min-events apply")  # fmt: skip
        _export_graphml(db, out, min_events, *_window(date_from, date_to))
        return
    if fmt == "parquet" and out is None:
        raise click.UsageError("parquet needs --out PATH")
    query = EventQuery(
        actor=actor, recipient=recipient, either=either, country=country, sector=sector,
        type=type_, status=status, state=state, date_from=_parse_day(date_from),
        date_to=_parse_day(date_to), outlet=outlet, text=text, limit=limit,
    )  # fmt: skip
    n = _graph_call(db, lambda s: _export_events(s, query, fmt, out))
    click.echo(f"polybius: exported {n} event(s) as {fmt}" + (f" to {out}" if out else ""),
               err=True)  # fmt: skip


def _export_events(store: Any, query: Any, fmt: str, out: Path | None) -> int:
    from polybius.graph.export import write_csv, write_parquet, write_plover
    from polybius.graph.gdelt import write_gdelt
    from polybius.store.relations import export_rows

    rows = export_rows(store, query)
    if fmt == "parquet":
        assert out is not None
        return write_parquet(rows, out)
    writers: dict[str, Callable[..., int]] = {
        "csv": write_csv, "plover": write_plover, "gdelt": write_gdelt,
    }  # fmt: skip
    writer = writers[fmt]
    if out is None:
        return writer(rows, sys.stdout)
    with out.open("w", encoding="utf-8", newline="") as stream:
        return writer(rows, stream)


def _export_graphml(
    db: str | None, out: Path | None, min_events: int, first: date | None, last: date | None
) -> None:
    from polybius.graph.graphml import write_graphml
    from polybius.graph.network import network

    found = _graph_call(
        db, lambda s: network(s, date_from=first, date_to=last, min_events=min_events)
    )
    if out is None:
        write_graphml(found, sys.stdout.buffer)
    else:
        with out.open("wb") as stream:
            write_graphml(found, stream)
    click.echo(f"polybius: exported {len(found.nodes)} node(s) and {len(found.edges)} edge(s) "
               "as graphml" + (f" to {out}" if out else ""), err=True)  # fmt: skip


@main.command(name="serve")
@click.option("--db", envvar="POLYBIUS_DB", help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the server to the network).")  # fmt: skip
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path),
              help="File whose first line is the token for posting documents "
              "(default: $POLYBIUS_API_TOKEN; without either, posting is off).")  # fmt: skip
@click.option("--max-bytes", type=click.IntRange(min=1), default=2_000_000, show_default=True,
              help="Largest posted document body.")  # fmt: skip
@click.option("--create", is_flag=True, help="Create an empty store when there is none.")
def serve_command(
    db: str | None, host: str, port: int, token_file: Path | None, max_bytes: int, create: bool
) -> None:
    """Serve the JSON API (/api) and the web UI (/) over the store, until Ctrl-C."""
    import uvicorn

    from polybius.api.app import make_app
    from polybius.api.pages import vendor_missing
    from polybius.api.settings import ApiSettings, token_from
    from polybius.store.database import open_store

    try:
        settings = ApiSettings(token=token_from(path=token_file), max_bytes=max_bytes)
        store = open_store(db, create=create)
    except PolybiusError as e:
        raise click.ClickException(str(e)) from e
    if settings.web_dir is not None and vendor_missing(settings.web_dir):
        click.echo("polybius: the UI's chart and network libraries are missing; run "
                   "scripts/web-assets.sh (the API works without them)", err=True)  # fmt: skip
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"polybius: WARNING: listening on {host}: other machines can reach the "
                   "server (use a token and a TLS proxy)", err=True)  # fmt: skip
    click.echo(f"polybius: serving {store.where} on http://{host}:{port}/ (API: /api, "
               f"posting {'on' if settings.token else 'off'}); Ctrl-C stops", err=True)  # fmt: skip
    try:
        uvicorn.run(make_app(store, settings), host=host, port=port, log_level="warning")
    finally:
        store.close()


if __name__ == "__main__":  # pragma: no cover
    main()
