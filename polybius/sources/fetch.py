"""Polite HTTP fetching for the feed watcher, with httpx.

Every request sends Polybius's User-Agent, has a timeout, and waits until
``delay`` seconds have passed since the previous request to the same host
(a per-host politeness delay). Timeouts, connection errors and the statuses
that mean "try later" (429, 500, 502, 503, 504) are retried with exponential
back-off, honouring a ``Retry-After`` header. A feed is fetched with its
last ``ETag``/``Last-Modified``, so an unchanged feed costs a 304 and no body.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import httpx

from polybius.closing import ClosesOnExit
from polybius.errors import PolybiusError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 120.0


def _user_agent() -> str:
    try:
        release = version("polybius")
    except PackageNotFoundError:
        release = "dev"
    return f"Polybius/{release} (political event coder; feed watcher)"


@dataclass(frozen=True)
class FetchSettings:
    """How to fetch: seconds for ``timeout``, further tries in ``retries`` (waiting
    ``backoff``, then twice that, ...), ``delay`` seconds between two requests to one
    host, and at most ``max_bytes`` of body."""

    user_agent: str = ""
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 2.0
    delay: float = 1.0
    max_bytes: int = 10_000_000

    def agent(self) -> str:
        return self.user_agent or _user_agent()


@dataclass(frozen=True)
class Validators:
    """What a server said about a resource's version, sent back on the next request."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Fetched:
    """A response: ``status`` 304 means not modified (empty body)."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(PolybiusError):
    """A URL could not be fetched (after the retries); the message says why."""


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class Fetcher(ClosesOnExit):
    """An HTTP client with politeness, retries and conditional requests; close it after use.

    ``clock`` and ``sleep`` are the time functions (tests pass their own to
    see the waits without waiting).
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.clock = clock
        self.sleep = sleep
        self.last_request: dict[str, float] = {}  # host -> clock() of its last request
        self.client = httpx.Client(
            headers={"User-Agent": self.settings.agent()},
            timeout=self.settings.timeout,
            follow_redirects=True,
            transport=transport,
        )

    def get(self, url: str, validators: Validators | None = None) -> Fetched:
        """Fetch ``url``; raises ``FetchError`` when every try failed or the status says no."""
        tries = self.settings.retries + 1
        attempt = 0
        while True:
            try:
                return self._get_once(url, validators)
            except _Retry as retry:
                attempt += 1
                if attempt >= tries:
                    times = "once" if tries == 1 else f"{tries} times"
                    raise FetchError(f"{url}: {retry.reason} (tried {times})") from None
                self.sleep(self._wait(attempt - 1, retry.wait))

    def _wait(self, attempt: int, asked: float | None) -> float:
        wait = self.settings.backoff * 2**attempt
        if asked is not None:
            wait = max(wait, min(asked, MAX_RETRY_AFTER))
        return wait

    def _get_once(self, url: str, validators: Validators | None) -> Fetched:
        self._be_polite(url)
        headers = validators.headers() if validators else {}
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code in RETRY_STATUSES:
                    reason = f"HTTP {response.status_code} {response.reason_phrase}"
                    raise _Retry(reason, _retry_after(response))
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
                body = b"" if response.status_code == 304 else self._body(response, url)
                return _fetched(response, body)
        except httpx.TimeoutException as e:
            raise _Retry(f"timed out after {self.settings.timeout:g} s ({type(e).__name__})") from e
        except httpx.TransportError as e:
            raise _Retry(f"cannot connect ({type(e).__name__}: {e})") from e
        except httpx.InvalidURL as e:
            raise FetchError(f"{url}: not a valid URL ({e})") from e

    def _body(self, response: httpx.Response, url: str) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.settings.max_bytes:
                limit = self.settings.max_bytes
                raise FetchError(f"{url}: larger than {limit:,} bytes, not fetched")
            chunks.append(chunk)
        return b"".join(chunks)

    def _be_polite(self, url: str) -> None:
        """Wait until ``delay`` seconds have passed since the last request to this host."""
        host = urlsplit(url).netloc.lower()
        last = self.last_request.get(host)
        if last is not None:
            wait = last + self.settings.delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self.last_request[host] = self.clock()

    def close(self) -> None:
        self.client.close()


def _fetched(response: httpx.Response, body: bytes) -> Fetched:
    validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
    return Fetched(
        url=str(response.url),
        status=response.status_code,
        body=body,
        content_type=response.headers.get("Content-Type"),
        validators=validators,
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: the back-off decides
