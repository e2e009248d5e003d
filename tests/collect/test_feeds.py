"""RSS, Atom and news sitemaps -> canonical item URLs."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polevents.collect.feeds import parse_feed, sniff_feed_kind
from polevents.errors import CollectError

BASE = "https://news.example.com/feed"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>World</title>
<item><title>Talks in Geneva</title><link>https://news.example.com/a?utm_source=rss</link>
  <pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item>
<item><title>No link here</title></item>
<item><title>Relative</title><link>/b</link></item>
<item><title>Same as first</title><link>https://NEWS.example.com/a#x</link></item>
<item><title>Bad scheme</title><link>javascript:void(0)</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>World</title>
<entry><title>Summit ends</title><link href="https://news.example.com/c"/>
  <updated>2024-05-07T08:30:00Z</updated><id>urn:1</id></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.com/d</loc>
  <news:news><news:publication><news:name>Ex</news:name><news:language>en</news:language></news:publication>
  <news:publication_date>2024-05-08T12:00:00+02:00</news:publication_date>
  <news:title>Ceasefire agreed</news:title></news:news></url>
<url><loc>https://news.example.com/archive/old</loc><lastmod>2019-01-01</lastmod></url>
</urlset>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example.com/sitemap-news.xml</loc></sitemap>
<sitemap><loc>ftp://news.example.com/bad.xml</loc></sitemap>
</sitemapindex>"""


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (RSS, "rss"),
        (ATOM, "atom"),
        (NEWS_SITEMAP, "sitemap"),
        (SITEMAP_INDEX, "sitemap_index"),
        (gzip.compress(NEWS_SITEMAP), "sitemap"),
        (b'<?xml version="1.0"?><!-- c --><rdf:RDF xmlns:rdf="x"></rdf:RDF>', "rss"),
        (b"<!DOCTYPE html><html><head></head></html>", None),
        (b"plain text", None),
        (b"", None),
    ],
)
def test_sniff_feed_kind_reads_root_element(body: bytes, kind: str | None) -> None:
    assert sniff_feed_kind(body) == kind


def test_parse_feed_reads_rss_items_canonical_and_unique() -> None:
    parsed = parse_feed(RSS, base_url=BASE)
    assert parsed.kind == "rss"
    assert [item.url for item in parsed.items] == [
        "https://news.example.com/a",
        "https://news.example.com/b",
    ]
    first = parsed.items[0]
    assert (first.title, first.published_at) == (
        "Talks in Geneva",
        datetime(2024, 5, 6, 10, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("body", "kind", "url", "published"),
    [
        (ATOM, "atom", "https://news.example.com/c", datetime(2024, 5, 7, 8, 30, tzinfo=UTC)),
        (
            NEWS_SITEMAP,
            "sitemap",
            "https://news.example.com/d",
            datetime(2024, 5, 8, 10, tzinfo=UTC),
        ),
        (
            gzip.compress(NEWS_SITEMAP),
            "sitemap",
            "https://news.example.com/d",
            datetime(2024, 5, 8, 10, tzinfo=UTC),
        ),
    ],
)
def test_parse_feed_reads_atom_and_news_sitemaps(
    body: bytes, kind: str, url: str, published: datetime
) -> None:
    parsed = parse_feed(body, base_url=BASE)
    assert parsed.kind == kind
    assert [(item.url, item.published_at) for item in parsed.items] == [(url, published)]


@pytest.mark.parametrize(("news_only", "count"), [(True, 1), (False, 2)])
def test_parse_feed_keeps_only_news_entries_by_default(news_only: bool, count: int) -> None:
    assert len(parse_feed(NEWS_SITEMAP, base_url=BASE, news_only=news_only).items) == count


def test_parse_feed_lists_sitemaps_of_an_index() -> None:
    parsed = parse_feed(SITEMAP_INDEX, base_url=BASE)
    assert (parsed.kind, parsed.sitemaps, parsed.items) == (
        "sitemap_index",
        ("https://news.example.com/sitemap-news.xml",),
        (),
    )


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>not a feed</body></html>",
        b"",
        b"<urlset><url><loc>unclosed",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset>&e;</urlset>',
        b"\x1f\x8b\x08\x00garbage-gzip",
    ],
)
def test_parse_feed_raises_collect_error_on_junk(body: bytes) -> None:
    with pytest.raises(CollectError):
        parse_feed(body, base_url=BASE)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.sampled_from([RSS, ATOM, NEWS_SITEMAP, SITEMAP_INDEX]).flatmap(
            lambda body: st.integers(0, len(body)).map(lambda cut: body[:cut])
        ),
    )
)
def test_parse_feed_returns_feed_or_raises_collect_error(body: bytes) -> None:
    """Any bytes, truncated feeds included: a ParsedFeed or a CollectError, nothing else."""
    try:
        parsed = parse_feed(body, base_url=BASE)
    except CollectError:
        return
    assert all(item.url.startswith(("http://", "https://")) for item in parsed.items)
