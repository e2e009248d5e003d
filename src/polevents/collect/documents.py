"""A fetched page -> ``RawDocument``: the one place where fetching meets ingest."""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections.abc import Callable

from charset_normalizer import from_bytes

from polevents.collect.feeds import FeedItem
from polevents.collect.fetch import FetchOutcome
from polevents.errors import CollectError
from polevents.types import MediaType, RawDocument

log = logging.getLogger(__name__)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")


def to_raw_document(outcome: FetchOutcome, *, item: FeedItem | None = None) -> RawDocument:
    """Turn a fetched page into a ``RawDocument`` for the pipeline.

    ``doc_id`` is the SHA-1 of the body, ``doc`` and ``url`` the canonical URL,
    ``origin`` the URL that answered. The feed item, when there is one, gives the
    title and publication hints.

    Raises:
        CollectError: the outcome has no body (``no_body``).
        IngestError: the body cannot be decoded (raised by ``decode_bytes``).
    """
    body = outcome.body
    if outcome.status != "fetched" or body is None:
        raise CollectError(f"nothing fetched from {outcome.url}", reason="no_body", doc=outcome.url)
    canonical = outcome.canonical_url or outcome.final_url
    text, encoding = decode_body(body, charset=_charset(outcome), doc=canonical)
    return RawDocument(
        doc_id=hashlib.sha1(body).hexdigest(),
        doc=canonical,
        origin=outcome.final_url,
        text=text,
        encoding=encoding,
        media_type=_media_type(outcome.content_type, body),
        size_bytes=len(body),
        url=canonical,
        title_hint=item.title if item else None,
        published_hint=item.published_at.isoformat() if item and item.published_at else None,
    )


def decode_body(
    body: bytes, *, charset: str | None = None, doc: str | None = None
) -> tuple[str, str]:
    """Decode page bytes to (text, encoding name).

    The charset of the HTTP Content-Type header wins when it decodes the bytes;
    then the ingest stage's ``decode_bytes`` (so fetched pages and files decode
    alike), or, without it, charset-normalizer and UTF-8 with replacement.

    Raises:
        IngestError: ``decode_bytes`` found binary bytes or no codec that fits.
    """
    if charset:
        try:
            return body.decode(charset), charset.lower()
        except (LookupError, UnicodeDecodeError):
            log.debug("declared charset %r does not decode %s; sniffing", charset, doc)
    decode = _ingest_decoder()
    if decode is not None:
        return decode(body, doc=doc)
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return body.decode("utf-8", errors="replace"), "utf-8"


def _ingest_decoder() -> Callable[..., tuple[str, str]] | None:
    """Return ``polevents.ingest.encoding.decode_bytes`` when the ingest stage is there."""
    try:
        module = importlib.import_module("polevents.ingest.encoding")
    except ImportError:
        return None
    decode = getattr(module, "decode_bytes", None)
    return decode if callable(decode) else None


def _charset(outcome: FetchOutcome) -> str | None:
    for key, value in outcome.headers:
        if key.lower() == "content-type" and "charset=" in value.lower():
            found = value.lower().split("charset=", 1)[1].split(";", 1)[0].strip().strip("\"'")
            return found or None
    return None


def _media_type(content_type: str | None, body: bytes) -> MediaType:
    if content_type in _HTML_TYPES:
        return "html"
    head = body[:1024].lstrip().lower()
    return "html" if head.startswith(_HTML_SNIFF) else "text"
