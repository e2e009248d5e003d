"""A fetched page -> ``RawDocument``: the one place where fetching meets ingest."""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections.abc import Callable

from charset_normalizer import from_bytes

from polevents.collect.feeds import FeedItem
from polevents.collect.fetch import FetchOutcome
from polevents.errors import CollectError, IngestError
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
    text, encoding = decode_body(body, charset=_charset(outcome))
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


def decode_body(body: bytes, *, charset: str | None = None) -> tuple[str, str]:
    """Decode page bytes to (text, encoding name).

    Uses the ingest stage's ``decode_bytes`` when it is installed, so fetched
    pages and files are decoded alike; otherwise the declared charset, then
    charset-normalizer, then UTF-8 with replacement characters.
    """
    decode = _ingest_decoder()
    if decode is not None:
        try:
            return _call_ingest_decoder(decode, body, charset)
        except IngestError:
            raise
        except TypeError:
            log.debug("ingest decode_bytes has another signature; using the fallback")
    if charset:
        try:
            return body.decode(charset), charset.lower()
        except (LookupError, UnicodeDecodeError):
            log.debug("declared charset %r does not decode; sniffing", charset)
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return body.decode("utf-8", errors="replace"), "utf-8"


def _ingest_decoder() -> Callable[..., object] | None:
    try:
        module = importlib.import_module("polevents.ingest.encoding")
    except ImportError:
        return None
    decode = getattr(module, "decode_bytes", None)
    return decode if callable(decode) else None


def _call_ingest_decoder(
    decode: Callable[..., object], body: bytes, charset: str | None
) -> tuple[str, str]:
    result = decode(body)
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], str):
        return result[0], str(result[1])
    if isinstance(result, str):
        return result, charset or "unknown"
    text = getattr(result, "text", None)
    if isinstance(text, str):
        return text, str(getattr(result, "encoding", charset or "unknown"))
    raise TypeError(f"unexpected decode_bytes result {type(result).__name__}")


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
