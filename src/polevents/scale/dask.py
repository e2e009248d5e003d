"""The pipeline as Dask tasks over batches of documents; partitioned Parquet out.

The driver (this process) reads the inputs lazily, sends batches of
``batch_docs`` documents to the workers (``tasks.code_batch``: clean, code,
write Parquet), and keeps at most ``in_flight`` batches out at once, so memory
stays flat however large the corpus. Results come back in input order; the
driver marks near-duplicates (which needs every earlier article of the run)
and drops their events, so a Dask run stores exactly what a single-process run
stores, and ``EventStore`` stays the only writer (style guide 2.12).

Addresses: ``local`` (one worker per core), ``local:N`` (N worker processes on
this machine) or ``tcp://HOST:8786`` (a running ``dask scheduler``).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from polevents.errors import ConfigError
from polevents.settings import Settings
from polevents.store.report import RunReport
from polevents.types import DocumentResult, RawDocument, Skip

log = logging.getLogger(__name__)

__all__ = ["ingest_with_dask", "iter_dask_results", "open_client", "parse_address"]


def parse_address(spec: str) -> tuple[str, int]:
    """Split a ``--dask`` value into a scheduler address (or ``local``) and a worker count.

    >>> parse_address("local:2"), parse_address("tcp://10.0.0.5:8786")
    (('local', 2), ('tcp://10.0.0.5:8786', 0))

    Raises:
        ConfigError: the value is neither ``local[:N]`` nor a ``tcp://`` or ``tls://`` address.
    """
    if spec == "local":
        return "local", os.cpu_count() or 1
    if spec.startswith("local:"):
        count = spec.split(":", 1)[1]
        if not count.isdigit() or int(count) < 1:
            raise ConfigError(f"--dask {spec}: want local:N with N >= 1", reason="config")
        return "local", int(count)
    if spec.startswith(("tcp://", "tls://")) and ":" in spec.split("://", 1)[1]:
        return spec, 0
    raise ConfigError(f"--dask {spec}: want local, local:N or tcp://HOST:PORT", reason="config")


@contextmanager
def open_client(spec: str, *, settings: Settings) -> Iterator[Any]:
    """Yield a ``distributed.Client`` whose workers have loaded spaCy (one process each).

    ``local:N`` starts a ``LocalCluster`` of N single-threaded processes and
    stops it afterwards; an address connects to a running scheduler.
    """
    from distributed import Client, LocalCluster

    from polevents.scale.tasks import CoderPlugin

    address, workers = parse_address(spec)
    cluster = None
    if address == "local":
        # Any free port for the scheduler's HTTP server: with None it still takes 8787,
        # and warns when a notebook's cluster (or a second run) holds that port.
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.WARNING)  # fmt: skip
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        client.register_plugin(CoderPlugin(settings.model_dump_json()))
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def iter_dask_results(
    items: Iterable[RawDocument | Skip],
    *,
    client: Any,
    settings: Settings,
    batch_docs: int = 16,
    out: str | Path | None = None,
    in_flight: int | None = None,
    dedup: Any | None = None,
) -> Iterator[DocumentResult]:
    """Yield one ``DocumentResult`` per item, in input order, coded by Dask workers.

    Args:
        items: what ``ingest.readers.iter_documents`` yields (read lazily).
        client: a ``distributed.Client`` (see ``open_client``).
        settings: the run's settings, sent to every worker.
        batch_docs: documents per task; 16, so that a short run keeps every worker busy.
        out: folder or URI for the Parquet dataset; None writes none.
        in_flight: batches submitted and not yet consumed (default: 2 per worker + 2).
        dedup: the near-duplicate checker of the run (default: a new one).
    """
    from polevents.clean.dedup import Deduplicator
    from polevents.scale.tasks import code_batch

    settings_json = settings.model_dump_json()
    limit = in_flight or 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 2
    dedup = dedup or Deduplicator(
        threshold=settings.near_duplicate_threshold, memory=settings.near_duplicate_memory
    )
    pending: deque[Any] = deque()
    iterator = iter(items)
    batch_id = 0
    while True:
        while len(pending) < limit and (batch := list(islice(iterator, batch_docs))):
            future = client.submit(code_batch, batch, settings_json=settings_json,
                                   batch_id=batch_id, out=None if out is None else str(out),
                                   pure=False)  # fmt: skip
            pending.append(future)
            batch_id += 1
        if not pending:
            return
        future = pending.popleft()
        results = future.result()
        future.release()
        for result in results:
            yield _mark_duplicates(result, dedup)


def _mark_duplicates(result: DocumentResult, dedup: Any) -> DocumentResult:
    """Mark the result's near-duplicate articles and drop their events (as the plain run does)."""
    if not result.articles:
        return result
    marked = tuple(dedup.mark(article) for article in result.articles)
    dropped = {a.article_id for a in marked if a.duplicate_of is not None}
    events = tuple(e for e in result.events if e.article_id not in dropped)
    return replace(result, articles=marked, events=events)


def ingest_with_dask(
    inputs: Iterable[str | Path],
    *,
    settings: Settings,
    dask: str,
    out: str | Path | None = None,
    batch_size: int = 200,
    lock_timeout_s: float = 0.0,
    on_progress: Callable[[int], None] | None = None,
    client: Any | None = None,
) -> RunReport:
    """``store.ingest.ingest`` with cleaning and coding on a Dask cluster.

    Documents already in the store are dropped before they are sent; the
    results are written by this process, one transaction per ``batch_size``.
    ``client`` reuses a connected ``distributed.Client`` instead of opening one.

    Raises:
        ConfigError: a bad ``dask`` address.
        StoreError: the store cannot be opened or written.
    """
    from polevents.ingest.readers import iter_documents
    from polevents.store.db import EventStore
    from polevents.store.ingest import count_known_inputs, iter_unseen, primed_deduplicator

    parse_address(dask)
    paths = list(inputs)
    seen = [0]
    with ExitStack() as stack:
        store = stack.enter_context(
            EventStore.open(settings.db_path, read_only=False, lock_timeout_s=lock_timeout_s)
        )
        if client is None:
            client = stack.enter_context(open_client(dask, settings=settings))
        items = iter_unseen(iter_documents(paths, settings=settings), store, seen=seen)
        results = iter_dask_results(items, client=client, settings=settings, out=out,
                                    dedup=primed_deduplicator(store, settings))  # fmt: skip
        report = store.write_results(results, batch_size=batch_size, on_progress=on_progress)
        count_known_inputs(store, report, seen[0])
    log.info("dask run %s: %d documents, %d events", report.run_id, report.documents,
             report.events)  # fmt: skip
    return report
