"""The HTTP API's settings, with defaults, in one record (no module-level state)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from polybius.errors import ConfigError

TOKEN_ENV = "POLYBIUS_API_TOKEN"
WEB_DIR = Path(__file__).resolve().parent / "web"


@dataclass(frozen=True)
class ApiSettings:
    """How the app behaves.

    ``token`` protects ``POST /api/documents`` (None: posting is switched off);
    ``max_bytes`` caps a posted body; ``max_page`` caps any list's page size;
    ``max_edges`` caps the edges of a network answer (``default_edges`` when the
    request does not say); ``web_dir`` holds the UI's pages and static files
    (None: the API alone).
    """

    token: str | None = None
    max_bytes: int = 2_000_000
    max_page: int = 500
    default_edges: int = 300
    max_edges: int = 5000
    web_dir: Path | None = WEB_DIR

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < 8:
            raise ConfigError("the API token is too short: use at least 8 characters")
        if self.max_bytes < 1 or self.max_page < 1 or self.max_edges < 1:
            raise ConfigError("max_bytes, max_page and max_edges must be at least 1")


def token_from(environ: Mapping[str, str] | None = None, path: Path | None = None) -> str | None:
    """The API token: the first line of the file ``path`` when given, else $POLYBIUS_API_TOKEN.

    Raises ``ConfigError`` when the file cannot be read or is empty.
    """
    if path is not None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"cannot read the API token file {path}: {e}") from e
        token = lines[0].strip() if lines else ""
        if not token:
            raise ConfigError(f"the API token file {path} is empty; write the token in it")
        return token
    environ = os.environ if environ is None else environ
    return environ.get(TOKEN_ENV, "").strip() or None
