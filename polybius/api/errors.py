"""One JSON shape for every error the API returns, and the handlers that produce it.

    {"error": {"status": 404, "code": "not_found", "message": "no event 7", "details": []}}

``details`` lists the invalid parts of a request (``where`` and ``message``)
when there are several. No traceback ever reaches a client: an unexpected
error is logged and answered with a 500 that says so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from polybius.errors import PolybiusError

logger = logging.getLogger(__name__)

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
    422: "invalid", 500: "internal_error", 503: "unavailable",
}  # fmt: skip


class ApiError(Exception):
    """An error with its HTTP status and a message that says what to do next."""

    def __init__(
        self,
        status: int,
        message: str,
        details: Sequence[dict[str, str]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = list(details)
        self.headers = headers


def error_body(status: int, message: str, details: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """The JSON body of an error."""
    return {"error": {"status": status, "code": CODES.get(status, "error"), "message": message,
                      "details": list(details)}}  # fmt: skip


def error_response(error: ApiError) -> JSONResponse:
    """The response for an ``ApiError``."""
    return JSONResponse(
        error_body(error.status, error.message, error.details),
        status_code=error.status,
        headers=error.headers,
    )


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's complaints about a request's values (``ValueError``) into 422s."""
    try:
        yield
    except ValueError as e:
        raise ApiError(422, str(e)) from e


def validation_details(errors: Sequence[Any]) -> list[dict[str, str]]:
    """Pydantic's error list as ``where``/``message`` pairs ("query.limit": "...")."""
    details = []
    for item in errors:
        where = ".".join(str(part) for part in item.get("loc", ()))
        details.append({"where": where, "message": str(item.get("msg", "invalid value"))})
    return details


def install_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` with the JSON shape above."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        details = validation_details(error.errors())
        first = details[0] if details else {"where": "request", "message": "invalid"}
        message = f"invalid {first['where']}: {first['message']}"
        return error_response(ApiError(422, message, details))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        message = error.detail if isinstance(error.detail, str) else CODES.get(error.status_code)
        if error.status_code == 404 and message == "Not Found":
            message = "no such page or API endpoint; the API is described at /api/openapi.json"
        return error_response(
            ApiError(error.status_code, str(message), headers=getattr(error, "headers", None))
        )

    @app.exception_handler(PolybiusError)
    async def _store(_request: Request, error: PolybiusError) -> JSONResponse:
        logger.warning("store error: %s", error)
        return error_response(ApiError(503, str(error)))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error", exc_info=error)
        return error_response(ApiError(500, "internal error; the server log has the details"))
