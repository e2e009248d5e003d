"""``create_app(settings)``: the HTTP API and the dashboard, as one FastAPI app.

Errors have one JSON shape, ``{"error": "...", "reason": "slug"}``:

* a ``PoleventsError`` maps by type and reason (``STATUS_BY_REASON``): bad
  parameters are 400, a missing event 404, a locked store 409, a store that
  cannot be read 503;
* a request FastAPI cannot validate (``limit=abc``) is 422 ``bad_parameter``;
* an unknown path or method keeps its HTTP status (404, 405);
* anything else is a bug: 500 ``bug``, logged with its traceback.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from polevents.api.deps import AppState
from polevents.api.routes import alerts, code, dyads, events, meta, network
from polevents.api.schemas import ErrorOut
from polevents.errors import ConfigError, PoleventsError, StoreError
from polevents.settings import Settings
from polevents.web import mount_dashboard

__all__ = ["STATUS_BY_REASON", "create_app", "status_of"]

log = logging.getLogger(__name__)

STATUS_BY_REASON: dict[str, int] = {
    "not_found": 404,
    "empty": 404,
    "unauthorized": 401,
    "forbidden": 403,
    "writes_disabled": 403,
    "too_large": 413,
    "locked": 409,
    "bad_filter": 400,
    "bad_cursor": 400,
}
"""Status codes for reasons that do not follow their error type's default."""


def status_of(exc: PoleventsError) -> int:
    """Return the HTTP status of an error: by reason first, then by type.

    >>> status_of(StoreError("x", reason="not_found")), status_of(ConfigError("x"))
    (404, 400)
    """
    if exc.reason in STATUS_BY_REASON:
        return STATUS_BY_REASON[exc.reason]
    if isinstance(exc, ConfigError):
        return 400
    if isinstance(exc, StoreError):
        return 503  # the store file is missing, broken or busy: not the client's fault
    return 422


def create_app(settings: Settings) -> FastAPI:
    """Return the app serving ``settings.db_path``; nothing is opened until a request comes."""
    from polevents import __version__

    state = AppState(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.reader.shutdown()  # no idle timer may outlive the server

    app = FastAPI(
        lifespan=lifespan,
        title="polevents",
        version=__version__,
        summary="Coded political events (CAMEO/PLOVER), dyads, blocs and alerts from the news.",
        generate_unique_id_function=_operation_id,
        responses={400: {"model": ErrorOut}, 404: {"model": ErrorOut}, 503: {"model": ErrorOut}},
    )
    app.state.polevents = state
    for module in (meta, events, dyads, network, alerts, code):
        app.include_router(module.router)
    mount_dashboard(app)
    app.add_exception_handler(PoleventsError, _polevents_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _bug)
    return app


def _operation_id(route: APIRoute) -> str:
    """Stable OpenAPI operation ids (``events-list_events``) for generated clients."""
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


async def _polevents_error(request: Request, exc: PoleventsError) -> JSONResponse:
    status = status_of(exc)
    if status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"error": str(exc), "reason": exc.reason}, status_code=status)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ()))
    message = f"{where}: {first.get('msg', 'invalid')}" if where else "invalid request"
    return JSONResponse({"error": message, "reason": "bad_parameter"}, status_code=422)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    reason = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return JSONResponse(
        {"error": str(exc.detail), "reason": reason},
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def _bug(request: Request, exc: Exception) -> JSONResponse:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"error": "internal error (logged)", "reason": "bug"}, status_code=500)
