"""A read-only DuckDB connection shared by requests while no writer wants the file.

Opening the store costs 20-40 ms at a million events, as much as a dyad query,
so the app keeps one read-only connection and gives each request its own
``cursor()`` (DuckDB connections are not thread-safe; cursors are). But DuckDB
lets a process write the file only while no other process has it open, so
the connection is closed as soon as a writer (``polevents ingest``, which holds
the ``<db>.lock`` flock for its whole run) is seen, and after ``idle_s`` with no
request. While a writer runs, each request opens and closes its own connection
between the writer's batches, as ``EventStore`` readers do.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from polevents.store.connect import check_file, connect, lock_path, translate

__all__ = ["SharedReader", "writer_active"]


def writer_active(db_path: Path) -> bool:
    """Return True while another process holds the store's writer lock."""
    try:
        fd = os.open(lock_path(db_path), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


class SharedReader:
    """Hand out cursors of one kept read-only connection, or fresh connections near a writer."""

    def __init__(self, db_path: Path, *, busy_timeout_s: float, idle_s: float = 1.0) -> None:
        self.db_path = db_path
        self.busy_timeout_s = busy_timeout_s
        self.idle_s = idle_s
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        # Close before the interpreter tears daemon threads down: a timer firing during
        # shutdown would run DuckDB's close inside a dying thread and abort the process.
        atexit.register(_close_at_exit, weakref.ref(self))

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a connection for one request."""
        if writer_active(self.db_path):
            self.close()
            with connect(self.db_path, read_only=True, timeout_s=self.busy_timeout_s) as con:
                yield con
            return
        with self._lock:
            if self._con is None:
                self._con = self._open()
            cursor = self._con.cursor()
            self._users += 1
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                self._arm_timer()

    def close(self) -> None:
        """Close the kept connection once no request uses it (a writer needs the file)."""
        with self._lock:
            if self._con is not None and self._users == 0:
                self._con.close()
                self._con = None

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Open like every reader: check the file, wait out a committing writer."""
        check_file(self.db_path, must_exist=True)
        deadline = time.monotonic() + self.busy_timeout_s
        while True:
            try:
                return duckdb.connect(str(self.db_path), read_only=True)
            except (duckdb.Error, OSError) as exc:
                error = translate(exc, path=self.db_path)
                if error.reason != "locked" or time.monotonic() >= deadline:
                    raise error from exc
                time.sleep(0.05)

    def shutdown(self) -> None:
        """Stop the idle timer and close the connection (app shutdown, process exit)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        self.close()

    def _arm_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(self.idle_s, self.close)
        self._timer.daemon = True
        self._timer.start()


def _close_at_exit(reader: weakref.ref[SharedReader]) -> None:
    alive = reader()
    if alive is not None:
        alive.shutdown()
