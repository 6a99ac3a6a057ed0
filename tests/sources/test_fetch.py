"""The HTTP fetcher against a real server on 127.0.0.1: conditional requests, retries
with back-off, timeouts, politeness and the User-Agent."""

from __future__ import annotations

import pytest

from polybius.sources.fetch import Fetcher, FetchError, FetchSettings
from tests.sources.conftest import FeedServer


class Clock:
    """A clock that only moves when the fetcher sleeps, so waits are seen, not waited."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def fetcher(clock: Clock, **settings: float) -> Fetcher:
    options = {"delay": 0.0, "backoff": 0.5, "retries": 2, "timeout": 5.0} | settings
    return Fetcher(FetchSettings(**options), clock=clock, sleep=clock.sleep)  # type: ignore[arg-type]


def test_an_unchanged_feed_answers_304_on_the_second_poll(feed_server: FeedServer) -> None:
    with fetcher(Clock()) as client:
        first = client.get(feed_server.url("/feeds/world.rss"))
        assert first.status == 200 and b"<rss" in first.body
        assert first.validators.etag and first.validators.last_modified
        second = client.get(feed_server.url("/feeds/world.rss"), first.validators)
    assert second.not_modified and second.body == b""


def test_a_server_error_is_retried_with_growing_waits_then_reported(
    feed_server: FeedServer,
) -> None:
    clock = Clock()
    url = feed_server.url("/broken/world.rss")
    with fetcher(clock) as client, pytest.raises(FetchError) as error:
        client.get(url)
    assert str(error.value) == f"{url}: HTTP 500 Internal Server Error (tried 3 times)"
    assert clock.sleeps == [0.5, 1.0]
    assert feed_server.hits["/broken/world.rss"] == 3


def test_a_retry_that_succeeds(feed_server: FeedServer) -> None:
    clock = Clock()
    with fetcher(clock) as client:
        fetched = client.get(feed_server.url("/flaky/2/pages/talks.html"))
    assert fetched.status == 200 and b"Harbour talks resume" in fetched.body
    assert feed_server.hits["/flaky/2/pages/talks.html"] == 3
    assert clock.sleeps == [0.5, 1.0]


def test_a_timeout_is_reported_with_the_url(feed_server: FeedServer) -> None:
    feed_server.slow = 1.0
    url = feed_server.url("/slow/feeds/world.rss")
    with fetcher(Clock(), timeout=0.2, retries=0) as client, pytest.raises(FetchError) as error:
        client.get(url)
    assert str(error.value).startswith(f"{url}: timed out after 0.2 s")


def test_a_missing_page_is_not_retried(feed_server: FeedServer) -> None:
    clock = Clock()
    with fetcher(clock) as client, pytest.raises(FetchError, match="HTTP 404 Not Found$"):
        client.get(feed_server.url("/pages/nowhere.html"))
    assert clock.sleeps == []


def test_nobody_listening_is_a_fetch_error() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with fetcher(Clock(), retries=1) as client, pytest.raises(FetchError, match="cannot connect"):
        client.get(f"http://127.0.0.1:{port}/feed.rss")


def test_requests_to_one_host_are_spaced_by_the_delay_and_name_polybius(
    feed_server: FeedServer,
) -> None:
    clock = Clock()
    with fetcher(clock, delay=2.0) as client:
        client.get(feed_server.url("/pages/talks.html"))
        clock.now += 0.5  # half a second of work between the two requests
        client.get(feed_server.url("/pages/strike.html"))
        other_host = feed_server.base.replace("127.0.0.1", "localhost")
        client.get(other_host + "/pages/visit.html")  # another host: no wait
    assert clock.sleeps == [1.5]
    assert all(agent.startswith("Polybius/") for agent in feed_server.agents)
    assert len(feed_server.agents) == 3
