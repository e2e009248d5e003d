"""Per-host politeness: a rate limit, a concurrency limit, and backoff times.

The clock and the sleep are injected so tests can check the waits without
waiting for them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class HostLimiter:
    """Space out request starts to one host by ``delay_s`` and cap those in flight."""

    def __init__(
        self,
        *,
        delay_s: float,
        per_host: int,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        self._delay_s = delay_s
        self._per_host = per_host
        self._clock = clock
        self._sleep = sleep
        self._guard = threading.Lock()
        self._next_start: dict[str, float] = {}
        self._slots: dict[str, threading.Semaphore] = {}

    @contextmanager
    def slot(self, host: str, *, delay_s: float | None = None) -> Iterator[None]:
        """Hold one of ``host``'s slots, waiting for it and for the host's next start time."""
        with self._guard:
            semaphore = self._slots.setdefault(host, threading.Semaphore(self._per_host))
        semaphore.acquire()
        try:
            with self._guard:
                now = self._clock()
                start = max(now, self._next_start.get(host, now))
                gap = self._delay_s if delay_s is None else max(delay_s, self._delay_s)
                self._next_start[host] = start + gap
            if start > now:
                self._sleep(start - now)
            yield
        finally:
            semaphore.release()

    def defer(self, host: str, wait_s: float) -> None:
        """Push ``host``'s next start at least ``wait_s`` from now (after a 429 or 503)."""
        with self._guard:
            until = self._clock() + wait_s
            self._next_start[host] = max(self._next_start.get(host, until), until)


def backoff_s(attempt: int, *, base_s: float, max_s: float) -> float:
    """Return the exponential backoff before retry number ``attempt`` (0-based).

    >>> [backoff_s(n, base_s=1.0, max_s=5.0) for n in range(4)]
    [1.0, 2.0, 4.0, 5.0]
    """
    return float(min(max_s, base_s * (2**attempt)))


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Parse a Retry-After header (seconds or an HTTP date) to seconds from now.

    >>> parse_retry_after("7"), parse_retry_after("soon")
    (7.0, None)
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT",
    ...                   now=datetime(2015, 10, 21, 7, 28, tzinfo=UTC))
    30.0
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())
