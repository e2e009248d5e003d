"""Two `polevents ingest` on one store, and the HTTP API answering while an ingest writes.

A first ingest (the real CLI, one document per committed batch) writes into a small store.
While it holds the writer lock, a second ingest without ``--wait`` must fail at once in one
line, a third with ``--wait`` must wait and then find every document already stored, and
the API (``create_app`` over the same file, in this process) is asked for its status and
events again and again. The store must end whole: every row readable, nothing twice.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from polevents.api import create_app
from polevents.api.reader import writer_active
from polevents.settings import load_settings
from polevents.store.db import EventStore
from polevents.testing import make_store
from tests.reliability.corpus import write_news_corpus

POLEVENTS = Path(sys.executable).with_name("polevents")
PAGES = 12
QUERIES = ["/api/status", "/api/events?limit=5", "/api/dyads/RUS/CHN"]
TABLES = ("documents", "articles", "events", "mentions", "runs")


def ingest(corpus: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    argv = [str(POLEVENTS), "ingest", str(corpus), "--db", str(db), "--batch-size", "1", *extra]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str, float]:
    stdout, stderr = proc.communicate(timeout=300)
    return proc.returncode, stdout, stderr, time.monotonic()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("concurrency")
    corpus = tmp / "in"
    write_news_corpus(corpus, pages=PAGES)
    db = make_store(tmp)  # the API has something to serve before the first batch
    before = EventStore.open(db).status()
    first = ingest(corpus, db)
    deadline = time.monotonic() + 60
    while not writer_active(db):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.01)
    second = finish(ingest(corpus, db))  # no --wait: refused while the first writes
    third = ingest(corpus, db, "--wait", "300")
    answers: list[tuple[str, int, dict, bool]] = []
    with TestClient(create_app(load_settings(db_path=db))) as client:
        while first.poll() is None:
            for path in QUERIES:
                busy = writer_active(db)
                response = client.get(path)
                answers.append((path, response.status_code, response.json(), busy))
        done_first = finish(first)
        done_third = finish(third)
        after = client.get("/api/status").json()
    during = [a for a in answers if a[3]]
    print(
        f"{len(answers)} API answers, {len(during)} while the writer held the lock, statuses "
        f"{sorted({a[1] for a in answers})}"
    )  # for docs/reliability.md
    return {
        "db": db, "pid": first.pid, "before": before, "after": after, "answers": answers,
        "first": done_first, "second": second, "third": done_third,
    }  # fmt: skip


@pytest.mark.slow
def test_second_ingest_without_wait_fails_in_one_line(run: dict) -> None:
    code, stdout, stderr, _ = run["second"]
    assert code == 1, (stdout, stderr)
    assert "Traceback" not in stderr and stdout == ""
    (line,) = stderr.strip().splitlines()
    assert line.startswith(f"error: {run['db']}: another writer holds the store"), line
    assert f"(pid {run['pid']})" in line  # names who holds the lock
    assert run["second"][3] < run["first"][3]  # refused while the first still ran


@pytest.mark.slow
def test_second_ingest_with_wait_runs_after_the_first(run: dict) -> None:
    code, stdout, stderr, ended = run["third"]
    assert code == 0, stderr
    assert ended >= run["first"][3]
    report = json.loads(stdout)
    assert report["already_known"] == PAGES and report["documents"] == 0, report


@pytest.mark.slow
def test_two_ingests_leave_a_whole_store(run: dict) -> None:
    code, stdout, stderr, _ = run["first"]
    assert code == 0, stderr
    report, before = json.loads(stdout), run["before"]
    status = EventStore.open(run["db"]).status()
    assert status["documents"] == before["documents"] + PAGES
    assert status["articles"] == before["articles"] + report["articles"]
    assert status["events"] >= before["events"] + 1
    with duckdb.connect(str(run["db"]), read_only=True) as con:
        for table in TABLES:  # reading every row checks every block's checksum
            con.execute(f"SELECT * FROM {table}").fetchall()
        (repeats,) = con.execute(
            "SELECT count(*) - count(DISTINCT doc_id) FROM documents"
        ).fetchone()  # type: ignore[misc]
    assert repeats == 0
    assert run["after"]["documents"] == status["documents"]


@pytest.mark.slow
@pytest.mark.parametrize("path", QUERIES)
def test_api_answers_while_an_ingest_writes(run: dict, path: str) -> None:
    """Readers wait out a committing batch (up to 10 s), so every answer is a 200."""
    answers = [a for a in run["answers"] if a[0] == path]
    during = [a for a in answers if a[3]]
    assert len(during) >= 5, len(during)  # the test really overlapped the writer
    assert [a[1] for a in answers] == [200] * len(answers), [a[2] for a in answers if a[1] != 200]


@pytest.mark.slow
def test_api_sees_only_committed_batches(run: dict) -> None:
    """Documents in /api/status only grow, one committed batch at a time, from before to after."""
    seen = [a[2]["documents"] for a in run["answers"] if a[0] == "/api/status" and a[1] == 200]
    assert seen == sorted(seen)
    assert seen[0] >= run["before"]["documents"] and seen[-1] <= run["after"]["documents"]
    assert len(set(seen)) >= 2  # batches landed while the API was being asked
