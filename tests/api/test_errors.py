"""Errors: one JSON shape, clear messages, never a traceback."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("/api/events?from=yesterday", "query.from"),
        ("/api/events?limit=0", "query.limit"),
        ("/api/events?offset=-1", "query.offset"),
        ("/api/events/abc", "path.event_id"),
        ("/api/dyads/RUS/UKR?by=decade", "query.by"),
        ("/api/network?min_events=0", "query.min_events"),
    ],
)
async def test_invalid_parameters_are_422_naming_them(
    client: httpx.AsyncClient, url: str, where: str
) -> None:
    response = await client.get(url)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"].startswith(f"invalid {where}:")
    assert error["details"][0]["where"] == where
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/events?type=HUG", "unknown type 'HUG'"),
        ("/api/events?state=maybe", "unknown state 'maybe'"),
        ("/api/events?limit=501", "at most 500"),
        ("/api/claims/RUS?state=maybe", "unknown state 'maybe'"),
        ("/api/network?from=2022-03-01&to=2022-01-01", "before its start"),
    ],
)
async def test_values_the_library_refuses_are_422_with_its_message(
    client: httpx.AsyncClient, url: str, words: str
) -> None:
    response = await client.get(url)
    assert response.status_code == 422
    assert words in response.json()["error"]["message"]


async def test_a_wrong_method_is_405_in_the_same_shape(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/events")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


async def test_sql_in_a_filter_is_only_a_value(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/events", params={"actor": "RUS' OR '1'='1",
                                                       "text": "\" OR 1=1 --"})  # fmt: skip
    assert response.status_code == 200 and response.json()["events"] == []
    assert (await client.get("/api/stats")).json()["events"] == 12
