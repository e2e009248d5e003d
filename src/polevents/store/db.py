"""``EventStore``: the one DuckDB file that holds documents, articles, events and mentions.

Open it for reading (the default: analysis, the HTTP API, notebooks) or for
writing (``ingest``, fetchers). A writer holds the ``<db>.lock`` file for its
whole life but holds DuckDB's own file lock only while it commits a batch, so
readers in other processes keep working between batches (they retry briefly
while a batch commits).

>>> import polevents, tempfile, pathlib
>>> from polevents.testing import make_store
>>> path = make_store(pathlib.Path(tempfile.mkdtemp()))
>>> store = polevents.open(path)
>>> store.status()["events"]
2
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from polevents.errors import StoreError
from polevents.store.connect import HeldConnection, WriterLock, connect, translate
from polevents.store.report import RunReport
from polevents.store.schema import check_schema, migrate
from polevents.store.staging import StagedBatch, doc_id_of, stage_results
from polevents.store.write import load_staged, naive, upsert_run
from polevents.types import DocumentResult, Fingerprint

log = logging.getLogger(__name__)

DateLike = date | datetime | str | None


class EventStore:
    """A polevents store file; build it with ``EventStore.open`` or ``polevents.open``."""

    def __init__(self, path: Path, *, read_only: bool, busy_timeout_s: float) -> None:
        self.path = path
        self.read_only = read_only
        self.busy_timeout_s = busy_timeout_s
        self._lock: WriterLock | None = None

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = True,
        lock_timeout_s: float = 0.0,
        busy_timeout_s: float = 10.0,
    ) -> EventStore:
        """Open (for writing: create and migrate) the store at ``path``.

        Args:
            path: the DuckDB file.
            read_only: readers never change the file; a writer takes the writer lock.
            lock_timeout_s: how long a writer waits for another writer before failing.
            busy_timeout_s: how long a reader waits while a writer commits a batch.

        Raises:
            StoreError: ``missing``, ``not_duckdb``, ``not_store``, ``newer_schema``,
                ``locked``, ``read_only`` or ``io``.
        """
        store = cls(Path(path), read_only=read_only, busy_timeout_s=busy_timeout_s)
        if read_only:
            try:
                with store._connect() as con:
                    version = check_schema(con, path=str(store.path))
            except duckdb.Error as exc:  # a damaged block read by the schema check
                raise translate(exc, path=store.path) from exc
            if version == 0:
                raise StoreError(f"{path}: a DuckDB file but not a polevents store",
                                 reason="not_store")  # fmt: skip
            return store
        store._lock = WriterLock(store.path, timeout_s=lock_timeout_s).__enter__()
        try:
            with store._connect() as con:
                migrate(con, path=str(store.path))
        except duckdb.Error as exc:
            store.close()
            raise translate(exc, path=store.path) from exc
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Release the writer lock (a reader holds nothing between calls)."""
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "writer"
        return f"EventStore({str(self.path)!r}, {mode})"

    def _connect(self) -> Any:
        return connect(self.path, read_only=self.read_only, timeout_s=self.busy_timeout_s)

    # --- writing ---------------------------------------------------------------------------

    def write_results(
        self,
        results: Iterable[DocumentResult],
        *,
        batch_size: int = 200,
        inputs: int | None = None,
        on_progress: Callable[[int], None] | None = None,
        now: datetime | None = None,
        hold_s: float = 0.0,
    ) -> RunReport:
        """Store pipeline results, one transaction per ``batch_size`` documents.

        The one write path of polevents. Documents already in the store (same
        bytes) are counted in ``already_known`` and not written again; a batch
        is committed whole or not at all, so a crash never leaves half a
        document and the next run resumes after the last committed batch.

        Args:
            results: what ``service.run_pipeline`` or ``process_documents`` yields.
            batch_size: documents per transaction.
            inputs: number of inputs given to the run, recorded in ``runs``.
            on_progress: called with the number of documents handled after each batch.
            now: a fixed UTC time stamped on every row of the run (for reproducible tests).
            hold_s: keep the connection across commits this long (0: readers get in after each).

        Returns:
            The run's counters.

        Raises:
            StoreError: the store is read-only, full or broken; committed batches stay.
        """
        batches = (stage_results(batch) for batch in _batched(results, batch_size))
        if batch_size < 1:
            raise StoreError("batch_size must be >= 1", reason="config")
        return self.write_staged(batches, inputs=inputs, on_progress=on_progress, now=now,
                                 hold_s=hold_s)  # fmt: skip

    def write_staged(
        self,
        batches: Iterable[StagedBatch],
        *,
        inputs: int | None = None,
        on_progress: Callable[[int], None] | None = None,
        now: datetime | None = None,
        hold_s: float = 0.0,
    ) -> RunReport:
        """Bulk-load batches already laid out as Arrow tables (``staging.stage_results``).

        ``write_results`` stages its results and comes here; a caller that
        stages elsewhere (a worker, a benchmark) loads with this directly. The
        arguments and guarantees are those of ``write_results``.
        """
        self._require_writer()
        report = RunReport(run_id=_new_run_id(), started_at=now or _now())
        with HeldConnection(self._connect, hold_s=hold_s) as held:
            for batch in batches:
                self._commit_batch(held, batch, report, inputs=inputs, now=now)
                if on_progress:
                    on_progress(report.inputs)
            report.finished_at = now or _now()
            self._commit_run(held, report, inputs=inputs)
        return report

    def _commit_batch(
        self, held: HeldConnection, batch: StagedBatch, report: RunReport, *,
        inputs: int | None, now: datetime | None,
    ) -> None:  # fmt: skip
        try:
            con = held.get()
            con.execute("BEGIN TRANSACTION")
            try:
                counts = load_staged(con, batch, run_id=report.run_id, now=naive(now or _now()))
                report.add(counts)
                upsert_run(con, report, inputs=inputs)
                con.execute("COMMIT")
                held.release_if_held_long()
            except BaseException:
                con.execute("ROLLBACK")
                held.close()
                raise
        except (duckdb.Error, OSError) as exc:
            raise translate(exc, path=self.path) from exc
        log.debug("committed batch %d of run %s", report.batches, report.run_id)

    def _commit_run(self, held: HeldConnection, report: RunReport, *, inputs: int | None) -> None:
        """Record the finished run (on the held connection: no second open and checkpoint)."""
        try:
            upsert_run(held.get(), report, inputs=inputs)
        except (duckdb.Error, OSError) as exc:
            raise translate(exc, path=self.path) from exc

    def _require_writer(self) -> None:
        if self.read_only or self._lock is None:
            raise StoreError(f"{self.path}: opened read-only", reason="read_only")

    def record_run(self, report: RunReport) -> None:
        """Rewrite the run's row in ``runs`` from ``report``.

        For a caller that counts inputs outside the write (an ingest drops the
        documents the store holds before coding them), so that ``status`` shows
        the run as it printed.
        """
        self._require_writer()
        try:
            with self._connect() as con:
                upsert_run(con, report, inputs=None)
        except (duckdb.Error, OSError) as exc:
            raise translate(exc, path=self.path) from exc

    def recent_fingerprints(self, limit: int) -> list[tuple[str, Fingerprint]]:
        """Return the fingerprints of the ``limit`` articles kept last (oldest first)."""
        if limit <= 0:
            return []
        rows = self._rows(
            "SELECT article_id, exact_key, minhash FROM (SELECT *, rowid AS r FROM "
            "article_fingerprints ORDER BY r DESC LIMIT ?) ORDER BY r",
            [int(limit)],
        )
        return [(str(a), Fingerprint(str(k), bytes(m))) for a, k, m in rows]

    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        """Return those of ``doc_ids`` (SHA-1 of input bytes) that the store already holds."""
        ids = list(doc_ids)
        if not ids:
            return set()
        rows = self._rows(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        )
        return {str(row[0]) for row in rows}

    # --- reading ---------------------------------------------------------------------------

    def _rows(self, sql: str, params: list[object] | None = None) -> list[tuple[Any, ...]]:
        try:
            with self._connect() as con:
                return con.execute(sql, params or []).fetchall()
        except duckdb.Error as exc:
            raise translate(exc, path=self.path) from exc

    def query_arrow(self, sql: str, params: list[object] | None = None) -> pa.Table:
        """Run a read query and return an Arrow table (for analysis code and exports)."""
        try:
            with self._connect() as con:
                return con.sql(sql, params=params or None).to_arrow_table()
        except duckdb.Error as exc:
            raise translate(exc, path=self.path) from exc

    def query(self, sql: str, params: list[object] | None = None) -> pd.DataFrame:
        """Run a read query and return a pandas DataFrame."""
        return self.query_arrow(sql, params).to_pandas()

    def events_arrow(
        self,
        *,
        since: DateLike = None,
        until: DateLike = None,
        source: str | None = None,
        target: str | None = None,
        root: str | int | None = None,
        limit: int | None = None,
    ) -> pa.Table:
        """Return merged events as an Arrow table; see ``events`` for the filters."""
        where, params = event_filter(since=since, until=until, source=source, target=target,
                                     root=root)  # fmt: skip
        sql = f"SELECT * FROM events {where} ORDER BY event_date, global_id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.query_arrow(sql, params)

    def events(
        self,
        *,
        since: DateLike = None,
        until: DateLike = None,
        source: str | None = None,
        target: str | None = None,
        root: str | int | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Return merged events (one row each, with merge counts) as a DataFrame.

        Args:
            since: first event day (inclusive), a date or ``YYYY-MM-DD``.
            until: last event day (inclusive).
            source: actor code prefix of the source (``RUS`` matches ``RUSGOV``).
            target: actor code prefix of the target.
            root: CAMEO root (``"04"`` or ``4``).
            limit: at most this many rows, by event date.
        """
        return self.events_arrow(
            since=since, until=until, source=source, target=target, root=root, limit=limit
        ).to_pandas()

    def event(self, event_id: str | int) -> dict[str, Any]:
        """Return one event with its ``mentions`` (every evidence sentence) and ``evidence``.

        Raises:
            StoreError: ``not_found`` when no event has this id or GLOBALEVENTID.
        """
        column = "global_id" if isinstance(event_id, int) else "event_id"
        found = self.query(f"SELECT * FROM events WHERE {column} = ?", [event_id])
        if found.empty:
            raise StoreError(f"no event {event_id!r} in {self.path}", reason="not_found")
        record: dict[str, Any] = found.iloc[0].to_dict()
        mentions = self.query(
            "SELECT * FROM mentions WHERE event_id = ? ORDER BY mentioned_at, doc, sentence_index",
            [record["event_id"]],
        )
        record["mentions"] = mentions.to_dict(orient="records")
        record["evidence"] = list(dict.fromkeys(mentions["sentence"].tolist()))
        return record

    def articles(
        self,
        *,
        since: DateLike = None,
        until: DateLike = None,
        outlet: str | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Return stored articles (duplicates included, ``duplicate_of`` set) by publication day."""
        clauses, params = [], []
        for sql, value in (("published >= ?", since), ("published <= ?", until)):
            if value is not None:
                clauses.append(sql)
                params.append(_to_date(value))
        if outlet:
            clauses.append("outlet = ?")
            params.append(outlet)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT * FROM articles {where} ORDER BY published, article_id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.query(sql, params)

    def status(self) -> dict[str, Any]:
        """Return the store's counts: documents, articles, duplicates, events, mentions,
        skipped (reason -> count) and last_run."""
        (counts,) = self._rows(
            """SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles),
                      (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),
                      (SELECT count(*) FROM events), (SELECT count(*) FROM mentions)"""
        )
        skipped = self._rows(
            "SELECT reason, count(*) FROM documents WHERE status = 'skipped' "
            "GROUP BY reason ORDER BY reason"
        )
        runs = self.query("SELECT * FROM runs ORDER BY started_at DESC LIMIT 1")
        last_run = None
        if not runs.empty:
            row = runs.iloc[0].to_dict()
            last_run = {k: (v.isoformat() if hasattr(v, "isoformat") and not pd.isna(v) else
                            (None if pd.isna(v) else v)) for k, v in row.items()}  # fmt: skip
        keys = ("documents", "articles", "duplicates", "events", "mentions")
        out: dict[str, Any] = {k: int(v) for k, v in zip(keys, counts, strict=True)}
        out["skipped"] = {str(reason): int(n) for reason, n in skipped}
        out["last_run"] = last_run
        out["fetches"] = self._fetch_counts()
        return out

    def _fetch_counts(self) -> dict[str, int]:
        """URL outcomes of ``polevents fetch``/``watch`` (status -> count); empty if none."""
        from polevents.collect.state import fetch_status_counts

        try:
            with self._connect() as con:
                return fetch_status_counts(con)
        except duckdb.Error as exc:
            raise translate(exc, path=self.path) from exc


def event_filter(
    *,
    since: DateLike = None,
    until: DateLike = None,
    source: str | None = None,
    target: str | None = None,
    root: str | int | None = None,
    alias: str = "",
) -> tuple[str, list[object]]:
    """Return a ``WHERE`` clause and its parameters for the query-API filters.

    ``alias`` (such as ``"e."``) prefixes the events columns in a join.
    """
    clauses: list[str] = []
    params: list[object] = []
    if since is not None:
        clauses.append(f"{alias}event_date >= ?")
        params.append(_to_date(since))
    if until is not None:
        clauses.append(f"{alias}event_date <= ?")
        params.append(_to_date(until))
    if source:
        clauses.append(f"starts_with({alias}source_code, ?)")
        params.append(source.upper())
    if target:
        clauses.append(f"starts_with({alias}target_code, ?)")
        params.append(target.upper())
    if root is not None:
        clauses.append(f"{alias}cameo_root = ?")
        params.append(f"{int(root):02d}")
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def _to_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise StoreError(f"not a date: {value!r} (want YYYY-MM-DD)", reason="bad_filter") from exc


def _batched(items: Iterable[DocumentResult], size: int) -> Iterator[list[DocumentResult]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _now() -> datetime:
    return datetime.now(UTC)


def _new_run_id() -> str:
    return f"run_{_now():%Y%m%dT%H%M%S}_{uuid.uuid4().hex[:8]}"


__all__ = ["EventStore", "doc_id_of", "event_filter"]
