"""What the feed watcher has seen, kept in a small SQLite file that survives restarts.

Two tables: ``feeds`` (each feed's last ``ETag``/``Last-Modified`` and
status, for conditional requests) and ``items`` (each article URL met, its
outcome and how often fetching it failed). An item is done once its page was
fetched and handed to the store (or found unusable, which will not change);
a page that failed to download is tried again in later cycles, up to
``max_attempts`` times. The file is separate from the event store so that
it works the same with SQLite and PostgreSQL stores, and so that deleting it
simply makes the watcher look at everything again (the store skips what it has).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from polybius.closing import ClosesOnExit
from polybius.errors import InputError
from polybius.sources.fetch import Validators

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS feeds (
        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked TEXT, status TEXT)""",
    """CREATE TABLE IF NOT EXISTS items (
        url TEXT PRIMARY KEY, feed TEXT, outcome TEXT NOT NULL, attempts INTEGER NOT NULL,
        first_seen TEXT NOT NULL, last_tried TEXT NOT NULL)""",
)
DONE = "done"
FAILED = "failed"
DEFAULT_MAX_ATTEMPTS = 3


class SeenState(ClosesOnExit):
    """The watcher's memory in the SQLite file at ``path``; use as a context manager."""

    def __init__(self, path: Path, *, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> None:
        self.path = path
        self.max_attempts = max_attempts
        try:
            self.db = sqlite3.connect(path, isolation_level=None)
            for statement in _SCHEMA:
                self.db.execute(statement)
        except sqlite3.Error as e:
            raise InputError(
                f"{path}: cannot open the watch state ({e}); give another file with --state "
                "or delete this one (the store skips documents it has)"
            ) from e

    def validators(self, feed: str) -> Validators:
        row = self.db.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", (feed,)
        ).fetchone()
        return Validators(*row) if row else Validators()

    def save_feed(self, feed: str, validators: Validators | None, status: str) -> None:
        """Note a poll of ``feed``; ``validators`` None keeps the ones saved before."""
        kept = validators or self.validators(feed)
        self.db.execute(
            "INSERT INTO feeds (url, etag, last_modified, checked, status) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
            " last_modified = excluded.last_modified, checked = excluded.checked,"
            " status = excluded.status",
            (feed, kept.etag, kept.last_modified, _now(), status),
        )

    def is_seen(self, url: str) -> bool:
        """True when the item is done or has failed ``max_attempts`` times."""
        row = self.db.execute(
            "SELECT outcome, attempts FROM items WHERE url = ?", (url,)
        ).fetchone()
        return row is not None and (row[0] == DONE or row[1] >= self.max_attempts)

    def mark(self, url: str, feed: str, outcome: str) -> None:
        """Record an attempt at ``url``: ``DONE``, or ``FAILED`` (counted)."""
        failed = 1 if outcome == FAILED else 0
        now = _now()
        self.db.execute(
            "INSERT INTO items (url, feed, outcome, attempts, first_seen, last_tried)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
            " outcome = excluded.outcome, attempts = items.attempts + excluded.attempts,"
            " last_tried = excluded.last_tried",
            (url, feed, outcome, failed, now, now),
        )

    def counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT outcome, COUNT(*) FROM items GROUP BY outcome")
        return {outcome: n for outcome, n in rows}

    def close(self) -> None:
        self.db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
