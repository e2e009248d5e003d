"""Containers of many pages: WARC files (streamed with warcio) and JSONL files.

A damaged part never costs the rest of the container: a corrupt WARC record
becomes a ``Skip`` and reading resumes at the next record header; a bad JSONL
line becomes a ``Skip`` and the next line is read.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from polevents.ingest.readers import STAGE, to_document
from polevents.settings import Settings
from polevents.types import RawDocument, Skip

__all__ = ["iter_jsonl", "iter_warc"]

log = logging.getLogger(__name__)

_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_HEADER = b"WARC/1."
_CHUNK = 1 << 20
_PAGE_RECORDS = ("response", "resource")
_PAGE_TYPES = ("text/html", "application/xhtml", "text/plain")


def iter_warc(path: Path, *, settings: Settings) -> Iterator[RawDocument | Skip]:
    """Yield the HTML pages of a ``.warc`` or ``.warc.gz`` file, streamed record by record.

    Only ``response`` and ``resource`` records whose content type is HTML or
    plain text are pages; other records (requests, metadata, images) are passed
    over. A record that cannot be parsed yields a ``Skip`` (``corrupt_record``)
    and reading resumes at the next record header after it.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Skip(path.name, str(path), STAGE, "unreadable", exc.strerror or str(exc))
        return
    with handle:
        marker = _GZIP_MEMBER if handle.read(2) == _GZIP_MEMBER[:2] else _WARC_HEADER
        start = 0
        while start is not None:
            handle.seek(start)
            start = yield from _read_records(handle, start, path, marker, settings)


def _read_records(
    handle: BinaryIO, start: int, path: Path, marker: bytes, settings: Settings
) -> Iterator[RawDocument | Skip]:
    """Read records from ``start``; return where to resume after a corrupt one, or ``None``."""
    records = ArchiveIterator(handle)
    next_start = start
    try:
        for record in records:
            _check_header(record)
            item = _page_of(record, path, settings)
            records.read_to_end(record)
            end = records.get_record_offset() + records.get_record_length()  # absolute offsets
            if marker == _WARC_HEADER:
                if not _ends_at_boundary(handle, end):
                    raise ValueError("Content-Length does not end at the next record")
                end += 4  # the blank line after the block
            next_start = end
            if item is not None:
                yield item
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, KeyError) as exc:
        name = f"{path.name}@{next_start}"
        log.warning("%s: corrupt WARC record: %s", name, exc)
        yield Skip(name, f"{path}@{next_start}", STAGE, "corrupt_record", str(exc)[:200])
        return _find(handle, marker, next_start + 1)
    return None


def _check_header(record: object) -> None:
    """Refuse a record without a type or a numeric length, which warcio reads leniently.

    warcio takes such a header for a record running to the end of the file, so
    the records after it would be lost without a word.
    """
    length = record.rec_headers.get_header("Content-Length") or ""  # type: ignore[attr-defined]
    if not getattr(record, "rec_type", None) or not length.strip().isdigit():
        raise ValueError(f"bad record header (WARC-Type or Content-Length {length!r})")


def _ends_at_boundary(handle: BinaryIO, end: int) -> bool:
    """Tell whether an uncompressed record's block (ending at ``end``) is followed by its
    blank line.

    A Content-Length that is too long swallows the head of the next record (or
    runs past the end of a cut file); the record is then refused and reading
    resumes at the next header after its start.
    """
    return os.pread(handle.fileno(), 4, end) == b"\r\n\r\n"


def _page_of(record: object, path: Path, settings: Settings) -> RawDocument | Skip | None:
    """Return the page a record holds, or ``None`` when it holds none.

    The content is read before anything asks the iterator for offsets, which
    would consume the record's stream.
    """
    rec_type = getattr(record, "rec_type", "")
    if rec_type not in _PAGE_RECORDS:
        return None
    headers = record.http_headers if rec_type == "response" else None  # type: ignore[attr-defined]
    content_type = (
        headers.get_header("Content-Type")
        if headers is not None
        else record.rec_headers.get_header("Content-Type")  # type: ignore[attr-defined]
    ) or ""
    if not content_type.lower().startswith(_PAGE_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    raw = record.content_stream().read(settings.max_page_bytes + 1)  # type: ignore[attr-defined]
    name = url or f"{path.name}#{record.rec_headers.get_header('WARC-Record-ID')}"  # type: ignore[attr-defined]
    kind = "text" if content_type.lower().startswith("text/plain") else "html"
    return to_document(raw, doc=name, origin=name, settings=settings, url=url, media_type=kind)


def _find(handle: BinaryIO, marker: bytes, position: int) -> int | None:
    """Return the offset of the next ``marker`` at or after ``position``, or ``None``."""
    handle.seek(position)
    carry = b""
    base = position
    while chunk := handle.read(_CHUNK):
        window = carry + chunk
        found = window.find(marker)
        if found >= 0:
            return base - len(carry) + found
        carry = window[-(len(marker) - 1) :]
        base += len(chunk)
    return None


def iter_jsonl(path: Path, *, settings: Settings) -> Iterator[RawDocument | Skip]:
    """Yield one page per line of a JSONL file: ``{id, url, title, published, html | text}``.

    Only ``html`` or ``text`` is required. ``doc`` is the line's ``id``, else its
    ``url``, else ``"file:line"``. A line that is not such an object yields a
    ``Skip`` (``bad_json`` or ``no_content``) and the next line is read.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Skip(path.name, str(path), STAGE, "unreadable", exc.strerror or str(exc))
        return
    with handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield _jsonl_page(line, f"{path.name}:{number}", f"{path}:{number}", settings)


def _jsonl_page(line: bytes, where: str, origin: str, settings: Settings) -> RawDocument | Skip:
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Skip(where, origin, STAGE, "bad_json", str(exc)[:200])
    if not isinstance(row, dict):
        return Skip(where, origin, STAGE, "bad_json", "a line must be a JSON object")
    body = row.get("html") if isinstance(row.get("html"), str) else row.get("text")
    if not isinstance(body, str) or not body.strip():
        return Skip(where, origin, STAGE, "no_content", "neither html nor text is given")
    doc = _text_or_none(row.get("id")) or _text_or_none(row.get("url")) or where
    return to_document(
        body.encode("utf-8"),
        doc=doc,
        origin=origin,
        settings=settings,
        url=_text_or_none(row.get("url")),
        title_hint=_text_or_none(row.get("title")),
        published_hint=_text_or_none(row.get("published")),
        media_type="html" if isinstance(row.get("html"), str) else "text",
    )


def _text_or_none(value: object) -> str | None:
    if isinstance(value, (str, int)) and str(value).strip():
        return str(value).strip()
    return None
