"""RSS/Atom feeds and news sitemaps -> the article URLs they list.

RSS and Atom go through feedparser. Sitemaps (``<urlset>``, and
``<sitemapindex>`` listing more sitemaps) are parsed with lxml, with entities
and network access off; by default only ``<news:news>`` entries are kept, since
a plain sitemap lists a whole archive rather than the news.
"""

from __future__ import annotations

import calendar
import logging
import re
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

import feedparser
from lxml import etree

from polevents.collect.urls import canonicalize_url
from polevents.errors import CollectError

log = logging.getLogger(__name__)

FeedKind = Literal["rss", "atom", "sitemap", "sitemap_index"]

FEED_CONTENT_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-gzip",
        "application/gzip",
    }
)
MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps.org limit, uncompressed
_FEED_ROOTS = {"rss": "rss", "rdf": "rss", "feed": "atom"}
_SITEMAP_ROOTS = {"urlset": "sitemap", "sitemapindex": "sitemap_index"}
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)*", re.S | re.I)
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One article listed by a feed or sitemap; ``url`` is canonical."""

    url: str
    title: str | None = None
    published_at: datetime | None = None
    feed: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's items, and for a sitemap index the sitemaps it lists."""

    kind: FeedKind
    items: tuple[FeedItem, ...] = ()
    sitemaps: tuple[str, ...] = ()


def sniff_feed_kind(body: bytes) -> FeedKind | None:
    """Return the kind of feed ``body`` is by its root element, or None for a page.

    >>> sniff_feed_kind(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    'rss'
    >>> sniff_feed_kind(b"<!doctype html><html><body>hi</body></html>") is None
    True
    """
    head = _gunzip(body, limit=4096, strict=False)[:4096].lstrip(b"\xef\xbb\xbf")
    prolog = _PROLOG.match(head)
    match = _FIRST_TAG.match(head, prolog.end() if prolog else 0)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").split(":")[-1].lower()
    kind = _FEED_ROOTS.get(name) or _SITEMAP_ROOTS.get(name)
    return kind  # type: ignore[return-value]


def parse_feed(body: bytes, *, base_url: str, news_only: bool = True) -> ParsedFeed:
    """Parse an RSS/Atom feed or a (news) sitemap into canonical item URLs.

    Items whose link is missing or not http(s) are dropped; a later duplicate of
    a canonical URL is dropped too.

    Raises:
        CollectError: ``bad_feed`` when the body is neither a feed nor a sitemap.
    """
    raw = _gunzip(body, limit=MAX_SITEMAP_BYTES, strict=True)
    kind = sniff_feed_kind(raw)
    if kind in ("sitemap", "sitemap_index"):
        return _parse_sitemap(raw, base_url=base_url, news_only=news_only)
    if kind is None:
        raise CollectError(f"not a feed or sitemap: {base_url}", reason="bad_feed", doc=base_url)
    return _parse_rss_atom(raw, kind=kind, base_url=base_url)


def _parse_rss_atom(body: bytes, *, kind: FeedKind, base_url: str) -> ParsedFeed:
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if parsed.get("bozo") and not parsed.entries:
        detail = parsed.get("bozo_exception")
        raise CollectError(f"unreadable feed {base_url}: {detail}", reason="bad_feed", doc=base_url)
    version = str(parsed.get("version") or "")
    real_kind: FeedKind = "atom" if version.startswith("atom") else kind
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id")
        url = _item_url(link, base_url=base_url)
        if url is None:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        title = (entry.get("title") or "").strip() or None
        items.append(FeedItem(url, title, _from_struct_time(stamp), base_url))
    return ParsedFeed(real_kind, _unique(items))


def _parse_sitemap(body: bytes, *, base_url: str, news_only: bool) -> ParsedFeed:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise CollectError(
            f"bad sitemap {base_url}: {exc}", reason="bad_feed", doc=base_url
        ) from exc
    if etree.QName(root).localname == "sitemapindex":
        locs = (_child_text(node, "loc") for node in _children(root, "sitemap"))
        found = (_item_url(loc, base_url=base_url) for loc in locs)
        return ParsedFeed("sitemap_index", sitemaps=tuple(dict.fromkeys(u for u in found if u)))
    items = []
    for node in _children(root, "url"):
        news = next((n for n in node if etree.QName(n).namespace == _NEWS_NS), None)
        if news is None and news_only:
            continue
        url = _item_url(_child_text(node, "loc"), base_url=base_url)
        if url is None:
            continue
        title = _child_text(news, "title") if news is not None else None
        stamp = _child_text(news, "publication_date") if news is not None else None
        stamp = stamp or _child_text(node, "lastmod")
        items.append(FeedItem(url, title, parse_w3c_datetime(stamp), base_url))
    return ParsedFeed("sitemap", _unique(items))


def parse_w3c_datetime(text: str | None) -> datetime | None:
    """Parse a sitemap date (W3C datetime) to an aware UTC datetime, or None.

    >>> parse_w3c_datetime("2024-05-01T10:00:00+02:00").isoformat()
    '2024-05-01T08:00:00+00:00'
    >>> parse_w3c_datetime("2024-05-01").isoformat(), parse_w3c_datetime("yesterday")
    ('2024-05-01T00:00:00+00:00', None)
    """
    if not text:
        return None
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC)


def _item_url(link: object, *, base_url: str) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        return canonicalize_url(link, base=base_url)
    except CollectError:
        log.debug("dropping item link %r of %s", link, base_url)
        return None


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in node if etree.QName(child).localname == name]


def _child_text(node: etree._Element | None, name: str) -> str | None:
    if node is None:
        return None
    for child in _children(node, name):
        return (child.text or "").strip() or None
    return None


def _from_struct_time(stamp: time.struct_time | None) -> datetime | None:
    if stamp is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC)


def _unique(items: list[FeedItem]) -> tuple[FeedItem, ...]:
    seen: dict[str, FeedItem] = {}
    for item in items:
        seen.setdefault(item.url, item)
    return tuple(seen.values())


def _gunzip(body: bytes, *, limit: int, strict: bool) -> bytes:
    """Decompress a gzipped sitemap up to ``limit`` bytes (a gzip bomb stops there)."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit)
    except zlib.error as exc:
        if strict:
            raise CollectError(f"bad gzip data: {exc}", reason="bad_feed") from exc
        return b""
    if strict and inflater.unconsumed_tail:
        raise CollectError(f"sitemap larger than {limit} bytes", reason="too_large")
    return out


__all__ = [
    "FEED_CONTENT_TYPES",
    "FeedItem",
    "ParsedFeed",
    "parse_feed",
    "parse_w3c_datetime",
    "sniff_feed_kind",
]
