"""`polevents ingest` killed with SIGKILL at several moments, then resumed, equals one clean run.

Each run is the real CLI in a subprocess (spaCy, lexicons, the DuckDB store), with
two documents per committed batch so that kills land before, between and inside
commits. The corpus ends with near-duplicate wire copies of earlier pages.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.reliability.corpus import write_news_corpus

POLEVENTS = Path(sys.executable).with_name("polevents")
PAGES, DUPLICATES = 36, 3  # coded 32 documents at a time: two bursts of commits
SEED = 20250301
SNAPSHOT = {
    "documents": "SELECT doc_id, doc, status, reason FROM documents ORDER BY doc_id",
    "articles": "SELECT article_id, doc_id, duplicate_of, body FROM articles ORDER BY article_id",
    "events": """SELECT event_id, global_id, cameo_code, source_code, target_code, num_mentions,
                        num_sources, num_articles FROM events ORDER BY event_id""",
    "mentions": """SELECT event_id, article_id, raw_event_id, sentence, via_duplicate
                   FROM mentions ORDER BY event_id, article_id, raw_event_id""",
}


def snapshot(store: Path) -> dict[str, list[tuple[object, ...]]]:
    """Everything a run leaves in the store, less run ids and clocks."""
    with duckdb.connect(str(store), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in SNAPSHOT.items()}


def start_ingest(corpus: Path, store: Path) -> subprocess.Popen[bytes]:
    command = [str(POLEVENTS), "ingest", str(corpus), "--db", str(store), "--batch-size", "2"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def documents_in(store: Path) -> int:
    try:
        with duckdb.connect(str(store), read_only=True) as con:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])  # type: ignore[index]
    except duckdb.Error:
        return 0  # not created yet, or the writer is committing


def kill_when(proc: subprocess.Popen[bytes], store: Path, *, documents: int, delay_s: float) -> int:
    """SIGKILL ``proc`` ``delay_s`` after the store holds ``documents``; return how many it held."""
    deadline = time.monotonic() + 120
    while documents_in(store) < documents and proc.poll() is None:
        assert time.monotonic() < deadline, "the ingest made no progress"
        time.sleep(0.005)
    time.sleep(delay_s)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return documents_in(store)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One clean run, and one run killed at three moments then resumed, on the same corpus."""
    rng = random.Random(SEED)
    tmp_path = tmp_path_factory.mktemp("crash")
    corpus = tmp_path / "in"
    write_news_corpus(corpus, pages=PAGES, duplicates=DUPLICATES)
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    run = start_ingest(corpus, clean)
    assert run.wait(timeout=300) == 0, run.stderr.read() if run.stderr else ""
    # Kill points: during start-up (before any commit), then after a random number of
    # stored documents plus a random few milliseconds (often inside the next commit).
    points = [(0, rng.uniform(0.5, 2.0))]
    points += [(rng.randint(1, 20), rng.uniform(0.0, 0.05)), (rng.randint(33, PAGES), 0.0)]
    held = [kill_when(start_ingest(corpus, crashed), crashed, documents=n, delay_s=delay_s)
            for n, delay_s in points]  # fmt: skip
    final = start_ingest(corpus, crashed)
    assert final.wait(timeout=300) == 0, final.stderr.read() if final.stderr else ""
    print(f"kill points {points}: store held {held} documents")  # for docs/reliability.md
    return {"clean": snapshot(clean), "crashed": snapshot(crashed), "held": held, "points": points}


@pytest.mark.slow
@pytest.mark.parametrize("table", ["documents", "articles"])
def test_ingest_killed_and_resumed_loses_and_repeats_nothing(stores: dict, table: str) -> None:
    """Same documents and articles (near-duplicate marks aside) as one clean run, no repeats."""
    held = stores["held"]
    assert held == sorted(held) and held[-1] < PAGES + DUPLICATES, held  # killed before the end
    drop_mark = (lambda row: row) if table == "documents" else (lambda row: row[:2] + row[3:])
    got = [drop_mark(row) for row in stores["crashed"][table]]
    assert got == [drop_mark(row) for row in stores["clean"][table]], stores["points"]
    assert len(set(got)) == len(got)


@pytest.mark.slow
@pytest.mark.parametrize("table", ["articles", "events", "mentions"])
def test_ingest_killed_and_resumed_equals_one_clean_run(stores: dict, table: str) -> None:
    assert stores["crashed"][table] == stores["clean"][table], stores["points"]
