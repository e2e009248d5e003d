"""Ingest: unseen-document filter and resuming after ``kill -9``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import polevents
from polevents.store.db import EventStore
from polevents.store.ingest import iter_unseen
from polevents.testing import make_raw, make_skip, make_store, small_results

_WRITER = """
import sys, time
from datetime import date, timedelta
from polevents.store.db import EventStore
from polevents.testing import FIXED_NOW, make_result

def results():
    for i in range(60):
        yield make_result(f"doc{i}.html", outlet=f"outlet{i % 7}.com",
                          event_date=date(2024, 1, 1) + timedelta(days=i // 5),
                          cameo_code=("042", "043", "190")[i % 3], events=2)

with EventStore.open(sys.argv[1], read_only=False) as store:
    slow = sys.argv[2] == "slow"
    store.write_results(results(), batch_size=6, now=FIXED_NOW,
                        on_progress=(lambda n: time.sleep(0.05)) if slow else None)
"""

_SNAPSHOT = """SELECT event_id, global_id, num_mentions, num_sources, num_articles
               FROM events ORDER BY global_id"""


def _run(path: Path, mode: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", _WRITER, str(path), mode])


@pytest.mark.parametrize("known", [0, 2])
def test_iter_unseen_drops_stored_documents(tmp_path: Path, known: int) -> None:
    path = make_store(tmp_path)
    stored = [r.raw for r in small_results() if r.raw][:known]
    new = [make_raw(f"new{i}.html") for i in range(3)]
    seen = [0]
    with EventStore.open(path, read_only=False) as store:
        out = list(iter_unseen([*stored, *new, make_skip()], store, seen=seen))
    assert seen == [known]
    assert [getattr(item, "doc", None) for item in out] == [*(r.doc for r in new), "binary.bin"]


@pytest.mark.parametrize("known", [0, 3])
def test_status_last_run_counts_inputs_dropped_before_coding(tmp_path: Path, known: int) -> None:
    """An ingest prints the inputs the store already held; ``status`` must show the same run."""
    from polevents.store.ingest import count_known_inputs

    path = make_store(tmp_path)
    with EventStore.open(path, read_only=False) as store:
        report = store.write_results([])
        count_known_inputs(store, report, known)
    last = polevents.open(path).status()["last_run"]
    assert (report.inputs, report.already_known) == (known, known)
    assert last["run_id"] == report.run_id and last["inputs"] == known


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_docs", [12])
def test_store_after_kill_9_and_resume_equals_uninterrupted(
    tmp_path: Path, kill_after_docs: int
) -> None:
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    assert _run(clean, "fast").wait(timeout=120) == 0
    proc = _run(crashed, "slow")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            if polevents.open(crashed).status()["documents"] >= kill_after_docs:
                break
        except polevents.errors.StoreError:
            continue  # not created yet, or the writer is committing
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    partial = polevents.open(crashed).status()["documents"]
    assert kill_after_docs <= partial < 60
    assert _run(crashed, "fast").wait(timeout=120) == 0
    assert polevents.open(crashed).query(_SNAPSHOT).equals(polevents.open(clean).query(_SNAPSHOT))
    assert polevents.open(crashed).status()["mentions"] == 120
