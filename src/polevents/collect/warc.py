"""Save fetched pages as WARC response records, so a crawl can be replayed and shared.

Each record carries the URL that answered (``WARC-Target-URI``), the HTTP
status line and headers as received, and the body as polevents read it. httpx
has already undone any Content-Encoding, so that header is dropped and
Content-Length is set to the stored body. The URL first asked for and the
canonical URL ride along as ``WARC-Polevents-Requested-URI`` and
``WARC-Polevents-Canonical-URI``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC
from http import HTTPStatus
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from polevents.collect.fetch import FetchOutcome

_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def write_warc(outcomes: Iterable[FetchOutcome], path: Path) -> int:
    """Write the outcomes that have a body to a gzipped WARC at ``path``.

    Returns:
        The number of response records written.
    """
    written = 0
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for outcome in outcomes:
            if outcome.body is None:
                continue
            writer.write_record(_response_record(writer, outcome))
            written += 1
    return written


def _response_record(writer: WARCWriter, outcome: FetchOutcome) -> object:
    body = outcome.body or b""
    status = outcome.http_status or 200
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    headers = [(k, v) for k, v in outcome.headers if k.lower() not in _DROPPED_HEADERS]
    headers.append(("Content-Length", str(len(body))))
    http_headers = StatusAndHeaders(f"{status} {phrase}", headers, protocol="HTTP/1.1")
    warc_headers = {
        "WARC-Date": outcome.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "WARC-Polevents-Requested-URI": outcome.url,
    }
    if outcome.canonical_url:
        warc_headers["WARC-Polevents-Canonical-URI"] = outcome.canonical_url
    return writer.create_warc_record(
        outcome.final_url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )
