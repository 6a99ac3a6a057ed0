"""Live monitoring: poll feeds, fetch new articles, code and store them, again and again.

One cycle (``Watcher.poll``) goes through the feeds in order. Each feed is
fetched with its last validators (an unchanged feed answers 304 and costs
nothing more); its entries not seen before are fetched politely, their
article text extracted as for a saved page, and the documents coded and
stored by ``polybius.store.ingest.ingest`` (the same unit of work as
``polybius ingest``, idempotent per document). What was seen is kept in a
``SeenState`` file, so a restarted watcher carries on where it stopped.

Nothing about one feed or one page stops the watcher: a dead feed, a page
that times out or has no article text is reported through ``on_problem`` and
skipped (a page that failed to download is tried again next cycle, a few
times). Only a broken store stops it, since nothing could be saved.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from polybius.errors import ConfigError, InputError
from polybius.records import Problem
from polybius.sources.feeds import FeedItem, parse_feed
from polybius.sources.fetch import Fetcher, FetchError
from polybius.sources.files import ReadOptions, read_pages
from polybius.sources.pages import Page
from polybius.sources.seen import DONE, FAILED, SeenState
from polybius.store.database import Store, database_url, sqlite_path
from polybius.store.ingest import Coder, ingest

ProblemHandler = Callable[[Problem], None]

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
STATE_SUFFIX = ".watch.db"


def parse_interval(value: str) -> float:
    """Seconds in an interval such as ``90``, ``30s``, ``15m``, ``2h`` or ``1d``."""
    match = _INTERVAL.match(value)
    if match is None or float(match.group(1)) <= 0:
        raise ConfigError(
            f"{value!r} is not an interval; write a positive number with s, m, h or d "
            "(15m is fifteen minutes)"
        )
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


def default_state_path(db: str | None) -> Path:
    """Where the watch state lives by default: beside a SQLite store (``polybius.db`` ->
    ``polybius.watch.db``), else ``polybius.watch.db`` in the working directory."""
    path = sqlite_path(database_url(db))
    if path is None:
        return Path("polybius" + STATE_SUFFIX)
    return path.with_name(path.stem + STATE_SUFFIX)


@dataclass
class CycleReport:
    """What one poll did, feed by feed and page by page."""

    feeds: int = 0
    not_modified: int = 0
    failed_feeds: int = 0
    new_items: int = 0
    failed_pages: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    mentions: int = 0
    seconds: float = 0.0


@dataclass
class Watcher:
    """Polls ``feeds`` and stores what is new; ``poll`` runs one cycle, ``run`` several."""

    feeds: list[str]
    store: Store
    coder: Coder
    fetcher: Fetcher
    state: SeenState
    options: ReadOptions = field(default_factory=ReadOptions)
    on_problem: ProblemHandler = field(default=lambda _problem: None)

    def poll(self) -> CycleReport:
        """One cycle over every feed."""
        report = CycleReport()
        started = time.monotonic()
        for feed in self.feeds:
            report.feeds += 1
            items = self.read_feed(feed, report)
            if items:
                self.store_items(feed, items, report)
        report.seconds = time.monotonic() - started
        return report

    def run(
        self,
        *,
        every: float,
        cycles: int | None = None,
        on_cycle: Callable[[CycleReport], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> int:
        """Poll every ``every`` seconds, ``cycles`` times (None: until interrupted)."""
        done = 0
        while cycles is None or done < cycles:
            started = time.monotonic()
            report = self.poll()
            done += 1
            if on_cycle is not None:
                on_cycle(report)
            if cycles is None or done < cycles:
                sleep(max(0.0, every - (time.monotonic() - started)))
        return done

    def read_feed(self, feed: str, report: CycleReport) -> list[FeedItem]:
        """The feed's entries not seen before; a feed that fails is reported, never fatal."""
        try:
            fetched = self.fetcher.get(feed, self.state.validators(feed))
            if fetched.not_modified:
                report.not_modified += 1
                self.state.save_feed(feed, None, "not modified")
                return []
            items = parse_feed(fetched.body, fetched.url, fetched.content_type)
        except (FetchError, InputError) as e:
            report.failed_feeds += 1
            self.state.save_feed(feed, None, f"failed: {e}")
            self.on_problem(Problem(feed, f"feed skipped this cycle: {_reason(e, feed)}"))
            return []
        self.state.save_feed(feed, fetched.validators, f"{len(items)} entries")
        first: dict[str, FeedItem] = {}  # a feed may list an article twice: the first wins
        for item in items:
            first.setdefault(item.url, item)
        fresh = [item for item in first.values() if not self.state.is_seen(item.url)]
        report.new_items += len(fresh)
        return fresh

    def store_items(self, feed: str, items: list[FeedItem], report: CycleReport) -> None:
        """Fetch the pages of ``items``, then code and store them as one ingest."""
        pages = list(self.fetch_pages(items, report))
        documents = list(read_pages(pages, options=self.options, on_problem=self.on_problem))
        report.skipped += len(pages) - len(documents)
        result = ingest(self.store, documents, self.coder, on_problem=self.on_problem)
        for page in pages:  # stored, or unusable (reported): either way, done with
            self.state.mark(page.id, feed, DONE)
        report.added += result.added
        report.updated += result.updated
        report.unchanged += result.unchanged + result.duplicates
        report.mentions += result.mentions

    def fetch_pages(self, items: list[FeedItem], report: CycleReport) -> Iterator[Page]:
        for item in items:
            try:
                fetched = self.fetcher.get(item.url)
            except FetchError as e:
                report.failed_pages += 1
                self.state.mark(item.url, item.feed, FAILED)
                self.on_problem(Problem(item.url, f"page skipped: {_reason(e, item.url)}"))
                continue
            yield Page(
                id=item.url,
                url=item.url,
                body=fetched.body,
                source=item.url,
                title=item.title,
                published=item.published,
                outlet=item.outlet,
            )


def _reason(error: Exception, source: str) -> str:
    return str(error).removeprefix(f"{source}: ")
