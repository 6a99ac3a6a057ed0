"""The feed watcher end to end against a real server on 127.0.0.1, with the store tests'
line coder (no model): poll, fetch, code, store; dead feeds and bad pages skipped;
what was seen remembered across restarts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from polybius.cli import main
from polybius.errors import ConfigError
from polybius.records import Problem
from polybius.sources.fetch import Fetcher, FetchSettings
from polybius.sources.seen import SeenState
from polybius.sources.watch import CycleReport, Watcher, default_state_path, parse_interval
from polybius.store.database import Store, open_store
from polybius.store.query import count_events
from tests.sources.conftest import FeedServer
from tests.store.conftest import LineCoder

FEEDS = ["/feeds/world.rss", "/feeds/europe.atom", "/feeds/asia.json"]
PAGES = ["/pages/strike.html", "/pages/talks.html", "/pages/gallery.html",
         "/pages/sanctions.html", "/pages/visit.html"]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "x.db")) as opened:
        yield opened


def make_watcher(
    server: FeedServer, store: Store, state: SeenState, paths: list[str], problems: list[Problem]
) -> Watcher:
    fetcher = Fetcher(FetchSettings(delay=0.0, retries=1, backoff=0.01, timeout=0.5))
    return Watcher(
        [server.url(path) for path in paths],
        store,
        LineCoder(),
        fetcher,
        state,
        on_problem=problems.append,
    )


def poll(
    server: FeedServer, store: Store, state_path: Path, paths: list[str]
) -> tuple[CycleReport, list[Problem]]:
    problems: list[Problem] = []
    with SeenState(state_path) as state:
        watcher = make_watcher(server, store, state, paths, problems)
        try:
            return watcher.poll(), problems
        finally:
            watcher.fetcher.close()


def test_first_poll_stores_every_new_article_once(
    feed_server: FeedServer, store: Store, tmp_path: Path
) -> None:
    report, problems = poll(feed_server, store, tmp_path / "seen.db", FEEDS)
    # strike.html is in two feeds: fetched and stored once.
    assert (report.feeds, report.new_items, report.added, report.skipped) == (3, 5, 4, 1)
    assert report.mentions == 4 and count_events(store) == 4
    assert all(feed_server.hits[page] == 1 for page in PAGES)
    gallery = feed_server.url("/pages/gallery.html")
    assert [str(p) for p in problems] == [f"{gallery}: no article text found, skipped"]


def test_second_poll_gets_304s_and_fetches_nothing(
    feed_server: FeedServer, store: Store, tmp_path: Path
) -> None:
    state = tmp_path / "seen.db"
    poll(feed_server, store, state, FEEDS)
    again, problems = poll(feed_server, store, state, FEEDS)
    assert (again.not_modified, again.new_items, again.added) == (3, 0, 0)
    assert problems == []
    assert all(feed_server.hits[page] == 1 for page in PAGES)


def test_restart_remembers_seen_items_even_when_the_feed_is_sent_again(
    feed_server: FeedServer, store: Store, tmp_path: Path
) -> None:
    state = tmp_path / "seen.db"
    poll(feed_server, store, state, ["/nocache/feeds/world.rss"])
    # A new process: a new state object on the same file; the feed has no validators.
    again, _ = poll(feed_server, store, state, ["/nocache/feeds/world.rss"])
    assert (again.not_modified, again.new_items) == (0, 0)
    assert feed_server.hits["/nocache/feeds/world.rss"] == 2
    assert feed_server.hits["/pages/strike.html"] == 1


def test_dead_and_slow_feeds_are_skipped_and_the_rest_is_stored(
    feed_server: FeedServer, store: Store, tmp_path: Path
) -> None:
    feed_server.slow = 1.5
    paths = ["/broken/world.rss", "/slow/feeds/europe.atom", "/feeds/asia.json"]
    report, problems = poll(feed_server, store, tmp_path / "seen.db", paths)
    assert (report.failed_feeds, report.added) == (2, 1)
    messages = [str(p) for p in problems]
    assert messages[0] == (
        f"{feed_server.url('/broken/world.rss')}: feed skipped this cycle: "
        "HTTP 500 Internal Server Error (tried 2 times)"
    )
    assert "feed skipped this cycle: timed out after 0.5 s" in messages[1]


def test_a_page_that_fails_to_download_is_tried_again_next_cycle(
    feed_server: FeedServer, store: Store, tmp_path: Path
) -> None:
    flaky = tmp_path / "flaky.rss"
    feed = feed_server.body("world.rss") or b""
    # The page answers 503 to its first four requests: two cycles of two tries each.
    flaky_feed = feed.replace(b"/pages/talks.html", b"/flaky/4/pages/talks.html")
    flaky.write_bytes(flaky_feed)
    feed_server.root = tmp_path
    for page in ("strike.html", "talks.html", "gallery.html"):
        (tmp_path / "pages").mkdir(exist_ok=True)
        (tmp_path / "pages" / page).write_bytes(feed_server_page(page))
    state = tmp_path / "seen.db"
    first, problems = poll(feed_server, store, state, ["/nocache/flaky.rss"])
    assert (first.failed_pages, first.added) == (1, 1)
    assert "page skipped: HTTP 503 Service Unavailable (tried 2 times)" in str(problems[0])
    second, _ = poll(feed_server, store, state, ["/nocache/flaky.rss"])
    assert (second.new_items, second.failed_pages, second.added) == (1, 1, 0)
    third, _ = poll(feed_server, store, state, ["/nocache/flaky.rss"])
    assert (third.new_items, third.failed_pages, third.added) == (1, 0, 1)


def feed_server_page(name: str) -> bytes:
    from tests.sources.conftest import FEEDS as ROOT

    return (ROOT / "pages" / name).read_bytes()


def test_watch_command_polls_once_and_stores(feed_server: FeedServer, tmp_path: Path) -> None:
    feeds = feed_server.feed_list(tmp_path, *FEEDS, "/broken/dead.rss")
    db = tmp_path / "news.db"
    args = ["watch", str(feeds), "--db", str(db), "--once", "--delay", "0", "--retries", "0"]
    result = CliRunner().invoke(main, args, obj={"engine": LineCoder()})
    assert result.exit_code == 0, result.output
    assert f"watching 4 feed(s) every 15m; results in {db}, seen items in " \
        f"{tmp_path / 'news.watch.db'}" in result.stderr  # fmt: skip
    assert "poll 1: 4 feed(s) (0 not modified, 1 failed), 5 new item(s): 4 stored" in result.stderr
    assert "dead.rss: feed skipped this cycle: HTTP 500" in result.stderr
    assert (tmp_path / "news.watch.db").exists()


def test_watch_command_runs_a_number_of_cycles(feed_server: FeedServer, tmp_path: Path) -> None:
    feeds = feed_server.feed_list(tmp_path, "/feeds/world.rss")
    args = ["watch", str(feeds), "--db", str(tmp_path / "n.db"), "--cycles", "2",
            "--every", "0.1s", "--delay", "0"]  # fmt: skip
    result = CliRunner().invoke(main, args, obj={"engine": LineCoder()})
    assert result.exit_code == 0, result.output
    assert "poll 2: 1 feed(s) (1 not modified, 0 failed), 0 new item(s)" in result.stderr


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("# none yet\n", "feeds.txt", "no feed URLs found"),
        ("<opml><body>", "feeds.opml", "not a valid OPML file"),
    ],
)
def test_watch_command_refuses_unusable_feed_lists(
    tmp_path: Path, content: str, name: str, message: str
) -> None:
    feeds = tmp_path / name
    feeds.write_text(content)
    result = CliRunner().invoke(main, ["watch", str(feeds), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output


def test_watch_command_refuses_a_bad_interval(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://a.example/rss\n")
    result = CliRunner().invoke(main, ["watch", str(feeds), "--every", "soon"])
    assert result.exit_code == 1
    assert "'soon' is not an interval" in result.stderr


def test_intervals_and_the_default_state_file() -> None:
    assert [parse_interval(v) for v in ("90", "30s", "15m", "2h", "1d", "0.5m")] == [
        90,
        30,
        900,
        7200,
        86400,
        30,
    ]
    for bad in ("", "0", "-5m", "15 minutes", "m"):
        with pytest.raises(ConfigError):
            parse_interval(bad)
    assert default_state_path("data/news.db") == Path("data/news.watch.db")
    assert default_state_path("postgresql://u@h/db") == Path("polybius.watch.db")


@pytest.mark.model
def test_watch_codes_real_articles_with_the_engine(
    feed_server: FeedServer, tmp_path: Path, engine: object
) -> None:
    feeds = feed_server.feed_list(tmp_path, "/feeds/europe.atom")
    db = tmp_path / "news.db"
    args = ["watch", str(feeds), "--db", str(db), "--once", "--delay", "0"]
    result = CliRunner().invoke(main, args, obj={"engine": engine})
    assert result.exit_code == 0, result.output
    query = ["events", "--db", str(db), "--json", "--type", "SANCTION", "--actor", "EU",
             "--recipient", "IRN"]  # fmt: skip
    events = CliRunner().invoke(main, query)
    records = [json.loads(line) for line in events.stdout.splitlines()]
    assert len(records) == 1
    assert records[0]["outlets"] == ["The Example Courier"]


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=12))
def test_any_interval_text_gives_positive_seconds_or_a_config_error(text: str) -> None:
    try:
        seconds = parse_interval(text)
    except ConfigError as e:
        assert "is not an interval" in str(e)
    else:
        assert seconds > 0
