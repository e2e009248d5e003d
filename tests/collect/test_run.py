"""fetch: targets -> feeds -> new pages -> sink, against a local site on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from warcio.archiveiterator import ArchiveIterator
from werkzeug import Request, Response

from polevents.collect.fetch import Fetcher
from polevents.collect.run import fetch_and_ingest, fetch_to_warc, read_targets
from polevents.collect.state import FetchState, fetch_status_counts
from polevents.errors import CollectError
from polevents.settings import Settings, load_settings
from polevents.types import RawDocument, Skip

ARTICLE = (
    "<html><head><title>{0}</title>{1}</head><body><p>{0} said talks went well.</p></body></html>"
)


class Collector:
    """A sink that keeps what it is given."""

    def __init__(self) -> None:
        self.items: list[RawDocument | Skip] = []

    def __call__(self, items: Iterable[RawDocument | Skip]) -> int:
        got = list(items)
        self.items.extend(got)
        return len(got)

    @property
    def urls(self) -> list[str]:
        return sorted(i.doc for i in self.items)


def rss(links: list[str]) -> str:
    entries = "".join(f"<item><title>{link}</title><link>{link}</link></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{entries}</channel></rss>'


def serve_feed(site: HTTPServer, path: str, body: str, *, etag: str = '"f1"') -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304)
        return Response(body, content_type="application/rss+xml", headers={"ETag": etag})

    site.expect_request(path).respond_with_handler(handler)


def serve_page(site: HTTPServer, path: str, *, canonical: str | None = None) -> None:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    site.expect_request(path).respond_with_data(
        ARTICLE.format(path, link), content_type="text/html; charset=utf-8"
    )


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def test_fetch_and_ingest_reads_feed_then_only_new_items(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], settings: Settings, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    serve_feed(site, "/feed.xml", rss([site.url_for("/a"), site.url_for("/b?utm_source=rss")]))
    serve_page(site, "/a")
    serve_page(site, "/b")
    sink = Collector()
    first = fetch_and_ingest([site.url_for("/feed.xml")], settings=settings, db_path=db,
                             fetcher=make_fetcher(), sink=sink)  # fmt: skip
    second = fetch_and_ingest([site.url_for("/feed.xml")], settings=settings, db_path=db,
                              fetcher=make_fetcher(), sink=sink)  # fmt: skip
    assert sink.urls == [site.url_for("/a"), site.url_for("/b")]
    assert (first.feeds, first.new_items, first.ingested) == (1, 2, 2)
    assert (second.statuses, second.new_items, second.ingested) == ({"not_modified": 1}, 0, 0)
    with FetchState(db).session() as con:
        assert fetch_status_counts(con) == {"fetched": 2, "not_modified": 1}


def test_fetch_and_ingest_stores_one_article_under_many_addresses(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], settings: Settings, tmp_path: Path
) -> None:
    canonical = site.url_for("/story")
    serve_page(site, "/story")
    serve_page(site, "/amp/story", canonical=canonical)
    serve_page(site, "/print/story", canonical=canonical + "?fbclid=x")
    serve_feed(site, "/feed.xml", rss([site.url_for("/amp/story"), site.url_for("/story")]))
    sink = Collector()
    db = tmp_path / "store.duckdb"
    report = fetch_and_ingest([site.url_for("/feed.xml")], settings=settings, db_path=db,
                              fetcher=make_fetcher(), sink=sink)  # fmt: skip
    later = fetch_and_ingest([site.url_for("/print/story")], settings=settings, db_path=db,
                             fetcher=make_fetcher(), sink=sink)  # fmt: skip
    assert sink.urls == [canonical]
    assert (report.pages, report.duplicates, later.duplicates) == (2, 1, 1)


def test_fetch_and_ingest_records_every_outcome_of_a_url_list(
    bare_site: HTTPServer, make_fetcher: Callable[..., Fetcher], settings: Settings, tmp_path: Path
) -> None:
    bare_site.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private")
    serve_page(bare_site, "/ok")
    bare_site.expect_request("/gone").respond_with_data("", status=404)
    bare_site.expect_request("/image").respond_with_data(b"\x89PNG", content_type="image/png")
    targets = tmp_path / "urls.txt"
    paths = ("/ok", "/private/x", "/gone", "/image")
    lines = ["# outlets", "", *map(bare_site.url_for, paths), "ftp://127.0.0.1/f", "not a url://"]
    targets.write_text("\n".join(lines))
    sink = Collector()
    report = fetch_and_ingest([str(targets)], settings=settings, db_path=tmp_path / "s.duckdb",
                              fetcher=make_fetcher(), sink=sink)  # fmt: skip
    assert report.statuses == {"fetched": 1, "robots": 1, "failed": 3, "bad_type": 1}
    assert sorted(reason for _, reason in report.failures) == [
        "bad_scheme",
        "bad_scheme",
        "http_404",
    ]
    assert sink.urls == [bare_site.url_for("/ok")]


def test_fetch_and_ingest_follows_sitemap_index_to_news_items(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], settings: Settings, tmp_path: Path
) -> None:
    news = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{site.url_for('/n1')}</loc><news:news><news:title>N1</news:title>"
        "<news:publication_date>2024-05-01</news:publication_date></news:news></url></urlset>"
    )
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url_for('/news.xml')}</loc></sitemap></sitemapindex>"
    )
    site.expect_request("/sitemap.xml").respond_with_data(index, content_type="application/xml")
    site.expect_request("/news.xml").respond_with_data(news, content_type="text/xml")
    serve_page(site, "/n1")
    sink = Collector()
    db = tmp_path / "s.duckdb"
    report = fetch_and_ingest([site.url_for("/sitemap.xml")], settings=settings, db_path=db,
                              fetcher=make_fetcher(), sink=sink)  # fmt: skip
    assert (report.feeds, sink.urls) == (2, [site.url_for("/n1")])
    (doc,) = sink.items
    assert isinstance(doc, RawDocument)
    assert (doc.title_hint, doc.published_hint) == ("N1", "2024-05-01T00:00:00+00:00")


def test_fetch_to_warc_saves_pages_not_feeds(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], tmp_path: Path
) -> None:
    serve_feed(site, "/feed.xml", rss([site.url_for("/a"), site.url_for("/b")]))
    serve_page(site, "/a")
    serve_page(site, "/b")
    result = fetch_to_warc([site.url_for("/feed.xml")], out_dir=tmp_path / "crawl",
                           fetcher=make_fetcher())  # fmt: skip
    with result.path.open("rb") as handle:
        uris = sorted(
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(handle)
            if r.rec_type == "response"
        )
    assert result.records == 2
    assert uris == [site.url_for("/a"), site.url_for("/b")]
    assert not list(tmp_path.glob("*.duckdb"))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "https://a.com/1\n# comment\n\n  https://a.com/2  \nhttps://a.com/1\n",
            ["https://a.com/1", "https://a.com/2"],
        ),
        ("", []),
    ],
)
def test_read_targets_reads_url_files(tmp_path: Path, lines: str, expected: list[str]) -> None:
    path = tmp_path / "urls.txt"
    path.write_text(lines)
    assert read_targets([str(path)]) == expected


@pytest.mark.parametrize("arg", ["no-such-file.txt", "/definitely/missing/feeds.txt"])
def test_read_targets_refuses_missing_file(arg: str) -> None:
    with pytest.raises(CollectError) as caught:
        read_targets([arg])
    assert caught.value.reason == "bad_target"
