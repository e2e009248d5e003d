"""Canonical URLs: one article, one address."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polevents.collect.urls import canonicalize_url, find_canonical_link, host_of, is_http_url
from polevents.errors import CollectError


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM/a", "http://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?utm_source=tw&utm_medium=x&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=1&gclid=2&UTM_Campaign=3", "https://example.com/a"),
        ("https://user:pw@example.com/a", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonicalize_url_normalises(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/a", "bad_scheme"),
        ("mailto:desk@example.com", "bad_scheme"),
        ("/relative/only", "bad_scheme"),
        ("https:///no-host", "bad_url"),
        ("http://example.com:notaport/", "bad_url"),
    ],
)
def test_canonicalize_url_refuses_bad_urls(url: str, reason: str) -> None:
    with pytest.raises(CollectError) as caught:
        canonicalize_url(url)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("/b?utm_x=1", "https://a.com/x/y", "https://a.com/b"),
        ("c", "https://a.com/x/", "https://a.com/x/c"),
    ],
)
def test_canonicalize_url_resolves_relative_against_base(
    url: str, base: str, expected: str
) -> None:
    assert canonicalize_url(url, base=base) == expected


@pytest.mark.parametrize(
    ("url", "host"), [("https://A.com/x", "a.com"), ("http://a.com:81/", "a.com:81")]
)
def test_host_of_keeps_port(url: str, host: str) -> None:
    assert host_of(url) == host


@given(st.text(max_size=80))
def test_canonicalize_url_raises_only_collect_error(text: str) -> None:
    try:
        result = canonicalize_url(text)
    except CollectError:
        return
    assert is_http_url(result)
    assert canonicalize_url(result) == result


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (b'<link rel="canonical" href="https://a.com/story?utm_source=x">', "https://a.com/story"),
        (b'<head><link rel="Canonical alternate" href="/s"></head>', "https://a.com/s"),
        (b'<head><link rel="stylesheet" href="/s.css"></head>', None),
        (b'<head><link rel="canonical" href=""></head>', None),
        (b"", None),
        (b"\x00\x01\x02binary", None),
    ],
)
def test_find_canonical_link_reads_link_rel(html: bytes, expected: str | None) -> None:
    assert find_canonical_link(html, base_url="https://a.com/page") == expected
