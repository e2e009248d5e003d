"""Per-host rate and concurrency limits, backoff and Retry-After."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from polevents.collect.limits import HostLimiter, backoff_s, parse_retry_after

if TYPE_CHECKING:
    from tests.collect.conftest import FakeClock


@pytest.mark.parametrize(
    ("hosts", "expected_sleeps"),
    [
        (["a", "a", "a"], [2.0, 2.0]),
        (["a", "b", "a"], [2.0]),
        (["a", "b", "c"], []),
    ],
)
def test_host_limiter_spaces_requests_to_one_host(
    clock: FakeClock, hosts: list[str], expected_sleeps: list[float]
) -> None:
    limiter = HostLimiter(delay_s=2.0, per_host=1, clock=clock, sleep=clock.sleep)
    for host in hosts:
        with limiter.slot(host):
            pass
    assert clock.sleeps == expected_sleeps


@pytest.mark.parametrize("per_host", [1, 2])
def test_host_limiter_caps_requests_in_flight(per_host: int) -> None:
    limiter = HostLimiter(delay_s=0.0, per_host=per_host)
    lock = threading.Lock()
    in_flight = peak = 0

    def work() -> None:
        nonlocal in_flight, peak
        with limiter.slot("a"):
            with lock:
                in_flight += 1
                peak = max(peak, in_flight)
            time.sleep(0.02)
            with lock:
                in_flight -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == per_host


@pytest.mark.parametrize(("crawl_delay", "expected"), [(5.0, [5.0]), (0.5, [2.0])])
def test_host_limiter_uses_larger_of_delay_and_crawl_delay(
    clock: FakeClock, crawl_delay: float, expected: list[float]
) -> None:
    limiter = HostLimiter(delay_s=2.0, per_host=1, clock=clock, sleep=clock.sleep)
    for _ in range(2):
        with limiter.slot("a", delay_s=crawl_delay):
            pass
    assert clock.sleeps == expected


@pytest.mark.parametrize("wait", [3.0, 10.0])
def test_host_limiter_defer_delays_next_start(clock: FakeClock, wait: float) -> None:
    limiter = HostLimiter(delay_s=0.0, per_host=1, clock=clock, sleep=clock.sleep)
    limiter.defer("a", wait)
    with limiter.slot("a"):
        pass
    assert clock.sleeps == [wait]


@pytest.mark.parametrize(("attempt", "expected"), [(0, 0.5), (1, 1.0), (2, 2.0), (10, 8.0)])
def test_backoff_s_doubles_up_to_cap(attempt: int, expected: float) -> None:
    assert backoff_s(attempt, base_s=0.5, max_s=8.0) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("Mon, 01 Jan 2024 00:01:00 GMT", 60.0),
        ("Sun, 31 Dec 2023 00:00:00 GMT", 0.0),
        ("-5", None),
        ("", None),
        (None, None),
        ("tomorrow", None),
    ],
)
def test_parse_retry_after_reads_seconds_and_dates(
    value: str | None, expected: float | None
) -> None:
    assert parse_retry_after(value, now=datetime(2024, 1, 1, tzinfo=UTC)) == expected
