"""POST /api/documents: the token, the size limit, validation, coding and storing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from polybius.api.app import make_app
from polybius.api.settings import ApiSettings
from polybius.store.database import Store
from tests.api.conftest import TOKEN

pytestmark = pytest.mark.anyio
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LINE = "SANCTION EU IRN 2022-10-20 occurred - The EU imposed sanctions on Iran."


async def post(client: httpx.AsyncClient, body: Any, headers: dict[str, str] | None = None,
               status: int = 201) -> dict[str, Any]:  # fmt: skip
    response = await client.post("/api/documents", json=body, headers=headers or AUTH)
    assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_a_posted_document_is_coded_and_stored(client: httpx.AsyncClient) -> None:
    body = await post(client, {"id": "new-1", "text": LINE, "outlet": "Wire",
                               "published": "2022-10-21T08:00:00+02:00"})  # fmt: skip
    assert (body["id"], body["outcome"], body["mentions"]) == ("new-1", "added", 1)
    assert body["published"] == "2022-10-21"
    [event_id] = body["events"]
    event = (await client.get(f"/api/events/{event_id}")).json()["event"]
    assert (event["type"], event["actor"]["code"], event["recipient"]["code"]) == (
        "SANCTION", "EU", "IRN",
    )  # fmt: skip
    stored = (await client.get(body["links"]["document"])).json()
    assert stored["document"]["outlet"] == "Wire"


async def test_posting_the_same_document_again_stores_nothing(client: httpx.AsyncClient) -> None:
    await post(client, {"id": "new-1", "text": LINE})
    again = await post(client, {"id": "new-1", "text": LINE}, status=200)
    assert again["outcome"] == "unchanged"
    listed = (await client.get("/api/events?type=SANCTION&actor=EU")).json()["events"]
    assert len(listed) == 1 and listed[0]["mention_count"] == 1


async def test_html_is_read_for_its_article_body(client: httpx.AsyncClient) -> None:
    page = (
        "<html><head><title>EU acts</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>EU acts</h1><p>{LINE}</p><p>More text follows here in a second "
        "paragraph of the article.</p></article><footer>Copyright</footer></body></html>"
    )
    body = await post(client, {"id": "page-1", "html": page, "published": "2022-10-21"})
    stored = (await client.get("/api/documents/page-1")).json()
    assert LINE in stored["text"] and "Home | World" not in stored["text"]
    assert body["mentions"] == 1


async def test_without_a_token_the_post_is_401(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/documents", json={"id": "x", "text": LINE})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["error"]["message"]


async def test_a_wrong_token_is_401(client: httpx.AsyncClient) -> None:
    body = await post(client, {"id": "x", "text": LINE}, {"Authorization": "Bearer nope-nope"},
                      status=401)  # fmt: skip
    assert body["error"]["code"] == "unauthorized"


async def test_a_server_without_token_takes_no_documents(world: Store) -> None:
    app = make_app(world, ApiSettings(token=None))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        body = await post(client, {"id": "x", "text": LINE}, status=403)
    assert "POLYBIUS_API_TOKEN" in body["error"]["message"]


async def test_a_body_over_the_limit_is_413(client: httpx.AsyncClient) -> None:
    body = await post(client, {"id": "big", "text": "word " * 5000}, status=413)
    assert "limit is 20000" in body["error"]["message"]


async def test_a_streamed_body_over_the_limit_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"id": "big", "text": "'
        for _ in range(50):
            yield b"x" * 1000
        yield b'"}'

    response = await client.post(
        "/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "over the limit of 20000 bytes" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"text": LINE}, "body.id"),
        ({"id": "x"}, "body"),
        ({"id": "x", "text": LINE, "html": "<p>x</p>"}, "body"),
        ({"id": "x", "text": LINE, "published": "last Tuesday"}, "body.published"),
        ({"id": "x", "text": 42}, "body.text"),
        ({"id": "x", "text": LINE, "colour": "red"}, "body.colour"),
        ({"id": "   ", "text": LINE}, "body.id"),
        ([1, 2], "body"),
    ],
)
async def test_invalid_documents_are_422_saying_where(
    client: httpx.AsyncClient, body: Any, where: str
) -> None:
    error = (await post(client, body, status=422))["error"]
    assert error["message"].startswith(f"invalid {where}")
    assert error["details"]


async def test_a_body_that_is_not_json_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/documents", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("the body is not JSON")


async def test_empty_text_and_empty_pages_are_422(client: httpx.AsyncClient) -> None:
    empty = await post(client, {"id": "e", "text": "   \n"}, status=422)
    assert "no text to code" in empty["error"]["message"]
    page = await post(client, {"id": "p", "html": "<html><body></body></html>"}, status=422)
    assert "no article text found" in page["error"]["message"]


async def test_other_content_types_are_415(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/documents", content=LINE.encode(), headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["error"]["message"]


@pytest.mark.model
async def test_the_real_engine_codes_a_posted_document(world: Store, engine: Any) -> None:
    app = make_app(world, ApiSettings(token=TOKEN), coder=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        body = await post(client, {"id": "real-1", "published": "2022-07-14",
                                   "text": "France condemned Iran on Monday."})  # fmt: skip
        [event_id] = body["events"]
        event = (await client.get(f"/api/events/{event_id}")).json()
    assert event["event"]["type"] == "ACCUSE"
    assert (event["event"]["actor"]["code"], event["event"]["recipient"]["code"]) == (
        "FRA", "IRN",
    )  # fmt: skip
    roles = {s["role"]: s["text"] for s in event["mentions"][0]["evidence"] if s["role"]}
    assert roles == {"actor": "France", "recipient": "Iran", "trigger": "condemned"}
