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
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from polevents.store.columns import (
    article_columns,
    document_columns,
    event_columns,
    mention_columns,
    source_name,
    to_arrow,
    with_counts,
)
from polevents.store.merge import MergeIndex, MergeKey, key_of, stored_event_id
from polevents.types import Article, DocumentResult, Event

if TYPE_CHECKING:
    from polevents.store.report import RunReport

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


def write_batch(
    con: duckdb.DuckDBPyConnection,
    results: Sequence[DocumentResult],
    *,
    run_id: str,
    now: datetime,
) -> BatchCounts:
    """Write ``results`` inside the caller's open transaction; return what was added.

    Columns are built once per batch with one comprehension each (no per-row
    appends), go to DuckDB as Arrow tables, and the merge counts of new events
    are computed by Arrow's group-by rather than in Python.
    """
    counts = BatchCounts(inputs=len(results))
    fresh = _unseen(con, results, counts)
    skips = [r.skips[0] if r.skips and not r.articles else None for r in fresh]
    for skip in skips:
        if skip:
            counts.skipped[skip.reason] = counts.skipped.get(skip.reason, 0) + 1
    counts.documents += len(fresh)
    documents = document_columns(fresh, [doc_id_of(r) for r in fresh], skips, run_id=run_id,
                                 now=now)  # fmt: skip
    articles = article_columns(_new_articles(con, fresh, counts))
    events = [e for r in fresh for e in r.events]
    plan = _merge(con, events, counts)
    mentions = mention_columns(events, plan.targets, now=now)
    touched_old = plan.touched_old | _add_duplicate_mentions(
        con, mentions, fresh, new_ids=plan.new_ids, now=now, counts=counts
    )
    _insert(con, "documents", documents)
    _insert(con, "articles", articles)
    _insert(con, "mentions", mentions)
    if plan.created:
        created = event_columns(plan.created, plan.created_ids, plan.first_global,
                                run_id=run_id, now=now)  # fmt: skip
        _insert(con, "events", with_counts(to_arrow(created), mentions))
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


def _new_articles(
    con: duckdb.DuckDBPyConnection, fresh: Sequence[DocumentResult], counts: BatchCounts
) -> list[Article]:
    batch = [a for r in fresh for a in r.articles]
    stored = {
        row[0]
        for row in con.execute(
            "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [[a.article_id for a in batch]],
        ).fetchall()
    }
    kept: dict[str, Article] = {}
    for art in batch:
        if art.article_id not in stored:
            kept.setdefault(art.article_id, art)
    counts.articles += len(kept)
    counts.duplicates += sum(a.duplicate_of is not None for a in kept.values())
    return list(kept.values())


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


@dataclass(slots=True)
class _MergePlan:
    """Where each coded event of a batch goes: a new stored event or an earlier one."""

    targets: list[str]  # the stored event id of each coded event, in order
    created: list[Event]  # the coded events that create a stored event
    created_ids: list[str]
    first_global: int  # GLOBALEVENTID of created[0]
    new_ids: set[str]
    touched_old: set[str]


def _merge(con: duckdb.DuckDBPyConnection, events: list[Event], counts: BatchCounts) -> _MergePlan:
    keys = [key_of(e) for e in events]
    index = _candidates(con, keys)
    row = con.execute("SELECT coalesce(max(global_id), 0) FROM events").fetchall()[0]
    plan = _MergePlan([], [], [], (int(row[0]) if row else 0) + 1, set(), set())
    find, targets, new_ids = index.find, plan.targets, plan.new_ids
    for event, key in zip(events, keys, strict=True):
        target = find(key)
        if target is None:
            target = stored_event_id(event.event_id)
            index.add(key, target)
            new_ids.add(target)
            plan.created.append(event)
            plan.created_ids.append(target)
        elif target not in new_ids:
            plan.touched_old.add(target)
        targets.append(target)
    counts.events += len(plan.created)
    counts.merged += len(events) - len(plan.created)
    counts.mentions += len(events)
    return plan


def _add_duplicate_mentions(
    con: duckdb.DuckDBPyConnection,
    mentions: dict[str, list[object]],
    fresh: Sequence[DocumentResult],
    *,
    new_ids: set[str],
    now: datetime,
    counts: BatchCounts,
) -> set[str]:
    """Credit each near-duplicate article with the mentions of the article it copies."""
    dups = [a for r in fresh for a in r.articles if a.duplicate_of]
    if not dups:
        return set()
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
            if event_id not in new_ids:
                touched_old.add(event_id)
    return touched_old


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


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[object]] | pa.Table
) -> None:
    rows = columns if isinstance(columns, pa.Table) else to_arrow(columns)
    if rows.num_rows == 0:
        return
    name = f"_new_{table}"
    con.register(name, rows)
    try:
        names = ", ".join(f'"{c}"' for c in rows.column_names)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {name}").fetchall()
    finally:
        con.unregister(name)


def upsert_run(con: duckdb.DuckDBPyConnection, report: RunReport, *, inputs: int | None) -> None:
    """Write (or rewrite) the run's row in ``runs``."""
    skipped = sum(report.skipped.values())
    con.execute("DELETE FROM runs WHERE run_id = ?", [report.run_id]).fetchall()
    con.execute(
        "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [report.run_id, naive(report.started_at), naive(report.finished_at),
         inputs if inputs is not None else report.inputs, report.documents, report.articles,
         report.events, skipped],
    ).fetchall()  # fmt: skip


def naive(value: datetime | None) -> datetime | None:
    """Return ``value`` in UTC without its zone, as DuckDB's TIMESTAMP stores it."""
    return value.astimezone(UTC).replace(tzinfo=None) if value else None
