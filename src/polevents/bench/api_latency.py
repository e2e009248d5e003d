"""API benchmark: latency of the read endpoints over a store of a million events.

The store is filled in SQL (``store_bench.fill_synthetic_events``); requests go
through FastAPI's in-process ``TestClient``, so the figure is the app's own
time (routing, query, serialisation) without a network. The p99 is taken over
every request of a fixed, mixed list: event lists by dyad, by root and by
window, a cursor page, a dyad series and the status.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from polevents.bench.store_bench import fill_synthetic_events

__all__ = ["REQUESTS", "bench_api"]

REQUESTS: tuple[str, ...] = (
    "/api/events?source=USA&target=RUS&limit=100",
    "/api/events?source=CHN&root=04&limit=50",
    "/api/events?since=2020-01-01&until=2020-03-31&limit=100",
    "/api/events?source=IRN&direction=both&target=ISR&quad_class=4&limit=100",
    "/api/dyads/USA/RUS?freq=month",
    "/api/dyads/CHNGOV/IND?freq=week",
    "/api/status",
)


def bench_api(n_events: int = 1_000_000, *, rounds: int = 30) -> dict[str, float]:
    """Return p50/p99/max milliseconds of ``REQUESTS`` (``rounds`` times each, after a warm-up).

    Raises:
        AssertionError: an endpoint did not answer 200 (the figure would mean nothing).
    """
    from fastapi.testclient import TestClient

    from polevents.api import create_app
    from polevents.settings import load_settings

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "api.duckdb"
        fill_synthetic_events(path, n_events)
        client = TestClient(create_app(load_settings(db_path=path)))
        for url in REQUESTS:
            answer = client.get(url)
            assert answer.status_code == 200, (url, answer.status_code, answer.text[:200])
        timings: list[float] = []
        for _ in range(rounds):
            for url in REQUESTS:
                began = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, round(0.99 * (len(timings) - 1)))]
    return {"api_p99_ms": round(p99, 1), "api_p50_ms": round(statistics.median(timings), 1),
            "api_max_ms": round(timings[-1], 1), "api_requests": float(len(timings)),
            "api_events": float(n_events)}  # fmt: skip


if __name__ == "__main__":  # pragma: no cover - manual run
    print(bench_api())
