"""A damaged WARC record costs itself only: the records after it are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevents.ingest.archives import iter_warc
from polevents.settings import load_settings
from polevents.types import RawDocument
from tests.reliability.corpus import _warc_record, news_page

FIRST = _warc_record("https://example.org/a", news_page(5).encode())
LAST = _warc_record("https://example.org/b", news_page(6).encode())


@pytest.mark.parametrize(
    ("damage", "docs"),
    [
        # Regression: warcio read these two headers as a record running to the end of the file.
        (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\nxyz\r\n\r\n", 2),
        (b"WARC/1.0\r\nthis is not a header\r\n\r\n", 2),
        # Regression: a Content-Length too long swallowed the next record's header.
        (_warc_record("https://example.org/x", news_page(9).encode())[:300], 2),
        (b"\x00garbage\x00" * 4, 2),
    ],
)
def test_warc_damaged_record_is_one_skip(tmp_path: Path, damage: bytes, docs: int) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(FIRST + damage + LAST)
    items = list(iter_warc(path, settings=load_settings()))
    pages = [item.doc for item in items if isinstance(item, RawDocument)]
    skips = [item.reason for item in items if not isinstance(item, RawDocument)]
    assert pages == ["https://example.org/a", "https://example.org/b"][:docs]
    assert skips == ["corrupt_record"]


@pytest.mark.parametrize("cut", [500, -4])
def test_warc_cut_last_record_is_a_skip(tmp_path: Path, cut: int) -> None:
    """A file cut inside (or just after) its last record: that record is a skip, not half a page."""
    path = tmp_path / "crawl.warc"
    path.write_bytes(FIRST + LAST[:cut])
    items = list(iter_warc(path, settings=load_settings()))
    assert [getattr(item, "reason", "page") for item in items] == ["page", "corrupt_record"]
