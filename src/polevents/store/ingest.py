"""The ``ingest`` operation: read inputs, skip those already stored, clean, code, store.

A document already in the store (same bytes, same SHA-1) is dropped before
cleaning and coding, so a re-run costs only the reading and adds nothing; after
a crash the re-run codes only what the last committed batch did not hold.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from polevents.clean.dedup import Deduplicator
from polevents.settings import Settings
from polevents.store.db import EventStore
from polevents.store.report import RunReport
from polevents.types import RawDocument, Skip

log = logging.getLogger(__name__)

LOOKUP_CHUNK = 256


def iter_unseen(
    items: Iterable[RawDocument | Skip], store: EventStore, *, seen: list[int]
) -> Iterator[RawDocument | Skip]:
    """Yield the items whose document the store does not hold yet; count the others in ``seen``.

    Skips pass through (``write_results`` ignores those already recorded).
    """
    iterator = iter(items)
    while chunk := list(islice(iterator, LOOKUP_CHUNK)):
        ids = [item.doc_id for item in chunk if isinstance(item, RawDocument)]
        known = store.known_doc_ids(ids)
        for item in chunk:
            if isinstance(item, RawDocument) and item.doc_id in known:
                seen[0] += 1
                continue
            yield item


def count_known_inputs(store: EventStore, report: RunReport, known: int) -> None:
    """Add the ``known`` inputs dropped before coding (the store held them) to the run."""
    if known:
        report.already_known += known
        report.inputs += known
        store.record_run(report)


def primed_deduplicator(store: EventStore, settings: Settings) -> Deduplicator:
    """Return a near-duplicate checker that knows the articles the store kept last.

    Wire copy of a page stored by an earlier run, or by the part of this ingest
    that ran before a crash, is then marked as a copy rather than coded again:
    a resumed ingest ends as an uninterrupted one would. The memory is bounded
    (``settings.near_duplicate_memory`` articles; copies come within days).
    """
    dedup = Deduplicator(
        threshold=settings.near_duplicate_threshold, memory=settings.near_duplicate_memory
    )
    for article_id, fingerprint in store.recent_fingerprints(settings.near_duplicate_memory):
        dedup.remember(article_id, fingerprint)
    return dedup


def ingest(
    inputs: Iterable[str | Path],
    *,
    settings: Settings,
    batch_size: int = 200,
    lock_timeout_s: float = 0.0,
    on_progress: Callable[[int], None] | None = None,
) -> RunReport:
    """Ingest → clean → code every input into the store at ``settings.db_path``.

    Args:
        inputs: files, folders, JSONL or WARC files (what ``ingest.readers`` accepts).
        settings: run settings; ``db_path`` names the store.
        batch_size: documents per committed transaction.
        lock_timeout_s: how long to wait for another writer before failing.
        on_progress: called with the number of documents stored so far.

    Raises:
        StoreError: the store cannot be opened or written, or another writer holds it.
    """
    from polevents.ingest.readers import iter_documents
    from polevents.service import process_documents

    paths = list(inputs)
    seen = [0]
    with EventStore.open(settings.db_path, read_only=False, lock_timeout_s=lock_timeout_s) as store:
        items = iter_unseen(iter_documents(paths, settings=settings), store, seen=seen)
        results = process_documents(
            items, settings=settings, dedup=primed_deduplicator(store, settings)
        )
        report = store.write_results(results, batch_size=batch_size, on_progress=on_progress)
        count_known_inputs(store, report, seen[0])
    log.info("run %s: %d documents, %d events", report.run_id, report.documents, report.events)
    return report
