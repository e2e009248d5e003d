"""Files, folders, globs, stdin, JSONL and WARC -> ``RawDocument`` or ``Skip``, lazily.

Every input yields at least one item, so nothing is lost silently: a page that
cannot be read becomes a ``Skip`` with a stable reason (``empty``, ``binary``,
``too_large``, ``unreadable``, ``broken_link``, ``not_found``, ``bad_encoding``).
Folders are walked depth-first; each directory's names are sorted for a
deterministic order, but the tree is never listed into memory at once.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from polevents.errors import IngestError
from polevents.ingest.encoding import decode_bytes, looks_like_html
from polevents.settings import Settings
from polevents.types import RawDocument, Skip

__all__ = ["iter_documents", "read_page", "to_document"]

log = logging.getLogger(__name__)

STAGE = "ingest"
_GLOB_CHARS = frozenset("*?[")


def iter_documents(
    inputs: Iterable[str | Path], *, settings: Settings
) -> Iterator[RawDocument | Skip]:
    """Yield one ``RawDocument`` per page (or a ``Skip``) for every input, lazily.

    Args:
        inputs: files, folders (recursive), glob patterns, ``"-"`` for stdin,
            ``.jsonl`` files (one page a line) and ``.warc``/``.warc.gz`` files.
        settings: ``max_page_bytes`` and ``oversize`` apply to every page.

    Yields:
        ``RawDocument`` for each readable page, ``Skip`` for each refused one.
    """
    for item in inputs:
        name = str(item)
        if name == "-":
            yield _read_stdin(settings)
            continue
        path = Path(item)
        if not path.exists() and not path.is_symlink() and _GLOB_CHARS & set(name):
            matches = sorted(glob.iglob(name, recursive=True))
            if not matches:
                yield Skip(name, name, STAGE, "not_found", "no file matches the pattern")
            for match in matches:
                yield from _read_path(Path(match), settings, top=True)
            continue
        yield from _read_path(path, settings, top=True)


def _read_path(path: Path, settings: Settings, *, top: bool) -> Iterator[RawDocument | Skip]:
    if path.is_symlink() and not path.exists():
        yield Skip(path.name, str(path), STAGE, "broken_link", "symlink target is missing")
    elif path.is_dir():
        yield from _walk(path, settings)
    elif not path.exists():
        yield Skip(path.name or str(path), str(path), STAGE, "not_found", "no such file")
    elif not path.is_file():
        yield Skip(path.name, str(path), STAGE, "unreadable", "not a regular file")
    else:
        yield from _read_file(path, settings)


def _walk(folder: Path, settings: Settings) -> Iterator[RawDocument | Skip]:
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as exc:
        yield Skip(folder.name, str(folder), STAGE, "unreadable", str(exc))
        return
    for name in names:
        if name.startswith("."):
            continue
        yield from _read_path(folder / name, settings, top=False)


def _read_file(path: Path, settings: Settings) -> Iterator[RawDocument | Skip]:
    lower = path.name.lower()
    if lower.endswith((".warc", ".warc.gz")):
        from polevents.ingest.archives import iter_warc

        yield from iter_warc(path, settings=settings)
        return
    if lower.endswith(".jsonl"):
        from polevents.ingest.archives import iter_jsonl

        yield from iter_jsonl(path, settings=settings)
        return
    try:
        with path.open("rb") as handle:
            yield read_page(handle, doc=path.name, origin=str(path), settings=settings)
    except OSError as exc:
        yield Skip(path.name, str(path), STAGE, "unreadable", exc.strerror or str(exc))


def _read_stdin(settings: Settings) -> RawDocument | Skip:
    return read_page(sys.stdin.buffer, doc="stdin", origin="-", settings=settings)


def read_page(
    handle: BinaryIO, *, doc: str, origin: str, settings: Settings, url: str | None = None
) -> RawDocument | Skip:
    """Read one page from an open binary stream, never more than the size limit allows.

    A page over ``settings.max_page_bytes`` is refused (``oversize="skip"``)
    or cut to the limit with ``truncated=True`` (``"truncate"``); either way
    at most one byte past the limit is read.
    """
    raw = handle.read(settings.max_page_bytes + 1)
    return to_document(raw, doc=doc, origin=origin, settings=settings, url=url)


def to_document(
    raw: bytes,
    *,
    doc: str,
    origin: str,
    settings: Settings,
    url: str | None = None,
    title_hint: str | None = None,
    published_hint: str | None = None,
    media_type: str | None = None,
) -> RawDocument | Skip:
    """Turn one page's bytes into a ``RawDocument``, or a ``Skip`` saying why not.

    Args:
        raw: the page bytes (may be longer than the limit; it is then applied).
        doc: display name; origin: path or URL.
        settings: size limit and oversize policy.
        url, title_hint, published_hint: what the container knows of the page.
        media_type: ``"html"`` or ``"text"`` when the container says so; else sniffed.
    """
    if not raw.strip():
        return Skip(doc, origin, STAGE, "empty", "no content")
    truncated = False
    if len(raw) > settings.max_page_bytes:
        if settings.oversize == "skip":
            detail = f"larger than max_page_bytes={settings.max_page_bytes}"
            return Skip(doc, origin, STAGE, "too_large", detail, _sha1(raw))
        log.warning("%s: cut to %d bytes (max_page_bytes)", origin, settings.max_page_bytes)
        raw = _cut_at_character(raw[: settings.max_page_bytes])
        truncated = True
    doc_id = _sha1(raw)
    try:
        text, encoding = decode_bytes(raw, doc=doc)
    except IngestError as exc:
        return Skip(doc, origin, STAGE, exc.reason, str(exc), doc_id)
    if not text.strip():
        return Skip(doc, origin, STAGE, "empty", "no text after decoding", doc_id)
    kind = media_type if media_type in ("html", "text") else None
    return RawDocument(
        doc_id=doc_id,
        doc=doc,
        origin=origin,
        text=text,
        encoding=encoding,
        media_type=kind or ("html" if looks_like_html(text) else "text"),  # type: ignore[arg-type]
        size_bytes=len(raw),
        url=url,
        title_hint=title_hint,
        published_hint=published_hint,
        truncated=truncated,
    )


def _cut_at_character(raw: bytes) -> bytes:
    """Drop a UTF-8 sequence that the cut split in two, so the rest still decodes."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3:
            return raw[: exc.start]
    return raw


def _sha1(raw: bytes) -> str:
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest()
