"""``polevents bench``: every benchmark in one run, as one JSON object.

The keys of the issue come first (``KEYS``); the rest are the figures they are
made of. Ratios are used where the machine's noise would blur an absolute
figure (other processes share the cores). ``--quick`` keeps the run to minutes
by using fewer pages; the event counts of the store and API benchmarks are
the same in both modes, since they cost little.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from polevents.bench.child import in_child

__all__ = ["GOALS", "KEYS", "Sizes", "render_table", "run_benchmarks", "write_results"]

KEYS = (
    "end_to_end_vs_spacy", "dask_2v1", "peak_rss_mb", "duckdb_load_events_per_s",
    "dyad_query_10m_s", "api_p99_ms", "pages_per_s", "words_per_s",
)  # fmt: skip
GOALS: dict[str, str] = {
    "end_to_end_vs_spacy": ">= 0.75", "dask_2v1": ">= 1.7", "peak_rss_mb": "< 1500, flat",
    "duckdb_load_events_per_s": ">= 100000", "dyad_query_10m_s": "< 0.5",
    "api_p99_ms": "< 100",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Sizes:
    """How much each benchmark processes."""

    e2e_pages: int
    dask_pages: int
    rss_pages: tuple[int, int]
    load_events: int
    dyad_events: int
    api_events: int
    api_rounds: int

    @classmethod
    def of(cls, *, quick: bool) -> Sizes:
        if quick:
            return cls(150, 320, (1_000, 10_000), 1_000_000, 10_000_000, 1_000_000, 10)
        return cls(600, 800, (10_000, 100_000), 1_000_000, 10_000_000, 1_000_000, 30)


def run_benchmarks(
    *, quick: bool, on_step: Callable[[str], None] | None = None, isolate: bool = True
) -> dict[str, object]:
    """Run every benchmark and return the results object (``KEYS`` first).

    Args:
        quick: fewer pages (a few minutes) instead of the full sizes.
        on_step: told the name of each benchmark as it starts (for a progress line).
        isolate: run the Dask, store and API benchmarks in fresh processes, so the
            objects left by earlier benchmarks (spaCy, Dask) do not slow their garbage
            collection (measured: 9.4k instead of 15k events/s in one process; the
            Dask driver unpickles every result, 52.6 instead of 62 pages/s on 2 workers).
    """
    from polevents.bench.api_latency import bench_api
    from polevents.bench.pipeline_bench import (
        bench_dask_scaling,
        bench_end_to_end,
        measure_peak_rss,
    )
    from polevents.bench.store_bench import bench_bulk_load, bench_dyad_series

    sizes = Sizes.of(quick=quick)
    step = on_step or (lambda name: None)
    call = in_child if isolate else _here
    step("end_to_end_vs_spacy")
    e2e = bench_end_to_end(sizes.e2e_pages).as_dict()
    step("dask_2v1")
    dask = call(bench_dask_scaling, sizes.dask_pages)
    step(f"peak_rss_mb ({' and '.join(f'{n:,}' for n in sizes.rss_pages)} pages, one stream)")
    rss = measure_peak_rss(sizes.rss_pages)
    step("duckdb_load_events_per_s")
    load = call(bench_bulk_load, sizes.load_events, batch_size=100_000, hold_s=60.0)
    step("dyad_query_10m_s")
    dyad = call(bench_dyad_series, sizes.dyad_events)
    step("api_p99_ms")
    api = call(bench_api, sizes.api_events, rounds=sizes.api_rounds)
    largest = rss[str(max(sizes.rss_pages))]
    results: dict[str, object] = {
        "end_to_end_vs_spacy": e2e["end_to_end_vs_spacy"],
        "dask_2v1": dask["dask_2v1"],
        "peak_rss_mb": largest["peak_rss_mb"],
        "duckdb_load_events_per_s": load["events_per_s"],
        "dyad_query_10m_s": dyad["median_s"],
        "api_p99_ms": api["api_p99_ms"],
        "pages_per_s": e2e["pages_per_s"],
        "words_per_s": e2e["words_per_s"],
        "peak_rss_mb_by_pages": {k: v["peak_rss_mb"] for k, v in rss.items()},
        "goals": GOALS,
        "quick": quick,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "details": {
            "end_to_end": e2e,
            "dask": dask,
            "rss": rss,
            "bulk_load": load,
            "dyad_series": dyad,
            "api": api,
        },
    }
    return results


def _here(
    func: Callable[..., dict[str, float]], *args: object, **kwargs: object
) -> dict[str, float]:
    return func(*args, **kwargs)


def machine() -> dict[str, object]:
    """Describe this machine: CPU, cores, load when measured, Python, platform."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle
                        if line.startswith("model name")), cpu)  # fmt: skip
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"cpu": cpu, "cores": os.cpu_count(), "load_1min": load,
            "python": platform.python_version(), "platform": platform.platform()}  # fmt: skip


def write_results(results: dict[str, object], path: Path) -> Path:
    """Write the results object as indented JSON to ``path`` (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return path


def render_table(results: dict[str, object]) -> str:
    """Return the headline figures as a Markdown table (for the terminal and docs/scale.md)."""
    lines = ["| figure | value | goal |", "| --- | --- | --- |"]
    for key in KEYS:
        lines.append(f"| `{key}` | {results.get(key)} | {GOALS.get(key, '')} |")
    by_pages = results.get("peak_rss_mb_by_pages")
    if isinstance(by_pages, dict):
        shown = ", ".join(f"{int(k):,} pages: {v} MB" for k, v in by_pages.items())
        lines.append(f"| peak RSS by corpus size | {shown} | flat |")
    box = results.get("machine")
    if isinstance(box, dict):
        lines.append(f"\nMeasured {results.get('date')} on {box.get('cpu')}, "
                     f"{box.get('cores')} cores, 1-minute load {box.get('load_1min')} "
                     f"({'quick' if results.get('quick') else 'full'} run).")  # fmt: skip
    return "\n".join(lines)
