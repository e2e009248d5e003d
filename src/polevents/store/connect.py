"""Open DuckDB files safely: error translation, reader retries and the writer lock.

DuckDB lets one process open a file read-write, or several read-only, never
both. The writer therefore holds its connection only while it writes one batch,
and readers retry for a short while when the writer has the file. Between
writers the exclusion is an ``flock`` on ``<db>.lock`` beside the database, so
a second ``ingest`` fails (or waits ``timeout_s``) with a clear message.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

import duckdb

from polevents.errors import StoreError

log = logging.getLogger(__name__)

_DUCKDB_MAGIC = b"DUCK"
_RETRY_S = 0.05
# No progress bar: DuckDB draws one on stdout for long queries, which would mix
# with the CLI's JSON and tables.


def lock_path(path: Path) -> Path:
    """Return the writer lock file that sits beside ``path``."""
    return path.with_name(path.name + ".lock")


def check_file(path: Path, *, must_exist: bool) -> None:
    """Refuse a path that is missing (when reading) or not a DuckDB database.

    Raises:
        StoreError: ``missing``, ``not_duckdb`` or ``unreadable``.
    """
    if not path.exists():
        if must_exist:
            raise StoreError(f"{path}: no such store", reason="missing")
        return
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a DuckDB file", reason="not_duckdb")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror})", reason="unreadable") from exc
    if len(header) == 0:
        raise StoreError(f"{path}: empty file, not a DuckDB database", reason="not_duckdb")
    if header[8:12] != _DUCKDB_MAGIC:
        raise StoreError(f"{path}: not a DuckDB database", reason="not_duckdb")


def translate(exc: BaseException, *, path: Path) -> StoreError:
    """Turn a DuckDB or OS error into a ``StoreError`` with a stable reason."""
    text = str(exc)
    lowered = text.lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "no space left" in lowered:
        return StoreError(f"{path}: disk full; nothing of this batch was kept", reason="disk_full")
    if "lock" in lowered and "conflicting" in lowered:
        return StoreError(f"{path}: in use by another process ({text})", reason="locked")
    if "read-only" in lowered or "permission denied" in lowered or "read only" in lowered:
        return StoreError(f"{path}: location is read-only ({text})", reason="read_only")
    broken = ("not a valid duckdb", "unable to open", "corrupt", "could not read enough bytes")
    if any(sign in lowered for sign in broken):  # the last one: a truncated file
        return StoreError(f"{path}: not a readable DuckDB store ({text})", reason="not_duckdb")
    if "newer version" in lowered or "older version" in lowered:
        return StoreError(f"{path}: written by another DuckDB version ({text})", reason="version")
    return StoreError(f"{path}: {text}", reason="io")


@contextmanager
def connect(
    path: Path, *, read_only: bool, timeout_s: float
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection, retrying while another process holds the file.

    Raises:
        StoreError: the file cannot be opened (reason from ``translate``).
    """
    check_file(path, must_exist=read_only)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except (duckdb.Error, OSError) as exc:
            error = translate(exc, path=path)
            if error.reason != "locked" or time.monotonic() >= deadline:
                raise error from exc
            time.sleep(_RETRY_S)
    try:
        con.execute("SET enable_progress_bar = false").fetchall()
        yield con
    finally:
        con.close()


class WriterLock:
    """Exclusive ``flock`` on ``<db>.lock``: one writer per store file."""

    def __init__(self, path: Path, *, timeout_s: float) -> None:
        self.path = lock_path(path)
        self.timeout_s = timeout_s
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise translate(exc, path=self.path) from exc
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    owner = _read_owner(self.path)
                    raise StoreError(
                        f"{self.path.with_suffix('')}: another writer holds the store"
                        f"{owner}; wait for it to finish or use another --db",
                        reason="locked",
                    ) from exc
                time.sleep(_RETRY_S)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _read_owner(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


# While the writer holds its connection, a commit only appends to the write-ahead
# log (durable: a crashed run's log is replayed on the next open); the store is
# checkpointed when the connection is let go. DuckDB's default (16 MB) made
# nearly every batch of a bulk load a checkpoint, each one rewriting more of a
# growing file: 1.2 s of a 250,000-event batch's 2.6 s.
_HELD_CHECKPOINT = "4GB"


class HeldConnection:
    """The writer's DuckDB connection, kept from batch to batch for at most ``hold_s``.

    Opening a connection and the checkpoint on closing it cost 0.05-0.1 s, as
    much as writing thousands of events, so a bulk load may keep one. After a
    commit, a connection held ``hold_s`` or longer is closed (and the store
    checkpointed), so readers in other processes (the API) get the file
    between batches.
    """

    def __init__(
        self,
        connect: Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]],
        *,
        hold_s: float,
    ) -> None:
        self._connect = connect
        self._hold_s = hold_s
        self._stack: ExitStack | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._since = 0.0

    def __enter__(self) -> HeldConnection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            stack = ExitStack()
            self._con = stack.enter_context(self._connect())
            self._con.execute(f"SET checkpoint_threshold = '{_HELD_CHECKPOINT}'").fetchall()
            self._stack, self._since = stack, time.monotonic()
        return self._con

    def release_if_held_long(self) -> None:
        """Close the connection after a commit once it has been held ``hold_s``."""
        if self._con is not None and time.monotonic() - self._since >= self._hold_s:
            self.close()

    def close(self) -> None:
        if self._stack is not None:
            stack, self._stack, self._con = self._stack, None, None
            stack.close()
