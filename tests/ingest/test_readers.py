"""Bad input of every kind becomes a typed Skip or a decoded RawDocument, never a crash."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from polevents.errors import IngestError
from polevents.ingest.encoding import decode_bytes
from polevents.ingest.readers import iter_documents
from polevents.settings import Settings
from polevents.types import RawDocument, Skip

TEXT = "Le ministre a rencontré son homologue à Genève — accord signé, Noël."


def _read(path: Path, **overrides: object) -> list[RawDocument | Skip]:
    return list(iter_documents([path], settings=Settings(**overrides)))


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"abc\x00\x01\x02def" * 10, "binary"),
        (b"", "empty"),
        (b"  \n\n\t ", "empty"),
    ],
)
def test_readers_skip_binary_and_empty(tmp_path: Path, payload: bytes, reason: str) -> None:
    page = tmp_path / "page.bin"
    page.write_bytes(payload)
    [item] = _read(page)
    assert isinstance(item, Skip)
    assert item.reason == reason


@pytest.mark.parametrize(
    ("payload", "encoding"),
    [
        (TEXT.replace("—", "-").encode("latin-1"), "latin-1"),
        (TEXT.encode("cp1252"), "windows-1252"),
        (TEXT.encode("utf-16-le"), "utf-16 without BOM"),
        (TEXT.encode("utf-16-be"), "utf-16-be without BOM"),
        (TEXT.encode("utf-16"), "utf-16 with BOM"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8 with BOM"),
    ],
)
def test_readers_decode_legacy_and_utf16(tmp_path: Path, payload: bytes, encoding: str) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(payload)
    [item] = _read(page)
    assert isinstance(item, RawDocument), encoding
    expected = TEXT.replace("—", "-") if encoding == "latin-1" else TEXT
    assert item.text == expected
    assert item.doc == "page.txt"
    assert item.media_type == "text"


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1"])
def test_readers_honour_declared_charset(tmp_path: Path, charset: str) -> None:
    html = f'<html><head><meta charset="{charset}"></head><body><p>Élysée café</p></body></html>'
    page = tmp_path / "page.html"
    page.write_bytes(html.encode("cp1252"))
    [item] = _read(page)
    assert isinstance(item, RawDocument)
    assert "Élysée café" in item.text
    assert item.media_type == "html"


@pytest.mark.parametrize(("oversize", "reason"), [("skip", "too_large"), ("truncate", None)])
def test_readers_oversize_policy(tmp_path: Path, oversize: str, reason: str | None) -> None:
    page = tmp_path / "big.txt"
    page.write_bytes(("é word " * 400).encode("utf-8"))
    [item] = _read(page, max_page_bytes=1001, oversize=oversize)
    if reason:
        assert isinstance(item, Skip) and item.reason == reason
    else:
        assert isinstance(item, RawDocument) and item.truncated
        assert item.size_bytes <= 1001 and "\ufffd" not in item.text


@pytest.mark.parametrize("kind", ["broken_link", "not_found"])
def test_readers_missing_targets(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "gone.txt"
    if kind == "broken_link":
        path.symlink_to(tmp_path / "nowhere.txt")
    [item] = _read(path)
    assert isinstance(item, Skip) and item.reason == kind


@pytest.mark.parametrize("mode", [0o000])
def test_readers_unreadable_file(tmp_path: Path, mode: int) -> None:
    page = tmp_path / "locked.txt"
    page.write_text("Some text that nobody may read.")
    page.chmod(mode)
    try:
        if os.access(page, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        [item] = _read(page)
        assert isinstance(item, Skip) and item.reason == "unreadable"
    finally:
        page.chmod(0o644)


@pytest.mark.parametrize("names", [["b.txt", "a.txt", "sub/c.html", ".hidden.txt"]])
def test_readers_walk_folders_sorted(tmp_path: Path, names: list[str]) -> None:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"Text of {name}.")
    docs = [item.doc for item in _read(tmp_path)]
    assert docs == ["a.txt", "b.txt", "c.html"]


@pytest.mark.parametrize("html", ["<html><body><article><h1>Cut off</h1><p>Talks began in"])
def test_readers_keep_truncated_html(tmp_path: Path, html: str) -> None:
    page = tmp_path / "cut.html"
    page.write_text(html)
    [item] = _read(page)
    assert isinstance(item, RawDocument) and item.media_type == "html"


def _warc(records: int, *, gzip: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for number in range(records):
        body = f"<html><body><p>Page {number}: the ministers met.</p></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.example/{number}", "response", payload=io.BytesIO(body),
            http_headers=headers,
        )  # fmt: skip
        writer.write_record(record)
    return buffer.getvalue()


@pytest.mark.parametrize("gzip", [False, True])
def test_readers_warc_corrupt_record_is_skipped(tmp_path: Path, gzip: bool) -> None:
    data = _warc(3, gzip=gzip)
    marker = b"\x1f\x8b\x08" if gzip else b"WARC/1."
    starts = [i for i in range(len(data)) if data.startswith(marker, i)]
    cut = starts[1] + (12 if gzip else 0)  # inside the deflate stream, or the version line
    broken = data[:cut] + b"\x00garbage\x00" * 4 + data[cut + 36 :]
    archive = tmp_path / ("pages.warc.gz" if gzip else "pages.warc")
    archive.write_bytes(broken)
    items = _read(archive)
    docs = [item.doc for item in items if isinstance(item, RawDocument)]
    skips = [item.reason for item in items if isinstance(item, Skip)]
    assert docs == ["https://news.example/0", "https://news.example/2"]
    assert skips == ["corrupt_record"]


@pytest.mark.parametrize(
    "lines",
    [
        [
            {"id": "a1", "url": "https://x.example/a", "title": "T", "text": "Body one."},
            "{not json",
            {"url": "https://x.example/b", "html": "<p>Body two.</p>"},
            {"title": "no body"},
            {"text": "Body three."},
        ]
    ],
)
def test_readers_jsonl_bad_line_is_skipped(tmp_path: Path, lines: list[object]) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    items = _read(path)
    assert [i.doc for i in items] == ["a1", "pages.jsonl:2", "https://x.example/b",
                                      "pages.jsonl:4", "pages.jsonl:5"]  # fmt: skip
    assert [getattr(i, "reason", None) for i in items] == [None, "bad_json", None,
                                                           "no_content", None]  # fmt: skip
    assert items[0].title_hint == "T" and items[2].media_type == "html"


@hsettings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_encoding_decode_any_bytes_gives_text_or_ingest_error(raw: bytes) -> None:
    try:
        text, encoding = decode_bytes(raw)
    except IngestError as exc:
        assert exc.reason in ("binary", "bad_encoding")
    else:
        assert isinstance(text, str) and encoding
