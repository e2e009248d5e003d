"""Fetched pages written as WARC response records, read back by warcio."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from polevents.collect.fetch import FetchOutcome
from polevents.collect.warc import write_warc

WHEN = datetime(2024, 5, 6, 12, 30, tzinfo=UTC)


def page(url: str, body: bytes | None, **fields: object) -> FetchOutcome:
    return FetchOutcome(
        url=url,
        final_url=url.replace("/old", "/new"),
        canonical_url=url.replace("/old", "/new"),
        status="fetched" if body is not None else "not_modified",
        fetched_at=WHEN,
        http_status=200 if body is not None else 304,
        body=body,
        headers=(
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("ETag", '"v1"'),
        ),
        **fields,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "bodies",
    [[b"<html>one</html>"], [b"<html>one</html>", None, "<p>Genève</p>".encode()], [None]],
)
def test_write_warc_round_trips_with_warcio(tmp_path: Path, bodies: list[bytes | None]) -> None:
    outcomes = [page(f"https://a.com/old/{n}", body) for n, body in enumerate(bodies)]
    path = tmp_path / "crawl.warc.gz"
    written = write_warc(outcomes, path)
    with path.open("rb") as handle:
        records = [
            (r.rec_headers, r.http_headers, r.content_stream().read())
            for r in ArchiveIterator(handle)
            if r.rec_type == "response"
        ]
    kept = [o for o in outcomes if o.body is not None]
    assert written == len(records) == len(kept)
    for (warc_headers, http_headers, body), original in zip(records, kept, strict=True):
        assert warc_headers.get_header("WARC-Target-URI") == original.final_url
        assert warc_headers.get_header("WARC-Polevents-Requested-URI") == original.url
        assert warc_headers.get_header("WARC-Date") == "2024-05-06T12:30:00Z"
        assert http_headers.get_statuscode() == "200"
        assert http_headers.get_header("Content-Type") == "text/html; charset=utf-8"
        assert http_headers.get_header("ETag") == '"v1"'
        assert http_headers.get_header("Content-Encoding") is None
        assert body == original.body
