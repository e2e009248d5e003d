"""Fixtures for collect tests: a local HTTP server on 127.0.0.1 and fetchers that never sleep."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer

from polevents.collect.fetch import Fetcher, FetchPolicy


@pytest.fixture(scope="module")
def local_server() -> Iterator[HTTPServer]:
    """One threaded server per module, bound to 127.0.0.1 only."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def bare_site(local_server: HTTPServer) -> HTTPServer:
    """The server with no handlers at all (tests that serve their own robots.txt)."""
    local_server.clear()
    return local_server


@pytest.fixture
def site(bare_site: HTTPServer) -> HTTPServer:
    """The server with no robots.txt (404), so every path may be fetched."""
    bare_site.expect_request("/robots.txt").respond_with_data("", status=404)
    return bare_site


class FakeClock:
    """A monotonic clock that only moves when something sleeps; records the sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sleeps(clock: FakeClock) -> list[float]:
    return clock.sleeps


@pytest.fixture
def make_fetcher(clock: FakeClock) -> Iterator[Callable[..., Fetcher]]:
    """Build fetchers with no politeness delay and a sleep that only records."""
    made: list[Fetcher] = []

    def build(**policy: object) -> Fetcher:
        fields: dict[str, object] = {
            "delay_s": 0.0,
            "backoff_s": 0.01,
            "retries": 2,
            "timeout_s": 2.0,
            "workers": 4,
        }
        fields.update(policy)
        policy = FetchPolicy(**fields)  # type: ignore[arg-type]
        fetcher = Fetcher(policy, clock=clock, sleep=clock.sleep)
        made.append(fetcher)
        return fetcher

    yield build
    for fetcher in made:
        fetcher.close()
