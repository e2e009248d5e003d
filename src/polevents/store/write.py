"""Write one batch of ``DocumentResult`` in one transaction: all of it or nothing.

A document row is written in the same transaction as its articles, events and
mentions, so a crash (even ``kill -9``) leaves either the whole batch or none
of it, and the next run, which skips documents already recorded, resumes
exactly where the last commit ended. Rows go in column-wise through Arrow
tables; there is no row-by-row INSERT.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa

from polevents.store.merge import MergeIndex, MergeKey, key_of, stored_event_id
from polevents.types import DocumentResult, Event

EVENT_COLUMNS = (
    "event_id", "global_id", "event_date", "published", "date_source", "source_actor",
    "source_code", "source_country", "target_actor", "target_code", "target_country",
    "cameo_code", "cameo_root", "quad_class", "goldstein", "plover_type", "plover_mode",
    "symmetric", "location_name", "location_country", "lat", "lon", "sentence", "sentence_index",
    "rule", "confidence", "article_id", "doc", "story", "title", "url", "outlet", "num_mentions",
    "num_sources", "num_articles", "date_added", "run_id",
)  # fmt: skip
MENTION_COLUMNS = (
    "event_id", "article_id", "raw_event_id", "doc", "story", "sentence", "sentence_index", "url",
    "outlet", "published", "confidence", "mentioned_at", "via_duplicate",
)  # fmt: skip
ARTICLE_COLUMNS = (
    "article_id", "doc_id", "doc", "story", "title", "outlet", "published", "url", "author",
    "language", "dateline", "body", "duplicate_of",
)  # fmt: skip
DOCUMENT_COLUMNS = (
    "doc_id", "doc", "origin", "content_hash", "size_bytes", "encoding", "media_type", "status",
    "reason", "detail", "run_id", "seen_at",
)  # fmt: skip


@dataclass(slots=True)
class BatchCounts:
    """What one batch added to the store."""

    inputs: int = 0
    documents: int = 0
    already_known: int = 0
    articles: int = 0
    duplicates: int = 0
    events: int = 0
    merged: int = 0
    mentions: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def doc_id_of(result: DocumentResult) -> str:
    """Return the id under which a result is recorded (SHA-1 of its bytes, else of its origin)."""
    if result.raw is not None:
        return result.raw.doc_id
    for skip in result.skips:
        if skip.doc_id:
            return skip.doc_id
    return "origin:" + hashlib.sha1(result.origin.encode("utf-8")).hexdigest()


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


def write_batch(
    con: duckdb.DuckDBPyConnection,
    results: Sequence[DocumentResult],
    *,
    run_id: str,
    now: datetime,
) -> BatchCounts:
    """Write ``results`` inside the caller's open transaction; return what was added."""
    counts = BatchCounts(inputs=len(results))
    fresh = _unseen(con, results, counts)
    cols: dict[str, dict[str, list[object]]] = {
        "documents": {c: [] for c in DOCUMENT_COLUMNS},
        "articles": {c: [] for c in ARTICLE_COLUMNS},
        "events": {c: [] for c in EVENT_COLUMNS},
        "mentions": {c: [] for c in MENTION_COLUMNS},
    }
    for result in fresh:
        _add_document(cols["documents"], result, run_id=run_id, now=now, counts=counts)
    _add_articles(con, cols["articles"], fresh, counts)
    events = [e for r in fresh for e in r.events]
    touched_old = _add_events(con, cols, events, run_id=run_id, now=now, counts=counts)
    touched_old |= _add_duplicate_mentions(con, cols, fresh, now=now, counts=counts)
    _set_new_counts(cols)
    for table, columns in cols.items():
        _insert(con, table, columns)
    if touched_old:
        _recount(con, touched_old)
    return counts


