"""The web UI's pages and static files. Each page is a fixed HTML file whose script asks
the JSON API for its data and renders it as text (never as markup).

Pages: ``/`` (search events), ``/events/{id}``, ``/actors/{code}``,
``/dyads/{a}/{b}``, ``/network``, ``/documents`` and ``/documents/{id}``.
The front-end libraries (Chart.js, Cytoscape.js) are copied from npm packages
at set-up into ``static/vendor``; nothing is loaded from another site.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from polybius.api.errors import ApiError

PAGES = {
    "/": "index.html",
    "/events/{event_id}": "event.html",
    "/actors/{code}": "actor.html",
    "/dyads/{a}/{b}": "dyad.html",
    "/network": "network.html",
    "/documents": "documents.html",
    "/documents/{doc_id:path}": "document.html",
}
VENDOR_FILES = ("chart.umd.min.js", "cytoscape.min.js")
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
    for path, name in PAGES.items():
        router.add_api_route(path, _page(web_dir / name), methods=["GET", "HEAD"])
    app.include_router(router)


def _page(file: Path) -> Callable[[], Awaitable[FileResponse]]:
    async def page() -> FileResponse:
        return FileResponse(file, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)

    page.__name__ = f"page_{file.stem}"
    return page
