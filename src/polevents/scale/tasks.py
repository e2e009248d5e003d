"""What a Dask worker runs: clean and code one batch of documents, write it as Parquet.

Everything here runs in the worker process. The coder (spaCy model, lexicons,
codebook) is built once per process, on the first batch or earlier by
``CoderPlugin.setup``, and kept in ``_CODERS``. Near-duplicate marking is left
to the driver: it needs every earlier article of the run, in input order.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from distributed.diagnostics.plugin import WorkerPlugin

from polevents.settings import Settings
from polevents.types import Article, DocumentResult, Event, RawDocument, Skip

log = logging.getLogger(__name__)

_CODERS: dict[str, Any] = {}
_TYPES = {
    "story": pa.int32(), "quad_class": pa.int8(), "goldstein": pa.float64(),
    "symmetric": pa.bool_(), "confidence": pa.float64(), "location_lat": pa.float64(),
    "location_lon": pa.float64(), "sentence_index": pa.int32(),
}  # fmt: skip


def coder_for(settings_json: str) -> Any:
    """Return this process's ``Coder`` for these settings, building it on first use."""
    coder = _CODERS.get(settings_json)
    if coder is None:
        from polevents.coding.engine import Coder
        from polevents.nlp.model import load_model

        settings = Settings.model_validate_json(settings_json)
        load_model(settings.spacy_model)
        coder = _CODERS[settings_json] = Coder.from_settings(settings)
        log.info("worker loaded spaCy model %s and lexicons", settings.spacy_model)
    return coder


class CoderPlugin(WorkerPlugin):
    """Load spaCy and the lexicons once when a worker starts, before any task arrives."""

    name = "polevents-coder"

    def __init__(self, settings_json: str) -> None:
        self.settings_json = settings_json

    def setup(self, worker: Any) -> None:
        coder_for(self.settings_json)


class _KeepAll:
    """A stand-in deduplicator: workers mark nothing, the driver marks in input order.

    Workers do compute each article's fingerprint (the costly part of the check),
    so the driver, one process for every worker, only compares.
    """

    @staticmethod
    def mark(article: Article) -> Article:
        from polevents.clean.dedup import fingerprint_of

        return replace(article, fingerprint=fingerprint_of(article.body))


def code_batch(
    items: Sequence[RawDocument | Skip],
    *,
    settings_json: str,
    batch_id: int,
    out: str | None = None,
) -> list[DocumentResult]:
    """Clean and code ``items``; one ``DocumentResult`` per item, in order.

    Every article is coded (duplicates too), so the driver can drop the events
    of those it marks as near-duplicates and match a single-process run. The
    raw text is dropped from the results: the store needs only its hash and size.

    Args:
        items: documents (and skips, passed through) of one batch.
        settings_json: ``Settings.model_dump_json()`` of the run.
        batch_id: the batch's number, which names its Parquet files.
        out: where to write Parquet (a local path or a URI pyarrow knows, such as
            ``s3://bucket/run``); None writes nothing.
    """
    from polevents.service import clean_documents, code_results

    settings = Settings.model_validate_json(settings_json)
    cleaned = list(clean_documents(items, settings=settings, dedup=_KeepAll()))
    coded = [
        replace(r, raw=replace(r.raw, text="") if r.raw else None)
        for r in code_results(cleaned, coder_for(settings_json))
    ]
    if out is not None:
        write_parquet(coded, out, batch_id=batch_id)
    return coded


def month_of(day: date | None) -> str:
    """Return the Hive partition value of a day: ``2024-03``, or ``unknown``.

    >>> month_of(date(2024, 3, 9)), month_of(None)
    ('2024-03', 'unknown')
    """
    return f"{day:%Y-%m}" if day else "unknown"


def write_parquet(results: Sequence[DocumentResult], out: str, *, batch_id: int) -> int:
    """Write a batch's events and articles under ``out`` as ``TABLE/month=YYYY-MM/part-N.parquet``.

    Events are partitioned by event month (their publication month when
    undated), articles by publication month. Returns the number of files written.
    """
    from pyarrow import fs as pafs

    from polevents.clean.articles import to_record

    filesystem, root = pafs.FileSystem.from_uri(out) if "://" in out else (
        pafs.LocalFileSystem(), out)  # fmt: skip
    tables: dict[tuple[str, str], list[dict[str, object]]] = {}
    for result in results:
        for article in result.articles:
            record = {"article_id": article.article_id, "doc_id": article.doc_id,
                      **to_record(article)}  # fmt: skip
            tables.setdefault(("articles", month_of(article.published_on)), []).append(record)
        for event in result.events:
            record = _flat_event(event)
            month = month_of(event.event_date or event.published)
            tables.setdefault(("events", month), []).append(record)
    for (table, month), rows in sorted(tables.items()):
        folder = f"{root.rstrip('/')}/{table}/month={month}"
        filesystem.create_dir(folder, recursive=True)
        schema = pa.schema([(k, _TYPES.get(k, pa.string())) for k in rows[0]])
        pq.write_table(pa.Table.from_pylist(rows, schema=schema),
                       f"{folder}/part-{batch_id:08d}.parquet", filesystem=filesystem)  # fmt: skip
    return len(tables)


def _flat_event(event: Event) -> dict[str, object]:
    record = event.to_record()
    location = record.pop("location") or {}
    assert isinstance(location, dict)
    for key in ("name", "country", "lat", "lon"):
        record[f"location_{key}"] = location.get(key)
    record["sentence_index"] = event.sentence_index
    return record
