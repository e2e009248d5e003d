"""robots.txt rules, fetched once per host and kept for the life of a ``Fetcher``.

Follows RFC 9309: a robots.txt that is missing (any 4xx) allows everything; one
that cannot be read (5xx, network error) forbids everything for now, because
the site may be overloaded. Rules are matched on the product token ``polevents``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

log = logging.getLogger(__name__)

ROBOTS_AGENT = "polevents"
MAX_CRAWL_DELAY_S = 30.0

RobotsLoader = Callable[[str], tuple[int | None, str]]
"""Fetch a robots.txt URL; return (HTTP status or None on a network error, text)."""


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The parsed robots.txt of one host."""

    parser: RobotFileParser
    crawl_delay_s: float | None = None
    reason: str = "robots_disallowed"
    unreachable: bool = False

    def allows(self, url: str) -> bool:
        """Tell whether ``url`` may be fetched by polevents."""
        return self.parser.can_fetch(ROBOTS_AGENT, url)


def parse_robots(status: int | None, text: str) -> RobotsRules:
    """Build the rules from a robots.txt response (status None: unreachable).

    >>> parse_robots(200, "User-agent: *\\nDisallow: /private").allows("http://a.b/private/x")
    False
    >>> parse_robots(404, "").allows("http://a.b/anything")
    True
    >>> parse_robots(503, "").allows("http://a.b/anything")
    False
    """
    parser = RobotFileParser()
    if status is None or status >= 500 or status == 429:
        parser.disallow_all = True
        return RobotsRules(parser, reason="robots_unavailable", unreachable=status is None)
    if status >= 400:
        parser.allow_all = True
        return RobotsRules(parser)
    parser.parse(text.splitlines())
    delay = parser.crawl_delay(ROBOTS_AGENT)
    crawl_delay = min(float(delay), MAX_CRAWL_DELAY_S) if delay is not None else None
    return RobotsRules(parser, crawl_delay)


class RobotsCache:
    """robots.txt rules per ``scheme://host``, loaded on first use (thread-safe)."""

    def __init__(self, loader: RobotsLoader) -> None:
        self._loader = loader
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules_for(self, origin: str) -> RobotsRules:
        """Return the rules of ``origin`` (``scheme://host[:port]``), loading them once."""
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            rules = self._rules.get(origin)
            if rules is None:
                status, text = self._loader(f"{origin}/robots.txt")
                log.debug("robots.txt of %s: status %s", origin, status)
                rules = parse_robots(status, text)
                self._rules[origin] = rules
            return rules
