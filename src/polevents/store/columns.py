"""Lay a batch's values out as the store's columns: one list per column, one pass each.

``staging.stage_results`` calls them once per batch; ``write.load_staged``
then decides inside DuckDB what is written (unseen documents, merges). Building
whole columns with their Arrow types is far cheaper than appending row by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import pyarrow as pa

from polevents.types import Article, DocumentResult, Event, Skip

__all__ = ["article_columns", "document_columns", "report_columns", "source_name", "to_arrow"]


def source_name(outlet: str | None, url: str | None, doc: str) -> str:
    """Return the outlet that counts for NumSources: outlet, else URL host, else the doc.

    >>> source_name(None, "https://www.bbc.co.uk/news/1", "a.html")
    'www.bbc.co.uk'
    """
    if outlet:
        return outlet
    if url:
        host = urlsplit(url).hostname
        if host:
            return host
    return doc


def document_columns(
    fresh: Sequence[DocumentResult],
    doc_ids: list[str],
    skips: list[Skip | None],
) -> dict[str, list[object]]:
    """Columns of the ``documents`` rows; ``skips`` holds each document's refusal, if any."""
    raws = [r.raw for r in fresh]
    return {
        "doc_id": doc_ids, "doc": [r.doc for r in fresh], "origin": [r.origin for r in fresh],
        "content_hash": [raw.doc_id if raw else (skip.doc_id if skip else None)
                         for raw, skip in zip(raws, skips, strict=True)],
        "size_bytes": [raw.size_bytes if raw else None for raw in raws],
        "encoding": [raw.encoding if raw else None for raw in raws],
        "media_type": [raw.media_type if raw else None for raw in raws],
        "status": ["skipped" if skip else "ingested" for skip in skips],
        "reason": [skip.reason if skip else None for skip in skips],
        "detail": [skip.detail if skip else None for skip in skips],
    }  # fmt: skip


def article_columns(arts: Sequence[Article]) -> dict[str, list[object]]:
    """Columns of the ``articles`` rows."""
    return {
        "article_id": [a.article_id for a in arts], "doc_id": [a.doc_id for a in arts],
        "doc": [a.doc for a in arts], "story": [a.story for a in arts],
        "title": [a.title for a in arts], "outlet": [a.outlet for a in arts],
        "published": [a.published_on for a in arts], "url": [a.url for a in arts],
        "author": [a.author for a in arts], "language": [a.language for a in arts],
        "dateline": [a.dateline for a in arts], "body": [a.body for a in arts],
        "duplicate_of": [a.duplicate_of for a in arts],
    }  # fmt: skip


def report_columns(events: Sequence[Event], doc_seqs: Sequence[int]) -> dict[str, list[object]]:
    """Columns of a batch's coded reports, one row per event as the coder emitted it.

    ``doc_seqs`` holds the batch position of each event's document. The store
    turns these rows into mentions, and the rows that create a stored event
    into events, inside DuckDB (``write.load_staged``).
    """
    locs = [e.location for e in events]
    tgts = [e.target for e in events]
    sources: dict[tuple[str | None, str | None, str], str] = {}
    return {
        "seq": list(range(len(events))), "doc_seq": list(doc_seqs),
        "raw_event_id": [e.event_id for e in events],
        "event_date": [e.event_date for e in events], "published": [e.published for e in events],
        "date_source": [e.date_source for e in events],
        "source_actor": [e.source.text for e in events],
        "source_code": [e.source.code for e in events],
        "source_country": [e.source.country for e in events],
        "target_actor": [t.text if t else None for t in tgts],
        "target_code": [t.code if t else None for t in tgts],
        "target_country": [t.country if t else None for t in tgts],
        "cameo_code": [e.cameo_code for e in events], "cameo_root": [e.cameo_root for e in events],
        "quad_class": [e.quad_class for e in events], "goldstein": [e.goldstein for e in events],
        "plover_type": [e.plover_type for e in events],
        "plover_mode": [e.plover_mode for e in events],
        "symmetric": [e.symmetric for e in events],
        "location_name": [loc.name if loc else None for loc in locs],
        "location_country": [loc.country if loc else None for loc in locs],
        "lat": [loc.lat if loc else None for loc in locs],
        "lon": [loc.lon if loc else None for loc in locs],
        "sentence": [e.sentence for e in events],
        "sentence_index": [e.sentence_index for e in events],
        "rule": [e.rule for e in events], "confidence": [e.confidence for e in events],
        "article_id": [e.article_id for e in events], "doc": [e.doc for e in events],
        "story": [e.story for e in events], "title": [e.title for e in events],
        "url": [e.url for e in events],
        "outlet": [_cached_source(sources, e.outlet, e.url, e.doc) for e in events],
    }  # fmt: skip


def _cached_source(
    cache: dict[tuple[str | None, str | None, str], str], outlet: str | None, url: str | None,
    doc: str,
) -> str:  # fmt: skip
    """``source_name``, once per article (its events share outlet, URL and doc)."""
    key = (outlet, url, doc)
    found = cache.get(key)
    if found is None:
        found = cache[key] = source_name(outlet, url, doc)
    return found


_STRING = pa.string()
_TYPES = {
    "event_date": pa.date32(), "published": pa.date32(), "seen_at": pa.timestamp("us"),
    "date_added": pa.timestamp("us"), "mentioned_at": pa.timestamp("us"),
    "global_id": pa.int64(), "size_bytes": pa.int64(), "story": pa.int32(),
    "sentence_index": pa.int32(), "quad_class": pa.int8(), "num_mentions": pa.int32(),
    "num_sources": pa.int32(), "num_articles": pa.int32(), "goldstein": pa.float64(),
    "lat": pa.float64(), "lon": pa.float64(), "confidence": pa.float64(),
    "symmetric": pa.bool_(), "via_duplicate": pa.bool_(), "seq": pa.int32(),
    "doc_seq": pa.int32(), "minhash": pa.binary(),
}  # fmt: skip


def to_arrow(columns: dict[str, list[object]]) -> pa.Table:
    """Build an Arrow table with the store's column types (no type inference per value)."""
    return pa.table(
        {name: pa.array(values, type=_TYPES.get(name, _STRING)) for name, values in columns.items()}
    )
