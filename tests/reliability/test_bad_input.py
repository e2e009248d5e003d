"""`polevents ingest` on a corpus of bad input: exit 0, no traceback, every input accounted for.

The CLI runs in a real subprocess. Run by root, it runs as ``nobody`` (setpriv), so
that a file of mode 000 is really unreadable.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.reliability.corpus import BadInput, write_bad_corpus

POLEVENTS = Path(sys.executable).with_name("polevents")
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def as_unprivileged(command: list[str]) -> list[str]:
    """Run ``command`` as nobody when we are root (and setpriv exists), else as is."""
    if os.geteuid() == 0 and shutil.which("setpriv"):
        return [*NOBODY, *command]
    return command


@pytest.fixture(scope="module")
def ingested() -> Iterator[tuple[subprocess.CompletedProcess[str], Path, list[BadInput]]]:
    """Write the bad corpus, ingest it once with the real CLI, and yield the run and the store."""
    with tempfile.TemporaryDirectory(prefix="polevents-bad-") as name:
        root = Path(name)
        root.chmod(0o777)  # nobody writes the store here
        inputs = write_bad_corpus(root / "in")
        store = root / "store.duckdb"
        run = subprocess.run(
            as_unprivileged([str(POLEVENTS), "ingest", str(root / "in"), "--db", str(store)]),
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        yield run, store, inputs


def _rows(store: Path) -> list[tuple[str, str, str | None]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT origin, status, reason FROM documents").fetchall()


@pytest.mark.slow
@pytest.mark.parametrize("marker", ["Traceback"])
def test_ingest_bad_corpus_exits_0_without_traceback(ingested: tuple, marker: str) -> None:
    run, _store, _inputs = ingested
    assert run.returncode == 0, run.stderr[-3000:]
    assert marker not in run.stdout + run.stderr


@pytest.mark.slow
@pytest.mark.parametrize("field", ["status"])
def test_ingest_bad_corpus_status_accounts_for_every_input(ingested: tuple, field: str) -> None:
    """Every input has its row: the expected outcome per file (a WARC once per record)."""
    _run, store, inputs = ingested
    found: Counter[tuple[str, str]] = Counter()
    for origin, status, reason in _rows(store):
        record = origin.startswith("https://") or "@" in origin  # a WARC record
        name = "crawl.warc" if record else Path(origin).name
        found[(name, reason or status)] += 1
    expected = Counter((item.name, item.expected) for item in inputs)
    assert found == expected
    shown = subprocess.run([str(POLEVENTS), "status", "--db", str(store), "--format", "json"],
                           capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    status = json.loads(shown.stdout)
    assert status["documents"] == len(inputs)
    skipped = Counter(item.expected for item in inputs if item.expected != "ingested")
    assert status["skipped"] == dict(skipped)


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["good_1.html", "good_2.html", "huge.html"])
def test_ingest_bad_corpus_loses_no_good_page(ingested: tuple, doc: str) -> None:
    """The good pages around the bad ones keep their articles and events."""
    _run, store, _inputs = ingested
    with duckdb.connect(str(store), read_only=True) as con:
        (events,) = con.execute(
            "SELECT count(*) FROM mentions WHERE doc = ? AND NOT via_duplicate", [doc]
        ).fetchone()
    assert events >= 1
