"""Benchmark the HTTP API over loopback: ``/api/dyads/...`` p99 on a big store.

Fills a store with ``n_events`` synthetic events (``store_bench.fill_synthetic_events``),
starts ``polevents serve`` on it in a child process bound to 127.0.0.1 and
times sequential requests from this process with httpx, so every figure
includes HTTP, JSON, the connection and the query. (``api_latency`` measures the
app in-process, without the network.) Issue 8's target: p99 < 100 ms at 1M.

Run: ``python -m polevents.bench.api_bench [N_EVENTS] [REQUESTS]``.
"""

from __future__ import annotations

import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from polevents.bench.store_bench import fill_synthetic_events

__all__ = ["P99_TARGET_MS", "Latency", "measure", "run"]

P99_TARGET_MS = 100.0
_ACTORS = ("USA", "RUS", "CHN", "IRN", "UKR", "GBR", "ISR", "IND", "CHNGOV", "RUSGOV")


@dataclass(frozen=True, slots=True)
class Latency:
    """Milliseconds of ``requests`` calls to one endpoint: median, p95, p99 and worst."""

    name: str
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    def line(self) -> str:
        return (
            f"{self.name:<40} n={self.requests:<5} p50 {self.p50_ms:6.1f} ms  "
            f"p95 {self.p95_ms:6.1f} ms  p99 {self.p99_ms:6.1f} ms  max {self.max_ms:6.1f} ms"
        )


def measure(base_url: str, name: str, paths: list[str], *, timeout_s: float = 30.0) -> Latency:
    """Request each of ``paths`` in turn (after one warm-up) and return the latency figures."""
    with httpx.Client(base_url=base_url, timeout=timeout_s) as client:
        client.get(paths[0]).raise_for_status()
        seconds = []
        for path in paths:
            start = time.perf_counter()
            client.get(path).raise_for_status()
            seconds.append(time.perf_counter() - start)
    ms = sorted(s * 1000 for s in seconds)
    cut = statistics.quantiles(ms, n=100, method="inclusive")
    return Latency(name, len(ms), statistics.median(ms), cut[94], cut[98], ms[-1])


def run(n_events: int = 1_000_000, *, requests: int = 500, seed: int = 1) -> list[Latency]:
    """Build the store, serve it on loopback and time the dyad, events and status endpoints."""
    rng = random.Random(seed)
    pairs = [rng.sample(_ACTORS, 2) for _ in range(requests)]
    freqs = ("month", "week", "day")
    dyads = [f"/api/dyads/{a}/{b}?freq={freqs[i % 3]}" for i, (a, b) in enumerate(pairs)]
    events = [f"/api/events?source={a}&target={b}&limit=100" for a, b in pairs]
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "bench.duckdb"
        fill_synthetic_events(store, n_events)
        port = _free_port()
        command = [sys.executable, "-m", "polevents", "serve", "--db", str(store)]
        server = subprocess.Popen(
            [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base)
            return [
                measure(base, f"GET /api/dyads ({n_events:,} events)", dyads),
                measure(base, f"GET /api/events dyad ({n_events:,})", events[: requests // 2]),
                measure(base, "GET /api/status", ["/api/status"] * max(20, requests // 10)),
            ]
        finally:
            server.terminate()
            server.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(base: str, *, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"polevents serve did not answer on {base}")


def main(argv: list[str] | None = None) -> None:
    """Print the latencies (the library does not print; this is the script entry)."""
    args = sys.argv[1:] if argv is None else argv
    n_events = int(args[0]) if args else 1_000_000
    requests = int(args[1]) if len(args) > 1 else 500
    for latency in run(n_events, requests=requests):
        sys.stdout.write(latency.line() + "\n")
    sys.stdout.write(f"target: /api/dyads p99 < {P99_TARGET_MS:.0f} ms\n")


if __name__ == "__main__":
    main()
