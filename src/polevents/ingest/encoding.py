"""Sniff and decode the bytes of one page; raises only ``IngestError``.

Order of evidence, strongest first: a byte-order mark, UTF-16 without a BOM
(told by its NUL pattern), the charset the page declares (``<meta charset>``,
``http-equiv`` or the XML declaration), strict UTF-8, then charset-normalizer.
Legacy Western pages are the common case among the rest, so a guess of another
single-byte Latin codec yields to windows-1252 when that decodes cleanly.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from polevents.errors import IngestError

__all__ = ["decode_bytes", "is_binary", "looks_like_html"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# WHATWG: browsers read these labels as windows-1252, and so do we.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp819"}
# Latin-script code pages only: a guess of cp1251 (Cyrillic), cp1253 (Greek), cp1255/6
# (Hebrew, Arabic) or iso8859_5-8 is kept, or a Russian page would become cp1252 mojibake.
_LATIN_GUESSES = re.compile(
    r"^(cp125[0247]|windows-125[0247]|iso8859_(1|2|3|4|9|10|13|14|15|16)|latin_\d"
    r"|mac_(roman|latin2|iceland)|cp850|cp437)$"
)
_HTML_SIGNS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<(p|div|article|title)[\s>]",
    re.IGNORECASE,
)
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 27)) | set(range(28, 32))
_SNIFF_BYTES = 8192


def decode_bytes(raw: bytes, *, doc: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of one page.

    Args:
        raw: the page bytes, not empty.
        doc: the input's display name, for the error.

    Returns:
        The decoded text (BOM removed) and the codec name used.

    Raises:
        IngestError: reason ``binary`` for non-text bytes, ``bad_encoding`` when
            no codec fits.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw[len(bom) :], encoding, doc), encoding
    utf16 = _sniff_utf16(raw)
    if utf16:
        return _strict(raw, utf16, doc), utf16
    if is_binary(raw):
        raise IngestError(f"{doc}: binary content", reason="binary", doc=doc)
    declared = _declared_charset(raw)
    if declared:
        try:
            return raw.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _guess(raw, doc)


def is_binary(raw: bytes) -> bool:
    """Tell whether bytes are not text: a known file signature, NULs or control bytes.

    >>> is_binary(b"hello"), is_binary(b"\\x89PNG\\r\\n"), is_binary(b"a\\x00b")
    (False, True, True)
    """
    head = raw[:_SNIFF_BYTES]
    if head.startswith(_MAGIC) or b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL)
    return bool(head) and controls / len(head) > 0.05


def looks_like_html(text: str) -> bool:
    """Tell whether decoded text is HTML markup rather than scraped text.

    >>> looks_like_html("<!DOCTYPE html><p>x</p>"), looks_like_html("Plain <b> words")
    (True, False)
    """
    return bool(_HTML_SIGNS.search(text[:4096]))


def _strict(raw: bytes, encoding: str, doc: str | None) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"{doc}: not valid {encoding}", reason="bad_encoding", doc=doc) from exc


def _sniff_utf16(raw: bytes) -> str | None:
    """Name the UTF-16 byte order of BOM-less text, or ``None``.

    ASCII-range text in UTF-16 has a NUL in every other byte; the side of
    the NULs gives the byte order.
    """
    head = raw[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even_nuls = head[0::2].count(0) / (len(head) / 2)
    odd_nuls = head[1::2].count(0) / (len(head) / 2)
    if odd_nuls > 0.6 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.6 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _declared_charset(raw: bytes) -> str | None:
    match = _DECLARED.search(raw[:_SNIFF_BYTES])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _guess(raw: bytes, doc: str | None) -> tuple[str, str]:
    best = from_bytes(raw).best()
    if best is not None and not _LATIN_GUESSES.match(best.encoding):
        return str(best), best.encoding
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    if best is not None:
        return str(best), best.encoding
    raise IngestError(f"{doc}: no text encoding fits", reason="bad_encoding", doc=doc)
