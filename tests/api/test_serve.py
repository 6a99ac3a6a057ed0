"""``polybius serve``: a real server process on 127.0.0.1, and clear errors before it starts."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from polybius.cli import main
from polybius.store.database import open_store
from polybius.store.ingest import ingest
from tests.graph.conftest import corpus
from tests.store.conftest import LineCoder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_on_localhost_until_stopped(tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    with open_store(str(db)) as store:
        ingest(store, corpus(), LineCoder())
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "polybius.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        body = None
        deadline = time.monotonic() + 30
        while body is None and time.monotonic() < deadline:
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).json()
            except httpx.TransportError:
                time.sleep(0.2)
        assert body is not None, "the server did not answer within 30 s"
        assert body["events"] == 11
        page = httpx.get(f"http://127.0.0.1:{port}/network", timeout=5)
        assert page.status_code == 200 and "network.js" in page.text
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in err and "posting off" in err
    assert "Traceback" not in err


def test_serve_without_a_store_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no database at" in result.output and "polybius ingest" in result.output


def test_serve_refuses_an_empty_token_file(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("\n")
    result = CliRunner().invoke(main, ["serve", "--token-file", str(token)])
    assert result.exit_code == 1 and "is empty" in result.output