def _unseen(
    con: duckdb.DuckDBPyConnection, results: Sequence[DocumentResult], counts: BatchCounts
) -> list[DocumentResult]:
    ids = [doc_id_of(r) for r in results]
    known = {
        row[0]
        for row in con.execute(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall()
    }
    fresh: list[DocumentResult] = []
    for doc_id, result in zip(ids, results, strict=True):
        if doc_id in known:
            counts.already_known += 1
            continue
        known.add(doc_id)
        fresh.append(result)
    return fresh


def _add_document(
    out: dict[str, list[object]],
    result: DocumentResult,
    *,
    run_id: str,
    now: datetime,
    counts: BatchCounts,
) -> None:
    raw = result.raw
    skip = result.skips[0] if result.skips and not result.articles else None
    values = {
        "doc_id": doc_id_of(result),
        "doc": result.doc,
        "origin": result.origin,
        "content_hash": raw.doc_id if raw else (skip.doc_id if skip else None),
        "size_bytes": raw.size_bytes if raw else None,
        "encoding": raw.encoding if raw else None,
        "media_type": raw.media_type if raw else None,
        "status": "skipped" if skip else "ingested",
        "reason": skip.reason if skip else None,
        "detail": skip.detail if skip else None,
        "run_id": run_id,
        "seen_at": now,
    }
    for name, value in values.items():
        out[name].append(value)
    counts.documents += 1
    if skip:
        counts.skipped[skip.reason] = counts.skipped.get(skip.reason, 0) + 1


def _add_articles(
    con: duckdb.DuckDBPyConnection,
    out: dict[str, list[object]],
    fresh: Sequence[DocumentResult],
    counts: BatchCounts,
) -> None:
    batch = [a for r in fresh for a in r.articles]
    ids = [a.article_id for a in batch]
    stored = {
        row[0]
        for row in con.execute(
            "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
    }
    written: set[str] = set()
    for art in batch:
        if art.article_id in stored or art.article_id in written:
            continue
        written.add(art.article_id)
        row = (
            art.article_id, art.doc_id, art.doc, art.story, art.title, art.outlet,
            art.published_on, art.url, art.author, art.language, art.dateline, art.body,
            art.duplicate_of,
        )  # fmt: skip
        for name, value in zip(ARTICLE_COLUMNS, row, strict=True):
            out[name].append(value)
        counts.articles += 1
        counts.duplicates += art.duplicate_of is not None


def _candidates(con: duckdb.DuckDBPyConnection, keys: list[MergeKey]) -> MergeIndex:
    """Load the stored events that any of ``keys`` could merge into."""
    index = MergeIndex()
    dated = [k for k in keys if k.on is not None]
    if not dated:
        return index
    rows: dict[str, list[object]] = {"s": [], "t": [], "r": [], "d": []}
    for k in dated:
        pairs = [(k.source_code, k.target_code)]
        if k.symmetric and k.target_code is not None:
            pairs.append((k.target_code, k.source_code))
        for s, t in pairs:
            rows["s"].append(s)
            rows["t"].append(t)
            rows["r"].append(k.cameo_root)
            rows["d"].append(k.on)
    lo = min(k.on for k in dated if k.on)
    hi = max(k.on for k in dated if k.on)
    con.register("_merge_keys", pa.table(rows))
    try:
        found = con.execute(
            """
            SELECT DISTINCT e.source_code, e.target_code, e.cameo_root,
                   coalesce(e.event_date, e.published), e.location_country, e."symmetric",
                   e.event_id, e.global_id
            FROM events e JOIN _merge_keys k
              ON e.cameo_root = k.r AND e.source_code = k.s
             AND e.target_code IS NOT DISTINCT FROM k.t
            WHERE coalesce(e.event_date, e.published) BETWEEN k.d - 1 AND k.d + 1
              AND coalesce(e.event_date, e.published) BETWEEN ?::DATE - 1 AND ?::DATE + 1
            ORDER BY e.global_id
            """,
            [lo, hi],
        ).fetchall()
    finally:
        con.unregister("_merge_keys")
    for s, t, r, on, country, sym, event_id, _ in found:
        index.add(MergeKey(s, t, r, on, country, bool(sym)), event_id)
    return index


def _add_events(
    con: duckdb.DuckDBPyConnection,
    cols: dict[str, dict[str, list[object]]],
    events: list[Event],
    *,
    run_id: str,
    now: datetime,
    counts: BatchCounts,
) -> set[str]:
    keys = [key_of(e) for e in events]
    index = _candidates(con, keys)
    row = con.execute("SELECT coalesce(max(global_id), 0) FROM events").fetchall()[0]
    next_global = int(row[0]) if row else 0
    new_ids: set[str] = set()
    touched_old: set[str] = set()
    out, mentions = cols["events"], cols["mentions"]
    for event, key in zip(events, keys, strict=True):
        target = index.find(key)
        if target is None:
            target = stored_event_id(event.event_id)
            next_global += 1
            _append_event(out, event, target, next_global, run_id=run_id, now=now)
            index.add(key, target)
            new_ids.add(target)
            counts.events += 1
        elif target not in new_ids:
            touched_old.add(target)
            counts.merged += 1
        else:
            counts.merged += 1
        _append_mention(mentions, event, target, now=now)
        counts.mentions += 1
    return touched_old


def _append_event(
    out: dict[str, list[object]],
    e: Event,
    event_id: str,
    global_id: int,
    *,
    run_id: str,
    now: datetime,
) -> None:
    loc, tgt = e.location, e.target
    row = (
        event_id, global_id, e.event_date, e.published, e.date_source, e.source.text,
        e.source.code, e.source.country, tgt.text if tgt else None, tgt.code if tgt else None,
        tgt.country if tgt else None, e.cameo_code, e.cameo_root, e.quad_class, e.goldstein,
        e.plover_type, e.plover_mode, e.symmetric, loc.name if loc else None,
        loc.country if loc else None, loc.lat if loc else None, loc.lon if loc else None,
        e.sentence, e.sentence_index, e.rule, e.confidence, e.article_id, e.doc, e.story,
        e.title, e.url, source_name(e.outlet, e.url, e.doc), 0, 0, 0, now, run_id,
    )  # fmt: skip
    for name, value in zip(EVENT_COLUMNS, row, strict=True):
        out[name].append(value)


def _append_mention(
    out: dict[str, list[object]], e: Event, event_id: str, *, now: datetime
) -> None:
    row = (
        event_id, e.article_id, e.event_id, e.doc, e.story, e.sentence, e.sentence_index, e.url,
        source_name(e.outlet, e.url, e.doc), e.published, e.confidence, now, False,
    )  # fmt: skip
    for name, value in zip(MENTION_COLUMNS, row, strict=True):
        out[name].append(value)


def _add_duplicate_mentions(
    con: duckdb.DuckDBPyConnection,
    cols: dict[str, dict[str, list[object]]],
    fresh: Sequence[DocumentResult],
    *,
    now: datetime,
    counts: BatchCounts,
) -> set[str]:
    """Credit each near-duplicate article with the mentions of the article it copies."""
    dups = [a for r in fresh for a in r.articles if a.duplicate_of]
    if not dups:
        return set()
    mentions = cols["mentions"]
    originals = {a.duplicate_of for a in dups}
    found: dict[str, list[tuple[str, str, int]]] = {}
    for i, article_id in enumerate(mentions["article_id"]):
        if article_id in originals and not mentions["via_duplicate"][i]:
            found.setdefault(str(article_id), []).append(
                (str(mentions["event_id"][i]), str(mentions["sentence"][i]),
                 int(mentions["sentence_index"][i]))  # type: ignore[call-overload]
            )  # fmt: skip
    stored = con.execute(
        """SELECT article_id, event_id, sentence, sentence_index FROM mentions
           WHERE NOT via_duplicate AND article_id IN (SELECT unnest(?::VARCHAR[]))
           ORDER BY event_id, sentence_index""",
        [sorted(o for o in originals if o not in found)],
    ).fetchall()
    new_events = set(cols["events"]["event_id"])
    touched_old: set[str] = set()
    for article_id, event_id, sentence, index in stored:
        found.setdefault(article_id, []).append((event_id, sentence, index))
    for art in dups:
        for event_id, sentence, index in found.get(str(art.duplicate_of), ()):
            row = (
                event_id, art.article_id, None, art.doc, art.story, sentence, index, art.url,
                source_name(art.outlet, art.url, art.doc), art.published_on, None, now, True,
            )  # fmt: skip
            for name, value in zip(MENTION_COLUMNS, row, strict=True):
                mentions[name].append(value)
            counts.mentions += 1
            if event_id not in new_events:
                touched_old.add(event_id)
    return touched_old


def _set_new_counts(cols: dict[str, dict[str, list[object]]]) -> None:
    """Fill NumMentions/NumArticles/NumSources of the events created in this batch."""
    events, mentions = cols["events"], cols["mentions"]
    position = {event_id: i for i, event_id in enumerate(events["event_id"])}
    arts: dict[object, set[object]] = {}
    outlets: dict[object, set[object]] = {}
    for event_id, article_id, outlet in zip(
        mentions["event_id"], mentions["article_id"], mentions["outlet"], strict=True
    ):
        i = position.get(event_id)
        if i is None:
            continue
        events["num_mentions"][i] = int(events["num_mentions"][i]) + 1  # type: ignore[call-overload]
        arts.setdefault(event_id, set()).add(article_id)
        outlets.setdefault(event_id, set()).add(outlet)
    for event_id, i in position.items():
        events["num_articles"][i] = len(arts.get(event_id, ()))
        events["num_sources"][i] = len(outlets.get(event_id, ()))


def _recount(con: duckdb.DuckDBPyConnection, event_ids: set[str]) -> None:
    """Recompute the merge counts of stored events that gained mentions."""
    con.register("_touched", pa.table({"event_id": sorted(event_ids)}))
    try:
        con.execute(
            """
            UPDATE events SET num_mentions = c.n, num_articles = c.a, num_sources = c.s
            FROM (SELECT event_id, count(*) AS n, count(DISTINCT article_id) AS a,
                         count(DISTINCT outlet) AS s
                  FROM mentions WHERE event_id IN (SELECT event_id FROM _touched)
                  GROUP BY event_id) c
            WHERE events.event_id = c.event_id
            """
        ).fetchall()
    finally:
        con.unregister("_touched")


_TYPES = {
    "event_date": pa.date32(),
    "published": pa.date32(),
    "seen_at": pa.timestamp("us"),
    "date_added": pa.timestamp("us"),
    "mentioned_at": pa.timestamp("us"),
}


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[object]]) -> None:
    first = next(iter(columns.values()))
    if not first:
        return
    arrays = {name: pa.array(values, type=_TYPES.get(name)) for name, values in columns.items()}
    name = f"_new_{table}"
    con.register(name, pa.table(arrays))
    try:
        names = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {name}").fetchall()
    finally:
        con.unregister(name)
