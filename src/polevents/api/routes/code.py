"""``POST /api/code``: code a pasted article; store it only with the API token.

The body is the page itself (text or HTML, sniffed), read up to
``settings.api_max_body_bytes``. Coding runs in a worker thread, one document at
a time per app, with the ``Coder`` built once on the first call.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from starlette.concurrency import run_in_threadpool

from polevents.api.deps import AppState, StateDep
from polevents.api.schemas import CodedEventOut, CodeOut, SkipOut
from polevents.errors import ConfigError, PoleventsError
from polevents.types import DocumentResult

router = APIRouter(tags=["code"])


class RequestRefused(PoleventsError):
    """The request cannot be served as sent (no token, body too large)."""

    default_reason = "forbidden"


@router.post(
    "/api/code",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/plain": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
            },
        }
    },
)
async def code_text(
    request: Request,
    state: StateDep,
    store: Annotated[bool, Query(description="also write to the store (needs the token)")] = False,
    url: Annotated[str | None, Query(max_length=2000, description="page URL")] = None,
    authorization: Annotated[str | None, Header(description="Bearer <POLEVENTS_API_TOKEN>")] = None,
) -> CodeOut:
    """Code the text or HTML in the body and return its events (not stored by default)."""
    if store:
        check_token(state, authorization)
    body = await read_body(request, limit=state.settings.api_max_body_bytes)
    return await run_in_threadpool(code_body, state, body, url=url, store=store)


def check_token(state: AppState, authorization: str | None) -> None:
    """Refuse a write unless ``Authorization: Bearer <settings.api_token>`` is sent.

    Raises:
        RequestRefused: ``writes_disabled`` when no token is configured,
            ``unauthorized`` when the header is missing or wrong.
    """
    expected = state.settings.api_token
    if not expected:
        raise RequestRefused("this server takes no writes (POLEVENTS_API_TOKEN is not set)",
                             reason="writes_disabled")  # fmt: skip
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), expected):
        raise RequestRefused("a valid 'Authorization: Bearer <token>' is needed to store",
                             reason="unauthorized")  # fmt: skip


async def read_body(request: Request, *, limit: int) -> bytes:
    """Read the body, refusing more than ``limit`` bytes without reading them all.

    Raises:
        RequestRefused: ``too_large``.
        ConfigError: ``empty_body``.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestRefused(f"body over {limit} bytes", reason="too_large")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestRefused(f"body over {limit} bytes", reason="too_large")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise ConfigError("the body is empty: send the article text or HTML", reason="empty_body")
    return body


def code_body(state: AppState, body: bytes, *, url: str | None, store: bool) -> CodeOut:
    """Read, clean and code one body; write it to the store when ``store`` is true."""
    from polevents.ingest.readers import to_document
    from polevents.service import process_documents
    from polevents.store.db import EventStore

    settings = state.settings
    item = to_document(body, doc="api", origin="POST /api/code", settings=settings, url=url)
    with state.code_lock:
        (result,) = process_documents([item], settings=settings, coder=state.coder())
    run_id = None
    if store:
        state.reader.close()  # DuckDB: no read-only handle of ours while we write
        with EventStore.open(settings.db_path, read_only=False, lock_timeout_s=5.0) as writer:
            run_id = writer.write_results([result], inputs=1).run_id
    doc_id = hashlib.sha1(body, usedforsecurity=False).hexdigest()
    return _to_out(result, doc_id=doc_id, stored=store, run_id=run_id)


def _to_out(result: DocumentResult, *, doc_id: str, stored: bool, run_id: str | None) -> CodeOut:
    return CodeOut(
        doc_id=doc_id,
        media_type=result.raw.media_type if result.raw else None,
        articles=len(result.articles),
        events=[CodedEventOut(**e.to_record()) for e in result.events],  # type: ignore[arg-type]
        skips=[SkipOut(stage=s.stage, reason=s.reason, detail=s.detail) for s in result.skips],
        stored=stored,
        run_id=run_id,
    )
