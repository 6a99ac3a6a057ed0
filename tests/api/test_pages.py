"""The UI's pages and static files, in process: served with a strict content policy."""

from __future__ import annotations

from pathlib import Path
from string import Template

import httpx
import pytest

from polybius.api.app import make_app
from polybius.api.pages import LAYOUT, PAGES, render_page, vendor_missing
from polybius.api.settings import WEB_DIR, ApiSettings
from polybius.store.database import Store

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("path", ["/", "/events/1", "/actors/RUS", "/dyads/RUS/UKR", "/network",
                                  "/documents", "/documents/a/b.txt"])  # fmt: skip
async def test_pages_are_html_with_a_content_policy(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert '<script src="/static/ui.js"></script>' in response.text


def test_every_page_file_and_its_script_exist() -> None:
    layout = Template((WEB_DIR / LAYOUT).read_text())
    for page in PAGES.values():
        html = render_page(layout, page)
        script = html.split('<script src="/static/')[-1].split('"')[0]
        assert script == f"{page.name}.js"
        assert (WEB_DIR / "static" / script).is_file(), script


def test_no_page_script_builds_markup_from_strings() -> None:
    for script in (WEB_DIR / "static").glob("*.js"):
        code = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, f"{script.name} uses {sink}"


async def test_static_files_are_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/ui.js")
    assert response.status_code == 200 and "safeHref" in response.text


async def test_unknown_paths_are_json_404s(client: httpx.AsyncClient) -> None:
    for path in ("/nope", "/api/nope", "/static/nope.js"):
        response = await client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


async def test_the_api_alone_serves_no_pages(world: Store) -> None:
    app = make_app(world, ApiSettings(web_dir=None))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/")).status_code == 404
        assert (await client.get("/api/health")).status_code == 200


def test_missing_front_end_libraries_are_named(tmp_path: Path) -> None:
    assert vendor_missing(tmp_path) == ["chart.umd.min.js", "cytoscape.min.js"]
