"""SharedReader: keeps one connection while no writer is there, lets go for a writer."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from polevents.api.reader import SharedReader, writer_active
from polevents.store.connect import WriterLock
from polevents.store.db import EventStore
from polevents.testing import make_result, make_store


@pytest.mark.parametrize("held", [True, False])
def test_writer_active_sees_the_writer_lock(tmp_path: Path, held: bool) -> None:
    path = make_store(tmp_path)
    if held:
        with WriterLock(path, timeout_s=0):
            assert writer_active(path)
    else:
        assert not writer_active(path)


@pytest.mark.parametrize("idle_s", [0.05])
def test_shared_reader_lets_a_writer_in_after_idle(tmp_path: Path, idle_s: float) -> None:
    path = make_store(tmp_path)
    reader = SharedReader(path, busy_timeout_s=1.0, idle_s=idle_s)
    with reader.cursor() as con:
        assert con.execute("SELECT count(*) FROM events").fetchone() == (2,)
    time.sleep(idle_s * 6)
    with EventStore.open(path, read_only=False) as writer:  # fails if our handle were open
        writer.write_results([make_result("late.html", cameo_code="051")])
    with reader.cursor() as con:
        assert con.execute("SELECT count(*) FROM events").fetchone() == (3,)
