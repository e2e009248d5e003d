"""Fetcher against a local server on 127.0.0.1: every case of issue 11's list."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from polevents.collect.fetch import Fetcher, FetchRequest

PAGE = b"<html><head><title>t</title></head><body><p>Talks in Geneva.</p></body></html>"


def test_fetch_gets_page_with_polevents_user_agent(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    site.expect_request("/news/1").respond_with_data(PAGE, content_type="text/html")
    outcome = make_fetcher().fetch(site.url_for("/news/1"))
    assert (outcome.status, outcome.http_status, outcome.body) == ("fetched", 200, PAGE)
    agent = next(req for req, _ in site.log if req.path == "/news/1").headers["User-Agent"]
    assert "polevents" in agent


@pytest.mark.parametrize(
    ("html", "expected_path"),
    [
        (b'<html><head><link rel="canonical" href="/story?utm_source=x"></head></html>', "/story"),
        (b"<html><head><title>no canonical</title></head></html>", "/page?a=1"),
        (b'<html><head><link rel="canonical" href="javascript:x()"></head></html>', "/page?a=1"),
    ],
)
def test_fetch_sets_canonical_url_from_link_or_address(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], html: bytes, expected_path: str
) -> None:
    site.expect_request("/page").respond_with_data(html, content_type="text/html")
    outcome = make_fetcher().fetch(site.url_for("/page") + "?fbclid=abc&a=1#top")
    assert outcome.canonical_url == site.url_for(expected_path)


@pytest.mark.parametrize(
    ("robots", "path", "status"),
    [
        ("User-agent: *\nDisallow: /private/", "/private/a", "robots"),
        ("User-agent: polevents\nDisallow: /", "/public/a", "robots"),
        ("User-agent: otherbot\nDisallow: /", "/public/a", "fetched"),
        ("User-agent: *\nDisallow: /private/", "/public/a", "fetched"),
    ],
)
def test_fetch_honours_robots_txt(
    bare_site: HTTPServer,
    make_fetcher: Callable[..., Fetcher],
    robots: str,
    path: str,
    status: str,
) -> None:
    bare_site.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
    bare_site.expect_request(path).respond_with_data(PAGE, content_type="text/html")
    outcome = make_fetcher().fetch(bare_site.url_for(path))
    assert outcome.status == status
    asked = [req.path for req, _ in bare_site.log]
    assert (path in asked) == (status == "fetched")


@pytest.mark.parametrize(
    ("robots_status", "status", "reason"),
    [
        (404, "fetched", ""),
        (500, "robots", "robots_unavailable"),
        (429, "robots", "robots_unavailable"),
    ],
)
def test_fetch_treats_missing_robots_as_allow_and_broken_as_disallow(
    bare_site: HTTPServer,
    make_fetcher: Callable[..., Fetcher],
    robots_status: int,
    status: str,
    reason: str,
) -> None:
    bare_site.expect_request("/robots.txt").respond_with_data("", status=robots_status)
    bare_site.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    outcome = make_fetcher(retries=0).fetch(bare_site.url_for("/a"))
    assert (outcome.status, outcome.reason) == (status, reason)


def test_fetch_reads_robots_once_per_host(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    site.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    fetcher = make_fetcher()
    for _ in range(3):
        fetcher.fetch(site.url_for("/a"))
    assert [req.path for req, _ in site.log].count("/robots.txt") == 1


@pytest.mark.parametrize(
    ("first_status", "headers", "expected_wait"),
    [
        (429, {"Retry-After": "3"}, 3.0),
        (503, {"Retry-After": "2"}, 2.0),
        (503, {}, 0.01),
        (500, {}, 0.01),
    ],
)
def test_fetch_retries_after_429_or_5xx_then_gets_200(
    site: HTTPServer,
    make_fetcher: Callable[..., Fetcher],
    sleeps: list[float],
    first_status: int,
    headers: dict[str, str],
    expected_wait: float,
) -> None:
    replies = [
        Response("", status=first_status, headers=headers),
        Response(PAGE, content_type="text/html"),
    ]
    site.expect_request("/busy").respond_with_handler(lambda _request: replies.pop(0))
    outcome = make_fetcher().fetch(site.url_for("/busy"))
    assert (outcome.status, outcome.http_status) == ("fetched", 200)
    assert sleeps == [expected_wait]


@pytest.mark.parametrize("retries", [0, 2])
def test_fetch_gives_up_after_retries_with_last_status(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], sleeps: list[float], retries: int
) -> None:
    site.expect_request("/down").respond_with_data("", status=503)
    outcome = make_fetcher(retries=retries).fetch(site.url_for("/down"))
    assert (outcome.status, outcome.http_status, outcome.reason) == ("failed", 503, "http_503")
    assert sleeps == [0.01 * 2**n for n in range(retries)]


def test_fetch_does_not_wait_for_a_retry_after_past_the_cap(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], sleeps: list[float]
) -> None:
    site.expect_request("/later").respond_with_data("", status=429, headers={"Retry-After": "9999"})
    outcome = make_fetcher(max_retry_after_s=60.0).fetch(site.url_for("/later"))
    assert (outcome.status, outcome.http_status, sleeps) == ("failed", 429, [])


@pytest.mark.parametrize("status", [404, 410, 403])
def test_fetch_records_client_errors_without_retrying(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], status: int
) -> None:
    site.expect_request("/gone").respond_with_data("", status=status)
    outcome = make_fetcher().fetch(site.url_for("/gone"))
    assert (outcome.status, outcome.reason) == ("failed", f"http_{status}")
    assert [req.path for req, _ in site.log].count("/gone") == 1


@pytest.mark.parametrize(
    ("chain", "reason"),
    [
        ({"/a": "/b", "/b": "/a"}, "redirect_loop"),
        ({"/a": "/a"}, "redirect_loop"),
        ({f"/r{n}": f"/r{n + 1}" for n in range(10)} | {"/a": "/r0"}, "too_many_redirects"),
        ({"/a": "ftp://127.0.0.1/file"}, "bad_scheme"),
    ],
)
def test_fetch_stops_bad_redirects(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], chain: dict[str, str], reason: str
) -> None:
    for source, target in chain.items():
        site.expect_request(source).respond_with_data("", status=302, headers={"Location": target})
    outcome = make_fetcher(max_redirects=5).fetch(site.url_for("/a"))
    assert (outcome.status, outcome.reason) == ("failed", reason)
    assert len(site.log) <= 7


def test_fetch_follows_redirect_and_keeps_both_urls(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    site.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    site.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    outcome = make_fetcher().fetch(site.url_for("/old"))
    assert (outcome.status, outcome.url, outcome.final_url) == (
        "fetched",
        site.url_for("/old"),
        site.url_for("/new"),
    )


def _slow(request: Request) -> Response:
    time.sleep(0.4)
    return Response(PAGE, content_type="text/html")


@pytest.mark.parametrize("retries", [0, 1])
def test_fetch_fails_on_slow_response_past_timeout(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], retries: int
) -> None:
    site.expect_request("/slow").respond_with_handler(_slow)
    started = time.monotonic()
    outcome = make_fetcher(timeout_s=0.1, retries=retries).fetch(site.url_for("/slow"))
    assert (outcome.status, outcome.reason) == ("failed", "timeout")
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("validator_header", "request_header"),
    [("ETag", "If-None-Match"), ("Last-Modified", "If-Modified-Since")],
)
def test_fetch_gets_304_on_second_conditional_fetch(
    site: HTTPServer,
    make_fetcher: Callable[..., Fetcher],
    validator_header: str,
    request_header: str,
) -> None:
    value = '"v1"' if validator_header == "ETag" else "Mon, 01 Jan 2024 00:00:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get(request_header) == value:
            return Response(status=304)
        return Response(PAGE, content_type="text/html", headers={validator_header: value})

    site.expect_request("/feed").respond_with_handler(handler)
    fetcher = make_fetcher()
    first = fetcher.fetch(site.url_for("/feed"))
    second = fetcher.fetch(
        FetchRequest(site.url_for("/feed"), etag=first.etag, last_modified=first.last_modified)
    )
    assert (first.status, second.status, second.http_status) == ("fetched", "not_modified", 304)
    assert second.body is None
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)


def _chunks(total: int) -> Iterator[bytes]:
    for _ in range(total // 1000):
        yield b"x" * 1000


@pytest.mark.parametrize("declared_length", [True, False])
def test_fetch_stops_oversized_body(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], declared_length: bool
) -> None:
    if declared_length:
        site.expect_request("/big").respond_with_data(b"x" * 20_000, content_type="text/html")
    else:
        response = Response(_chunks(20_000), content_type="text/html", direct_passthrough=True)
        site.expect_request("/big").respond_with_response(response)
    outcome = make_fetcher(max_bytes=5_000).fetch(site.url_for("/big"))
    assert (outcome.status, outcome.body) == ("too_large", None)


@pytest.mark.parametrize(
    ("content_type", "kind", "status"),
    [
        ("image/png", "page", "bad_type"),
        ("application/pdf", "any", "bad_type"),
        ("application/rss+xml", "page", "bad_type"),
        ("application/rss+xml", "feed", "fetched"),
        ("text/html; charset=utf-8", "page", "fetched"),
    ],
)
def test_fetch_refuses_unexpected_content_type(
    site: HTTPServer,
    make_fetcher: Callable[..., Fetcher],
    content_type: str,
    kind: str,
    status: str,
) -> None:
    site.expect_request("/thing").respond_with_data(b"abc", content_type=content_type)
    outcome = make_fetcher().fetch(FetchRequest(site.url_for("/thing"), kind))  # type: ignore[arg-type]
    assert outcome.status == status


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://127.0.0.1/file", "bad_scheme"),
        ("file:///etc/passwd", "bad_scheme"),
        ("javascript:alert(1)", "bad_scheme"),
        ("http://", "bad_url"),
        ("http://127.0.0.1:99999/x", "bad_url"),
    ],
)
def test_fetch_refuses_non_http_urls_without_a_request(
    make_fetcher: Callable[..., Fetcher], url: str, reason: str
) -> None:
    outcome = make_fetcher().fetch(url)
    assert (outcome.status, outcome.reason, outcome.http_status) == ("failed", reason, None)


def test_fetch_records_unreachable_host_as_network_failure(
    make_fetcher: Callable[..., Fetcher],
) -> None:
    """Nothing listens on 127.0.0.1:9 here: robots.txt and page are both refused."""
    outcome = make_fetcher(retries=0).fetch("http://127.0.0.1:9/a")
    assert (outcome.status, outcome.reason) == ("failed", "network")


def test_fetch_many_keeps_request_order(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    for n in range(6):
        site.expect_request(f"/p{n}").respond_with_data(f"<p>{n}</p>", content_type="text/html")
    urls = [site.url_for(f"/p{n}") for n in range(6)]
    outcomes = list(make_fetcher(per_host=3).fetch_many(FetchRequest(u) for u in urls))
    assert [o.url for o in outcomes] == urls
    assert [o.body for o in outcomes] == [f"<p>{n}</p>".encode() for n in range(6)]
