"""A real HTTP server on 127.0.0.1 (a free port, a thread) serving the feed fixtures.

Paths: ``/feeds/NAME`` (with ETag and Last-Modified, answering 304 to a
matching conditional request), ``/nocache/feeds/NAME`` (no validators),
``/pages/NAME``, ``/broken/...`` (always 500), ``/slow/...`` (answers after
``slow`` seconds), ``/flaky/N/...`` (503 for the first N requests, then the
file). ``http://HOST`` in the files becomes the server's address.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"
LAST_MODIFIED = "Fri, 21 Oct 2022 12:00:00 GMT"
TYPES = {
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/feed+json",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain",
    ".opml": "text/x-opml",
}


class FeedServer:
    """The running server: its address, and what it has been asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.slow = 1.0
        self.lock = threading.Lock()
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.http.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def body(self, name: str) -> bytes | None:
        path = self.root / name
        if not path.is_file() or ".." in name:
            return None
        return path.read_bytes().replace(b"http://HOST", self.base.encode())

    def feed_list(self, folder: Path, *paths: str, name: str = "feeds.txt") -> Path:
        """A plain feed list naming ``paths`` on this server."""
        target = folder / name
        target.write_text("".join(self.url(path) + "\n" for path in paths))
        return target


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base name
            pass

        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            with server.lock:
                server.hits[self.path] += 1
                hits = server.hits[self.path]
                server.agents.append(self.headers.get("User-Agent", ""))
            path = self.path
            if path.startswith("/broken/"):
                self.send_error(500, "Internal Server Error")
                return
            if path.startswith("/slow/"):
                time.sleep(server.slow)
                path = path.removeprefix("/slow")
            if path.startswith("/flaky/"):
                _, _, times, rest = path.split("/", 3)
                if hits <= int(times):
                    self.send_error(503, "Service Unavailable")
                    return
                path = "/" + rest
            conditional = not path.startswith("/nocache/")
            self.serve(path.removeprefix("/nocache"), conditional)

        def serve(self, path: str, conditional: bool) -> None:
            name = path.removeprefix("/feeds/") if path.startswith("/feeds/") else path[1:]
            body = server.body(name)
            if body is None:
                self.send_error(404, "Not Found")
                return
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if conditional and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header(
                "Content-Type", TYPES.get(Path(name).suffix, "application/octet-stream")
            )
            self.send_header("Content-Length", str(len(body)))
            if conditional:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer(FEEDS)
    server.thread.start()
    try:
        yield server
    finally:
        server.http.shutdown()
        server.http.server_close()
        server.thread.join(timeout=5)
