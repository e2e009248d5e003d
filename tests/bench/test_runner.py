"""``polevents bench``: the results object, its table, its file; the peak-memory child."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polevents.bench import api_latency, pipeline_bench, runner, store_bench
from polevents.bench.child import in_child
from polevents.bench.pipeline_bench import EndToEnd, stream_pages


@pytest.fixture
def fake_benches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace each benchmark by a constant, so the assembly is tested in milliseconds."""
    e2e = EndToEnd(10, 12, 1000, 30, pipeline_s=2.0, clean_s=0.5, spacy_s=1.5)
    monkeypatch.setattr(pipeline_bench, "bench_end_to_end", lambda pages: e2e)
    monkeypatch.setattr(pipeline_bench, "bench_dask_scaling", lambda pages: {"dask_2v1": 1.8})
    monkeypatch.setattr(pipeline_bench, "measure_peak_rss",
                        lambda sizes: {str(n): {"peak_rss_mb": 500.0 + n / 1000}
                                       for n in sizes})  # fmt: skip
    monkeypatch.setattr(store_bench, "bench_bulk_load",
                        lambda n, batch_size, hold_s: {"events_per_s": 123456.0})  # fmt: skip
    monkeypatch.setattr(store_bench, "bench_dyad_series", lambda n: {"median_s": 0.1})
    monkeypatch.setattr(api_latency, "bench_api", lambda n, rounds: {"api_p99_ms": 42.0})


@pytest.mark.parametrize("quick", [True, False])
def test_run_benchmarks_has_the_issue_keys_first(fake_benches: None, quick: bool) -> None:
    results = runner.run_benchmarks(quick=quick, isolate=False)
    assert list(results)[: len(runner.KEYS)] == list(runner.KEYS)
    assert results["end_to_end_vs_spacy"] == 0.75
    assert results["pages_per_s"] == 5.0 and results["words_per_s"] == 500
    sizes = runner.Sizes.of(quick=quick).rss_pages
    assert results["peak_rss_mb_by_pages"] == {str(n): 500.0 + n / 1000 for n in sizes}
    assert results["peak_rss_mb"] == 500.0 + max(sizes) / 1000


@pytest.mark.parametrize("fmt", ["json"])
def test_write_results_round_trips_and_table_names_every_key(
    fake_benches: None, tmp_path: Path, fmt: str
) -> None:
    results = runner.run_benchmarks(quick=True, isolate=False)
    path = runner.write_results(results, tmp_path / "bench" / f"results.{fmt}")
    assert json.loads(path.read_text(encoding="utf-8")) == results
    table = runner.render_table(results)
    assert all(f"`{key}`" in table for key in runner.KEYS)


@pytest.mark.parametrize("n_events", [500])
def test_in_child_runs_a_benchmark_in_a_fresh_process(n_events: int) -> None:
    found = in_child(store_bench.bench_bulk_load, n_events, batch_size=50, hold_s=1.0)
    assert found["events_in"] == n_events and found["events_per_s"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("checkpoints", [(3, 6)])
def test_stream_pages_reports_peak_rss_at_each_checkpoint(checkpoints: tuple[int, int]) -> None:
    found = stream_pages(checkpoints)
    assert list(found) == [str(n) for n in checkpoints]
    first, last = (found[str(n)] for n in checkpoints)
    assert (first["pages"], last["pages"]) == checkpoints
    assert 0 < first["events"] <= last["events"]
    assert 50 < first["peak_rss_mb"] <= last["peak_rss_mb"] < 1500
