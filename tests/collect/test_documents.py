"""A fetched page -> RawDocument."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from polevents.collect.documents import decode_body, to_raw_document
from polevents.collect.feeds import FeedItem
from polevents.collect.fetch import FetchOutcome
from polevents.errors import CollectError, IngestError

WHEN = datetime(2024, 5, 6, 12, tzinfo=UTC)


def fetched(body: bytes | None, content_type: str = "text/html; charset=utf-8") -> FetchOutcome:
    return FetchOutcome(
        url="https://a.com/x?utm_source=y",
        final_url="https://a.com/x?utm_source=y",
        canonical_url="https://a.com/x",
        status="fetched" if body is not None else "not_modified",
        fetched_at=WHEN,
        http_status=200,
        content_type=content_type.split(";")[0],
        body=body,
        headers=(("Content-Type", content_type),),
    )


def test_to_raw_document_uses_sha1_and_canonical_url() -> None:
    body = b"<html><body><p>Talks.</p></body></html>"
    item = FeedItem("https://a.com/x", "Talks", datetime(2024, 5, 6, tzinfo=UTC), "feed")
    raw = to_raw_document(fetched(body), item=item)
    assert (raw.doc_id, raw.doc, raw.url, raw.origin) == (
        hashlib.sha1(body).hexdigest(),
        "https://a.com/x",
        "https://a.com/x",
        "https://a.com/x?utm_source=y",
    )
    assert (raw.media_type, raw.size_bytes, raw.title_hint, raw.published_hint) == (
        "html",
        len(body),
        "Talks",
        "2024-05-06T00:00:00+00:00",
    )


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        ("Genève".encode("latin-1"), "text/html; charset=iso-8859-1", "Genève"),
        ("Genève".encode(), "text/html; charset=utf-8", "Genève"),
        ("<meta charset='utf-8'>Genève".encode(), "text/html", "<meta charset='utf-8'>Genève"),
        ("Genève".encode(), "text/html; charset=no-such-codec", "Genève"),
    ],
)
def test_to_raw_document_decodes_with_declared_charset(
    body: bytes, content_type: str, text: str
) -> None:
    assert to_raw_document(fetched(body, content_type)).text == text


@pytest.mark.parametrize(("content_type", "media"), [("text/plain", "text"), ("text/html", "html")])
def test_to_raw_document_sets_media_type(content_type: str, media: str) -> None:
    assert to_raw_document(fetched(b"hello world", content_type)).media_type == media


def test_to_raw_document_refuses_outcome_without_body() -> None:
    with pytest.raises(CollectError) as caught:
        to_raw_document(fetched(None))
    assert caught.value.reason == "no_body"


@pytest.mark.parametrize("body", [b"\x00\x01\x02\x03\xff\xfe\x00binary\x00\x00" * 20])
def test_decode_body_raises_ingest_error_on_binary(body: bytes) -> None:
    with pytest.raises(IngestError):
        decode_body(body)
