"""Lay a batch's values out as the store's columns: one list per column, one pass each.

``write.write_batch`` decides what is written (unseen documents, merges);
these functions only build the columns and their Arrow types, far cheaper than
appending row by row (about 40 appends per event before).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc

from polevents.types import Article, DocumentResult, Event, Skip

__all__ = ["article_columns", "document_columns", "event_columns", "mention_columns",
           "source_name", "to_arrow", "with_counts"]  # fmt: skip


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
    *,
    run_id: str,
    now: datetime,
) -> dict[str, list[object]]:
    """Columns of the ``documents`` rows; ``skips`` holds each document's refusal, if any."""
    raws = [r.raw for r in fresh]
    n = len(fresh)
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
        "run_id": [run_id] * n, "seen_at": [now] * n,
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


def event_columns(
    evs: list[Event], ids: list[str], first_global: int, *, run_id: str, now: datetime
) -> dict[str, list[object]]:
    """Columns of the stored events created by ``evs`` (counts filled by ``with_counts``)."""
    n = len(evs)
    locs = [e.location for e in evs]
    tgts = [e.target for e in evs]
    return {
        "event_id": ids,
        "global_id": list(range(first_global, first_global + n)),
        "event_date": [e.event_date for e in evs], "published": [e.published for e in evs],
        "date_source": [e.date_source for e in evs],
        "source_actor": [e.source.text for e in evs], "source_code": [e.source.code for e in evs],
        "source_country": [e.source.country for e in evs],
        "target_actor": [t.text if t else None for t in tgts],
        "target_code": [t.code if t else None for t in tgts],
        "target_country": [t.country if t else None for t in tgts],
        "cameo_code": [e.cameo_code for e in evs], "cameo_root": [e.cameo_root for e in evs],
        "quad_class": [e.quad_class for e in evs], "goldstein": [e.goldstein for e in evs],
        "plover_type": [e.plover_type for e in evs], "plover_mode": [e.plover_mode for e in evs],
        "symmetric": [e.symmetric for e in evs],
        "location_name": [loc.name if loc else None for loc in locs],
        "location_country": [loc.country if loc else None for loc in locs],
        "lat": [loc.lat if loc else None for loc in locs],
        "lon": [loc.lon if loc else None for loc in locs],
        "sentence": [e.sentence for e in evs], "sentence_index": [e.sentence_index for e in evs],
        "rule": [e.rule for e in evs], "confidence": [e.confidence for e in evs],
        "article_id": [e.article_id for e in evs], "doc": [e.doc for e in evs],
        "story": [e.story for e in evs], "title": [e.title for e in evs],
        "url": [e.url for e in evs],
        "outlet": [source_name(e.outlet, e.url, e.doc) for e in evs],
        "num_mentions": [0] * n, "num_sources": [0] * n, "num_articles": [0] * n,
        "date_added": [now] * n, "run_id": [run_id] * n,
    }  # fmt: skip


def mention_columns(
    events: list[Event], targets: list[str], *, now: datetime
) -> dict[str, list[object]]:
    """Columns of one mention per coded event; ``targets`` are their stored event ids."""
    n = len(events)
    return {
        "event_id": list(targets), "article_id": [e.article_id for e in events],
        "raw_event_id": [e.event_id for e in events], "doc": [e.doc for e in events],
        "story": [e.story for e in events], "sentence": [e.sentence for e in events],
        "sentence_index": [e.sentence_index for e in events], "url": [e.url for e in events],
        "outlet": [source_name(e.outlet, e.url, e.doc) for e in events],
        "published": [e.published for e in events],
        "confidence": [e.confidence for e in events],
        "mentioned_at": [now] * n, "via_duplicate": [False] * n,
    }  # fmt: skip


def with_counts(events: pa.Table, mentions: dict[str, list[object]]) -> pa.Table:
    """Fill NumMentions/NumArticles/NumSources of new events from this batch's mentions."""
    names = ("event_id", "article_id", "outlet")
    grouped = (
        pa.table({k: pa.array(mentions[k], _STRING) for k in names})
        .group_by("event_id")
        .aggregate([(k, "count_distinct" if k != "event_id" else "count") for k in names])
    )
    at = pc.index_in(events["event_id"], value_set=grouped["event_id"])
    for old, name in (("event_id_count", "num_mentions"), ("article_id_count_distinct",
                      "num_articles"), ("outlet_count_distinct", "num_sources")):  # fmt: skip
        column = pc.fill_null(pc.take(grouped[old], at), 0).cast(pa.int32())
        events = events.set_column(events.column_names.index(name), name, column)
    return events


_STRING = pa.string()
_TYPES = {
    "event_date": pa.date32(), "published": pa.date32(), "seen_at": pa.timestamp("us"),
    "date_added": pa.timestamp("us"), "mentioned_at": pa.timestamp("us"),
    "global_id": pa.int64(), "size_bytes": pa.int64(), "story": pa.int32(),
    "sentence_index": pa.int32(), "quad_class": pa.int8(), "num_mentions": pa.int32(),
    "num_sources": pa.int32(), "num_articles": pa.int32(), "goldstein": pa.float64(),
    "lat": pa.float64(), "lon": pa.float64(), "confidence": pa.float64(),
    "symmetric": pa.bool_(), "via_duplicate": pa.bool_(),
}  # fmt: skip


def to_arrow(columns: dict[str, list[object]]) -> pa.Table:
    """Build an Arrow table with the store's column types (no type inference per value)."""
    return pa.table(
        {name: pa.array(values, type=_TYPES.get(name, _STRING)) for name, values in columns.items()}
    )
