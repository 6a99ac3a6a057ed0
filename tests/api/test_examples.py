"""The bundled example articles, coded by the real engine, through the API (the README's
main command: ingest them, then serve)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from polybius.api.app import make_app
from polybius.sources.files import read_documents
from polybius.store.database import open_store
from polybius.store.ingest import ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"
pytestmark = [pytest.mark.anyio, pytest.mark.model]


async def test_the_examples_can_be_browsed(tmp_path: Path, engine: Any) -> None:
    with open_store(str(tmp_path / "examples.db")) as store:
        report = ingest(store, read_documents([str(EXAMPLES)]), engine)
        assert report.added == 4
        transport = httpx.ASGITransport(app=make_app(store))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            documents = (await client.get("/api/documents")).json()["documents"]
            network = (await client.get("/api/network")).json()
            search = (await client.get("/api/events?text=drones&mentions=false")).json()
            page = await client.get("/network")
    assert len(documents) == 4
    assert all(d["title"].startswith("EXAMPLE TEXT") for d in documents)
    assert ("IRN", "RUS") in {(e["source"], e["target"]) for e in network["edges"]}
    assert any(e["type"] == "AID" for e in search["events"])
    assert page.status_code == 200
