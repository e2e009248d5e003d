"""Polite fetching over httpx: one ``FetchOutcome`` per URL, never an exception.

Politeness: a User-Agent naming polevents, robots.txt honoured (with its
Crawl-delay), requests to one host spaced by ``delay_s`` and at most
``per_host`` in flight, retries with exponential backoff on 429/5xx and network
errors (honouring Retry-After), redirects followed by hand so that every hop is
checked for scheme, robots and loops, conditional requests (ETag /
Last-Modified), and bodies read by streaming up to ``max_bytes``.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from polevents.collect.feeds import FEED_CONTENT_TYPES
from polevents.collect.limits import Clock, HostLimiter, Sleep, backoff_s, parse_retry_after
from polevents.collect.robots import RobotsCache
from polevents.collect.urls import canonicalize_url, find_canonical_link, host_of
from polevents.errors import CollectError
from polevents.settings import Settings

log = logging.getLogger(__name__)

FetchStatus = Literal["fetched", "not_modified", "robots", "failed", "too_large", "bad_type"]
FetchKind = Literal["page", "feed", "any"]

DEFAULT_USER_AGENT = "polevents/0.1 (news event coding; robots.txt honoured)"
PAGE_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
ACCEPTED_TYPES: dict[FetchKind, frozenset[str]] = {
    "page": PAGE_CONTENT_TYPES,
    "feed": FEED_CONTENT_TYPES | PAGE_CONTENT_TYPES | {"application/octet-stream"},
    "any": FEED_CONTENT_TYPES | PAGE_CONTENT_TYPES | {"application/octet-stream"},
}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_ROBOTS_BYTES = 512_000


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOutcome:
    """What happened to one URL; ``body`` is set only when ``status`` is ``fetched``."""

    url: str
    final_url: str
    canonical_url: str | None
    status: FetchStatus
    fetched_at: datetime
    http_status: int | None = None
    reason: str = ""
    content_type: str | None = None
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """A URL to fetch, what it is expected to be, and its validators from last time."""

    url: str
    kind: FetchKind = "any"
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Politeness and robustness limits of a ``Fetcher``."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout_s: float = 15.0
    max_total_s: float = 120.0
    retries: int = 3
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    max_retry_after_s: float = 300.0
    delay_s: float = 1.0
    per_host: int = 2
    workers: int = 8
    max_redirects: int = 5
    max_bytes: int = 5_000_000

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        """Build the policy from the ``fetch_*`` settings and ``max_page_bytes``."""
        return cls(
            user_agent=settings.user_agent,
            timeout_s=settings.fetch_timeout_s,
            retries=settings.fetch_retries,
            delay_s=settings.fetch_delay_s,
            per_host=settings.fetch_per_host,
            workers=settings.fetch_workers,
            max_redirects=settings.fetch_max_redirects,
            max_bytes=settings.max_page_bytes,
        )


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    headers: httpx.Headers
    body: bytes | None = None
    problem: Literal["", "too_large", "bad_type"] = ""


class _Failure(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


class Fetcher:
    """Fetch URLs politely; use as a context manager so the connections are closed."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._clock = clock
        self._now = now or (lambda: datetime.now(UTC))
        self._client = httpx.Client(
            headers={"User-Agent": self.policy.user_agent},
            timeout=httpx.Timeout(self.policy.timeout_s),
            follow_redirects=False,
            max_redirects=self.policy.max_redirects,
            limits=httpx.Limits(max_connections=self.policy.workers),
            transport=transport,
        )
        self._limiter = HostLimiter(
            delay_s=self.policy.delay_s, per_host=self.policy.per_host, clock=clock, sleep=sleep
        )
        self._robots = RobotsCache(self._load_robots)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def fetch_many(self, requests: Iterable[FetchRequest]) -> Iterator[FetchOutcome]:
        """Fetch many URLs on ``policy.workers`` threads; outcomes come in request order.

        Requests are taken a few batches at a time, so a slow consumer never has
        more than ``4 * workers`` bodies waiting in memory.
        """
        pool = ThreadPoolExecutor(max_workers=self.policy.workers, thread_name_prefix="fetch")
        pending = iter(requests)
        try:
            while batch := list(itertools.islice(pending, 4 * self.policy.workers)):
                yield from pool.map(self.fetch, batch)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def fetch(self, request: FetchRequest | str) -> FetchOutcome:
        """Fetch one URL, following redirects; failures become outcomes, not exceptions."""
        req = FetchRequest(request) if isinstance(request, str) else request
        current = req.url.strip()
        seen: set[str] = set()
        for _hop in range(self.policy.max_redirects + 1):
            try:
                key = canonicalize_url(current)
            except CollectError as exc:
                return self._outcome(req, current, "failed", reason=exc.reason)
            current = current.split("#", 1)[0]
            if key in seen:
                return self._outcome(req, current, "failed", reason="redirect_loop")
            seen.add(key)
            origin = _origin(current)
            rules = self._robots.rules_for(origin)
            if rules.unreachable:
                return self._outcome(req, current, "failed", reason="network")
            if not rules.allows(current):
                return self._outcome(req, current, "robots", reason=rules.reason)
            try:
                reply = self._get(current, req, crawl_delay_s=rules.crawl_delay_s)
            except _Failure as exc:
                return self._outcome(req, current, "failed", reason=exc.reason)
            location = reply.headers.get("location")
            if reply.status in REDIRECT_STATUSES and location:
                current = urljoin(current, location.strip())
                continue
            return self._finish(req, current, reply)
        return self._outcome(req, current, "failed", reason="too_many_redirects")

    def _finish(self, req: FetchRequest, url: str, reply: _Reply) -> FetchOutcome:
        headers = reply.headers
        ctype = _media_type(headers)
        common = {
            "http_status": reply.status,
            "content_type": ctype,
            "etag": headers.get("etag") or None,
            "last_modified": headers.get("last-modified") or None,
            "headers": tuple(headers.multi_items()),
        }
        if reply.status == 304:
            common["etag"] = common["etag"] or req.etag
            common["last_modified"] = common["last_modified"] or req.last_modified
            return self._outcome(req, url, "not_modified", reason="not_modified", **common)
        if reply.problem:
            return self._outcome(req, url, reply.problem, reason=reply.problem, **common)
        if reply.status >= 300 or reply.body is None:
            return self._outcome(req, url, "failed", reason=f"http_{reply.status}", **common)
        canonical = None
        if ctype in (None, "text/html", "application/xhtml+xml"):
            canonical = find_canonical_link(reply.body, base_url=url)
        return replace(
            self._outcome(req, url, "fetched", body=reply.body, **common),
            canonical_url=canonical or canonicalize_url(url),
        )

    def _outcome(
        self, req: FetchRequest, final_url: str, status: FetchStatus, **fields: object
    ) -> FetchOutcome:
        try:
            canonical: str | None = canonicalize_url(final_url)
        except CollectError:
            canonical = None
        return FetchOutcome(
            url=req.url,
            final_url=final_url,
            canonical_url=canonical,
            status=status,
            fetched_at=self._now(),
            **fields,  # type: ignore[arg-type]
        )

    def _get(self, url: str, req: FetchRequest, *, crawl_delay_s: float | None) -> _Reply:
        """GET with retries; raise ``_Failure`` when no HTTP answer came at all."""
        headers = {}
        if req.etag:
            headers["If-None-Match"] = req.etag
        if req.last_modified:
            headers["If-Modified-Since"] = req.last_modified
        host = host_of(url)
        policy = self.policy
        for attempt in range(policy.retries + 1):
            failure: _Failure | None = None
            reply: _Reply | None = None
            with self._limiter.slot(host, delay_s=crawl_delay_s):
                try:
                    reply = self._stream(url, headers, accept=ACCEPTED_TYPES[req.kind])
                except httpx.TimeoutException as exc:
                    failure = _Failure("timeout", str(exc))
                except (httpx.TransportError, httpx.StreamError) as exc:
                    failure = _Failure("network", f"{type(exc).__name__}: {exc}")
                except (httpx.InvalidURL, ValueError) as exc:
                    raise _Failure("bad_url", str(exc)) from exc
            if reply is not None and reply.status not in RETRY_STATUSES:
                return reply
            if attempt == policy.retries:
                break
            wait = backoff_s(attempt, base_s=policy.backoff_s, max_s=policy.max_backoff_s)
            if reply is not None and reply.status in (429, 503):
                asked = parse_retry_after(reply.headers.get("retry-after"))
                if asked is not None and asked > policy.max_retry_after_s:
                    return reply
                wait = max(wait, asked or 0.0)
            log.info("retrying %s in %.1fs (%s)", url, wait, reply.status if reply else failure)
            self._limiter.defer(host, wait)  # the next slot for this host waits it out
        if reply is not None:
            return reply
        raise failure or _Failure("network")

    def _stream(self, url: str, headers: dict[str, str], *, accept: frozenset[str]) -> _Reply:
        started = self._clock()
        with self._client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if not 200 <= status < 300:
                return _Reply(status, response.headers)
            ctype = _media_type(response.headers)
            if ctype is not None and ctype not in accept:
                return _Reply(status, response.headers, problem="bad_type")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.policy.max_bytes:
                return _Reply(status, response.headers, problem="too_large")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.policy.max_bytes:
                    return _Reply(status, response.headers, problem="too_large")
                if self._clock() - started > self.policy.max_total_s:
                    raise httpx.ReadTimeout("body took longer than max_total_s")
                chunks.append(chunk)
            return _Reply(status, response.headers, b"".join(chunks))

    def _load_robots(self, robots_url: str) -> tuple[int | None, str]:
        """Fetch one robots.txt (redirects followed, 512 KB read at most)."""
        try:
            with (
                self._limiter.slot(host_of(robots_url)),
                self._client.stream("GET", robots_url, follow_redirects=True) as response,
            ):
                body = b""
                if response.status_code == 200:
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) >= MAX_ROBOTS_BYTES:
                            break
                return response.status_code, body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        except (httpx.HTTPError, httpx.StreamError, httpx.InvalidURL) as exc:
            log.warning(
                "robots.txt %s unreachable (%s): host treated as disallowed", robots_url, exc
            )
            return None, ""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{host_of(url)}"


def _media_type(headers: httpx.Headers) -> str | None:
    value = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return value or None
