"""Canonical URLs, so that one article is not stored under ten addresses.

A URL is canonicalised by lowercasing the scheme and host, dropping the default
port, the fragment and tracking parameters (``utm_*``, ``fbclid``, ``gclid``...),
and sorting what is left of the query. Only ``http`` and ``https`` are allowed.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from polevents.errors import CollectError

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "ns_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "cmpid",
        "smid",
        "smtyp",
        "ito",
        "sr_share",
        "s_cid",
        "ref_src",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_CANONICAL_SCAN_BYTES = 512_000


def canonicalize_url(url: str, *, base: str | None = None) -> str:
    """Return the canonical form of ``url`` (resolved against ``base`` when relative).

    User names and passwords in the URL are dropped, never stored.

    >>> canonicalize_url("HTTPS://News.Example.COM:443/a?utm_source=x&b=2&a=1#top")
    'https://news.example.com/a?a=1&b=2'

    Raises:
        CollectError: the URL is not http(s) (``bad_scheme``) or has no host (``bad_url``).
    """
    text = url.strip()
    if base is not None:
        text = urljoin(base, text)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise CollectError(f"not a valid URL: {url!r}", reason="bad_url", doc=url) from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise CollectError(
            f"only http and https are fetched: {url!r}", reason="bad_scheme", doc=url
        )
    host = (parts.hostname or "").rstrip(".")
    if not host or any(ch.isspace() for ch in host):
        raise CollectError(f"URL has no host: {url!r}", reason="bad_url", doc=url)
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keeps(k))
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def is_http_url(url: str) -> bool:
    """Tell whether ``url`` is an absolute http(s) URL with a host.

    >>> is_http_url("ftp://example.com/x"), is_http_url("https://example.com")
    (False, True)
    """
    try:
        canonicalize_url(url)
    except CollectError:
        return False
    return True


def host_of(url: str) -> str:
    """Return the ``host[:port]`` key that rate limits and robots.txt are kept by.

    >>> host_of("https://Example.com:8443/x")
    'example.com:8443'
    """
    return urlsplit(canonicalize_url(url)).netloc


def find_canonical_link(body: bytes, *, base_url: str) -> str | None:
    """Return the canonicalised ``<link rel=canonical>`` of an HTML page, or None.

    A missing, empty, unparsable or non-http(s) canonical link gives None, so the
    page keeps the canonical form of the URL it was fetched from.
    """
    head = body[:_CANONICAL_SCAN_BYTES]
    if not head.strip():
        return None
    try:
        root = lxml.html.document_fromstring(head)
    except (etree.ParserError, ValueError):
        return None
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rels and href:
            try:
                return canonicalize_url(href, base=base_url)
            except CollectError:
                log.debug("ignoring canonical link %r on %s", href, base_url)
                return None
    return None


def _keeps(key: str) -> bool:
    lowered = key.lower()
    return lowered not in TRACKING_PARAMS and not lowered.startswith(TRACKING_PREFIXES)
