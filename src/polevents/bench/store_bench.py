"""Store benchmarks: bulk-load speed and a dyad's monthly series over many events.

``bench_bulk_load`` writes synthetic coded documents through the real write
path (``EventStore.write_results``: merging, mentions, counts, one transaction
per batch) and reports events per second. ``bench_dyad_series`` fills a store's
``events`` table with synthetic rows inside DuckDB (sorted by dyad and date, as
``compact_events`` leaves a store) and times the monthly series of one dyad.
"""

from __future__ import annotations

import gc
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from polevents.store.db import EventStore
from polevents.store.report import RunReport
from polevents.store.staging import StagedBatch, stage_results
from polevents.testing import make_article, make_event, make_raw
from polevents.types import DocumentResult

COUNTRIES = ("USA", "RUS", "CHN", "IRN", "ISR", "UKR", "FRA", "DEU", "GBR", "IND", "PAK", "TUR")
ROOTS = ("01", "02", "03", "04", "05", "06", "07", "08", "10", "11", "12", "13", "14", "17", "19")

DYAD_SERIES_SQL = """
SELECT date_trunc('month', event_date) AS month, count(*) AS events,
       sum(goldstein) AS goldstein, count(*) FILTER (WHERE quad_class = 4) AS material_conflict
FROM events WHERE source_code = ? AND target_code = ?
GROUP BY month ORDER BY month
"""


def synth_results(
    n_events: int, *, per_doc: int = 5, seed: int = 42, days: int = 730
) -> Iterator[DocumentResult]:
    """Yield documents with ``per_doc`` events each, about ``n_events`` in all (deterministic).

    As a news stream: documents come in publication order over ``days`` days,
    and each event is dated on its document's day or up to three days before.
    """
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    n_docs = max(1, n_events // per_doc)
    for i in range(n_docs):
        raw = make_raw(f"synth{i}.html", text=f"synthetic document {i} {seed}")
        published = start + timedelta(days=i * days // n_docs)
        article = make_article(raw, outlet=f"outlet{rng.randrange(40)}.example",
                               published_on=published)  # fmt: skip
        events = []
        for j in range(per_doc):
            src, tgt = rng.sample(COUNTRIES, 2)
            root = rng.choice(ROOTS)
            events.append(make_event(
                article, source=src + "GOV", target=tgt + "GOV", cameo_code=root + "0",
                event_date=published - timedelta(days=rng.randrange(4)), sentence_index=j,
                sentence=f"Sentence {j} of synthetic document {i}.", goldstein=0.0,
            ))  # fmt: skip
        yield DocumentResult(
            raw.doc, raw.origin, raw=raw, articles=(article,), events=tuple(events)
        )


def bench_bulk_load(
    n_events: int = 1_000_000, *, batch_size: int = 100_000, hold_s: float = 60.0
) -> dict[str, float]:
    """Bulk-load ``n_events`` synthetic events into a new store; return events/s and counts.

    Two figures: ``events_per_s`` times the store's load of batches staged
    beforehand as Arrow tables (``EventStore.write_staged``: what is new, the
    merge, mentions, counts, commit, the final checkpoint), as a worker or a
    reader of coded Parquet hands them over; ``write_results_events_per_s``
    times the same load from the pipeline's Python objects, staging included.
    Batches of ``batch_size`` documents (5 events each) give each table more
    than one row group of new rows, which DuckDB compresses and writes straight
    to the file on both cores; smaller ones go through the write-ahead log and
    are compressed at the checkpoint. ``hold_s`` keeps the connection between
    batches. The staged load runs first, on a quiet disk: the second load
    would otherwise share it with the write-back of the first file.
    """
    results = list(synth_results(n_events))
    batches = [stage_results(results[i : i + batch_size])
               for i in range(0, len(results), batch_size)]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        staged, staged_s = _load(Path(folder) / "staged.duckdb", batches, batch_size, hold_s)
        del batches
        gc.collect()
        report, objects_s = _load(Path(folder) / "objects.duckdb", results, batch_size, hold_s)
    assert (staged.events, staged.mentions) == (report.events, report.mentions)
    mentions = staged.mentions
    return {"events_in": float(mentions), "stored_events": float(staged.events),
            "batch_documents": float(batch_size), "seconds": round(staged_s, 3),
            "events_per_s": round(mentions / staged_s),
            "write_results_events_per_s": round(mentions / objects_s)}  # fmt: skip


def _load(path: Path, items: list, batch_size: int, hold_s: float) -> tuple[RunReport, float]:
    """Load ``items`` into a new store; time the write (its last commit and checkpoint included,
    the creation of the empty store not)."""
    with EventStore.open(path, read_only=False) as store:
        began = time.perf_counter()
        if items and isinstance(items[0], StagedBatch):
            report = store.write_staged(items, hold_s=hold_s)
        else:
            report = store.write_results(items, batch_size=batch_size, hold_s=hold_s)
        return report, time.perf_counter() - began


def fill_synthetic_events(path: Path, n_events: int, *, seed: int = 42) -> None:
    """Fill ``path``'s events table with ``n_events`` synthetic rows, sorted by dyad and day."""
    codes = ", ".join(f"'{c}GOV'" for c in COUNTRIES)
    with EventStore.open(path, read_only=False) as store, store._connect() as con:
        con.execute(f"SELECT setseed({(seed % 100) / 100})").fetchall()
        con.execute(
            f"""
            INSERT INTO events (event_id, global_id, event_date, source_code, target_code,
                                cameo_code, cameo_root, quad_class, goldstein, num_mentions,
                                num_sources, num_articles)
            WITH codes AS (SELECT [{codes}] AS c),
            raw AS (
              SELECT i, c[1 + (hash(i) % {len(COUNTRIES)})::INT] AS s,
                     c[1 + (hash(i * 7 + 1) % {len(COUNTRIES)})::INT] AS t,
                     DATE '2015-01-01' + (hash(i * 13 + 5) % 3650)::INT AS d,
                     1 + (hash(i * 3 + 2) % 20)::INT AS r
              FROM range({int(n_events)}) r(i), codes)
            SELECT 'syn' || i, i + 1, d, s, t, lpad(r::VARCHAR, 2, '0') || '0',
                   lpad(r::VARCHAR, 2, '0'), CASE WHEN r <= 5 THEN 1 WHEN r <= 9 THEN 2
                   WHEN r <= 14 THEN 3 ELSE 4 END, 0.0, 1, 1, 1
            FROM raw ORDER BY s, t, d
            """
        ).fetchall()


def bench_dyad_series(
    n_events: int = 10_000_000, *, runs: int = 5, path: Path | None = None
) -> dict[str, float]:
    """Time one dyad's monthly series over ``n_events`` stored events (median of ``runs``)."""
    with tempfile.TemporaryDirectory() as folder:
        target = path or Path(folder) / "dyad.duckdb"
        began = time.perf_counter()
        fill_synthetic_events(target, n_events)
        fill_s = time.perf_counter() - began
        store = EventStore.open(target)
        timings = []
        rows = 0
        for _ in range(runs):
            began = time.perf_counter()
            rows = len(store.query(DYAD_SERIES_SQL, ["USAGOV", "RUSGOV"]))
            timings.append(time.perf_counter() - began)
    return {"events": float(n_events), "fill_s": round(fill_s, 2), "months": float(rows),
            "median_s": round(statistics.median(timings), 4),
            "max_s": round(max(timings), 4)}  # fmt: skip


if __name__ == "__main__":  # pragma: no cover - manual run: python -m polevents.bench.store_bench
    print("bulk load:", bench_bulk_load())
    print("dyad series:", bench_dyad_series())
