"""The read endpoints, in process, over the graph corpus (counts in tests/graph/conftest.py)."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import HOSTILE_SENTENCE

pytestmark = pytest.mark.anyio


async def get_json(client: httpx.AsyncClient, url: str, status: int = 200) -> dict:
    response = await client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


async def test_health_names_the_backend(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/health")
    assert body["status"] == "ok"
    assert body["store"]["backend"] in ("sqlite", "postgresql")
    assert body["store"]["schema_version"] >= 1


async def test_stats_give_counts_and_the_span_of_dates(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/stats")
    assert body["documents"] == 6
    assert body["events"] == 12  # eleven merged events of the corpus and the hostile one
    assert (body["first"], body["last"]) == ("2022-01-05", "2022-03-04")


async def test_events_filter_and_carry_their_reports(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/events?actor=IRN&recipient=RUS")
    [event] = body["events"]
    assert (event["type"], event["state"]) == ("AID", "contested")
    assert event["asserted_by"] == ["USA"] and event["denied_by"] == ["IRN"]
    outlets = [m["document"]["outlet"] for m in event["mentions"]]
    assert outlets == ["Wire", "Gazette"]
    assert {m["status"] for m in event["mentions"]} == {"occurred", "denied"}
    assert body["next_offset"] is None


async def test_events_page_with_limit_and_offset(client: httpx.AsyncClient) -> None:
    first = await get_json(client, "/api/events?limit=5&mentions=false")
    assert len(first["events"]) == 5 and first["next_offset"] == 5
    assert "mentions" not in first["events"][0]
    second = await get_json(client, "/api/events?limit=5&offset=5&mentions=false")
    third = await get_json(client, "/api/events?limit=5&offset=10&mentions=false")
    ids = [e["id"] for page in (first, second, third) for e in page["events"]]
    assert len(ids) == len(set(ids)) == 12
    assert third["next_offset"] is None


async def test_events_text_search(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/events?text=shelled%20Kharkiv")
    assert [e["sentence"] for e in body["events"]] == ["Russia shelled Kharkiv."]


async def test_one_event_marks_its_evidence_and_summarises_the_claim(
    client: httpx.AsyncClient,
) -> None:
    found = await get_json(client, "/api/events?actor=IRN&recipient=RUS&mentions=false")
    event_id = found["events"][0]["id"]
    body = await get_json(client, f"/api/events/{event_id}")
    assert body["event"]["id"] == event_id
    assert body["claim"]["state"] == "contested"
    stances = {(v["speaker"], v["stance"]) for v in body["claim"]["voices"]}
    assert stances == {("USA", "asserts"), ("IRN", "denies")}
    evidence = body["mentions"][0]["evidence"]
    assert "".join(s["text"] for s in evidence) == body["mentions"][0]["sentence"]
    assert [s["role"] for s in evidence if s["role"]] == ["trigger"]  # "sent"; codes not named


async def test_missing_event_is_a_404_with_a_message(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/events/999999", status=404)
    assert body["error"]["code"] == "not_found"
    assert "999999" in body["error"]["message"]


async def test_actors_rank_by_activity_and_search_by_name(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/actors?limit=2")
    assert [a["code"] for a in body["actors"]] == ["RUS", "UKR"]
    found = await get_json(client, "/api/actors?q=ukr")
    assert found["actors"][0]["code"] == "UKR"
    none = await get_json(client, "/api/actors?q=%25")  # a LIKE wildcard is a plain character
    assert none["actors"] == []


async def test_actor_profile_has_partners_opponents_and_latest(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/actors/rus")
    assert (body["code"], body["name"]) == ("RUS", "Russia")
    relations = {r["code"]: r for r in body["relations"]}
    assert relations["UKR"]["outgoing"]["events"] == 3  # two dated ASSAULTs and an undated one
    assert relations["UKR"]["incoming"]["events"] == 2
    assert [r["code"] for r in body["opponents"]][:1] == ["UKR"]
    assert [r["code"] for r in body["partners"]] == ["IRN"]  # AID, contested but asserted
    latest = [e["date_end"] for e in body["latest"]]
    assert latest == sorted(latest, reverse=True) and latest[0] == "2022-03-04"


async def test_unknown_actor_is_a_404(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/actors/XYZ", status=404)
    assert "XYZ" in body["error"]["message"]


async def test_dyad_series_both_ways(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/dyads/RUS/UKR?by=month")
    assert [p["period"] for p in body["periods"]] == ["2022-01", "2022-02", "2022-03"]
    assert body["a_to_b"]["events"] == 2 and body["b_to_a"]["events"] == 2
    assert body["undated"] == 1
    assert body["periods"][0]["a_to_b"]["types"] == {"ASSAULT": 1}


async def test_dyad_of_one_actor_with_itself_is_a_422(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/dyads/RUS/rus", status=422)
    assert "two different actors" in body["error"]["message"]


async def test_network_is_capped_to_its_heaviest_edges(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/network?from=2022-01-01&to=2022-03-31")
    assert body["total_edges"] == 5 and len(body["edges"]) == 5  # USA→RUS: two events
    capped = await get_json(client, "/api/network?from=2022-01-01&to=2022-03-31&max_edges=2")
    assert [(e["source"], e["target"]) for e in capped["edges"]] == [
        ("RUS", "UKR"),
        ("USA", "RUS"),
    ]  # two events each after RUS→UKR; USA→RUS has the larger volume (UKR's CONSULT is planned)
    assert {n["code"] for n in capped["nodes"]} == {"RUS", "UKR", "USA"}
    assert capped["total_edges"] == 5 and capped["max_edges"] == 2


async def test_network_refuses_too_many_edges(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/network?max_edges=999999", status=422)
    assert "at most 5000" in body["error"]["message"]


async def test_claims_of_a_dyad_list_voices(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/claims/IRN/RUS")
    [claim] = body["claims"]
    assert {r["stance"] for r in claim["reports"]} == {"asserts", "denies"}
    denied = await get_json(client, "/api/claims/USA?state=denied")
    assert [c["type"] for c in denied["claims"]] == ["AID"]


async def test_documents_list_latest_first_with_their_events(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/documents?limit=3")
    assert [d["published"] for d in body["documents"]] == ["2022-03-05", "2022-03-05",
                                                           "2022-03-02"]  # fmt: skip
    assert body["next_offset"] == 3
    wire = await get_json(client, "/api/documents?outlet=wire")
    [document] = wire["documents"]
    assert [m["type"] for m in document["mentions"]] == ["SANCTION", "AID"]


async def test_one_document_marks_each_reported_sentence(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/documents/d4")
    assert "".join(s["text"] for s in body["segments"]) == body["text"]
    marked = [s for s in body["segments"] if s["events"]]
    assert [s["text"] for s in marked] == ["Russia shelled Kharkiv.",
                                           "The EU agreed to help Ukraine.",
                                           "Russia threatened."]  # fmt: skip
    assert {e["id"] for e in body["events"]} == {i for s in marked for i in s["events"]}


async def test_document_text_comes_back_as_stored(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/documents/hostile%3Cscript%3E")
    assert HOSTILE_SENTENCE in body["text"]
    assert [s["text"] for s in body["segments"] if s["events"]] == [HOSTILE_SENTENCE]
    assert body["document"]["outlet"] == "<i>Evil</i> Times"


async def test_openapi_schema_lists_the_endpoints(client: httpx.AsyncClient) -> None:
    body = await get_json(client, "/api/openapi.json")
    assert {"/api/events", "/api/network", "/api/dyads/{a}/{b}"} <= set(body["paths"])
    assert "post" in body["paths"]["/api/documents"]
