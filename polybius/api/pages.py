"""The web UI's pages and static files. Every page is the one layout (``page.html``) with
its title and script filled in; the script asks the JSON API for its data and renders it
as text (never as markup).

Pages: ``/`` (search events), ``/events/{id}``, ``/actors/{code}``,
``/dyads/{a}/{b}``, ``/network``, ``/documents`` and ``/documents/{id}``.
The front-end libraries (Chart.js, Cytoscape.js) are copied from npm packages
at set-up into ``static/vendor``; nothing is loaded from another site.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from string import Template

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from polybius.api.errors import ApiError


@dataclass(frozen=True)
class Page:
    """One page of the UI: its name (``static/NAME.js`` draws it), its title, and the
    front-end library it needs, if any (a file in ``static/vendor``)."""

    name: str
    title: str
    vendor: str | None = None


CHARTS = "chart.umd.min.js"
GRAPHS = "cytoscape.min.js"
PAGES = {
    "/": Page("search", "Search events"),
    "/events/{event_id}": Page("event", "Event"),
    "/actors/{code}": Page("actor", "Actor"),
    "/dyads/{a}/{b}": Page("dyad", "Dyad", CHARTS),
    "/network": Page("network", "Network", GRAPHS),
    "/documents": Page("documents", "Documents"),
    "/documents/{doc_id:path}": Page("document", "Document"),
}
VENDOR_FILES = (CHARTS, GRAPHS)
LAYOUT = "page.html"
# No inline scripts, nothing from elsewhere: a script slipped into article text could not run
# even if a page forgot to treat it as text.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def vendor_missing(web_dir: Path) -> list[str]:
    """The front-end library files that set-up has not copied (empty when all are there)."""
    return [name for name in VENDOR_FILES if not (web_dir / "static" / "vendor" / name).is_file()]


def install_pages(app: FastAPI, web_dir: Path) -> None:
    """Serve the UI's pages and ``/static`` from ``web_dir``."""
    if not (web_dir / "static").is_dir():
        raise ApiError(500, f"the web UI's files are missing from {web_dir}")
    app.mount("/static", StaticFiles(directory=web_dir / "static"), name="static")
    router = APIRouter(include_in_schema=False)
    layout = Template((web_dir / LAYOUT).read_text(encoding="utf-8"))
    for path, page in PAGES.items():
        router.add_api_route(path, _page(page, render_page(layout, page)), methods=["GET", "HEAD"])
    app.include_router(router)


def render_page(layout: Template, page: Page) -> str:
    """The layout with one page's title, library and script (our constants, not user data)."""
    vendor = f'<script src="/static/vendor/{page.vendor}"></script>\n  ' if page.vendor else ""
    return layout.substitute(title=page.title, vendor=vendor, page=page.name)


def _page(page: Page, html: str) -> Callable[[], Awaitable[HTMLResponse]]:
    async def serve() -> HTMLResponse:
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    serve.__name__ = f"page_{page.name}"
    return serve
