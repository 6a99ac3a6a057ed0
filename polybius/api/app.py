"""``make_app``: the FastAPI application over one store. Everything the app needs (the
store, its settings, the coder for posted documents) is handed in and kept on the app,
so two apps in one process never share anything.

Example::

    with open_store("polybius.db", create=False) as store:
        uvicorn.run(make_app(store, ApiSettings(token="s3cret-token")), host="127.0.0.1")
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI

from polybius.api.errors import install_handlers
from polybius.api.pages import install_pages
from polybius.api.reads import make_read_router
from polybius.api.settings import ApiSettings
from polybius.api.writes import Poster, make_write_router
from polybius.config import Config
from polybius.store.database import Store
from polybius.store.ingest import Coder, LazyCoder


def make_app(
    store: Store,
    settings: ApiSettings | None = None,
    *,
    coder: Coder | None = None,
    config: Config | None = None,
) -> FastAPI:
    """The API (under /api) and the web UI over ``store``.

    ``coder`` codes posted documents; by default a ``polybius.pipeline.Engine``
    made from ``config``, loaded on the first post (a read-only server never
    loads spaCy). The OpenAPI schema is at /api/openapi.json (no docs page: it
    would load scripts from a CDN).
    """
    settings = settings or ApiSettings()
    app = FastAPI(
        title="Polybius",
        version=_version(),
        description="Political events coded from news, with who claims them: a JSON API.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings
    install_handlers(app)
    app.include_router(make_read_router())
    poster = Poster(store, coder or LazyCoder(_engine_loader(config)), settings, threading.Lock())
    app.include_router(make_write_router(poster))
    if settings.web_dir is not None:
        install_pages(app, settings.web_dir)
    return app


def _engine_loader(config: Config | None) -> Callable[[], Coder]:
    def load() -> Coder:
        from polybius.pipeline import Engine

        return Engine(config or Config())

    return load


def _version() -> str:
    try:
        return version("polybius")
    except PackageNotFoundError:
        return "unknown"
