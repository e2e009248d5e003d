"""Write one staged batch in one transaction: all of it or nothing, decided inside DuckDB.

A document row is written in the same transaction as its articles, events and
mentions, so a crash (even ``kill -9``) leaves either the whole batch or none
of it, and the next run, which skips documents already recorded, resumes
exactly where the last commit ended. Rows arrive as Arrow tables
(``staging.StagedBatch``); what is new, what merges into what
(``batch_merge.plan_batch``: Python only for reports that may merge), the mention
rows, the events' GLOBALEVENTIDs and their NumMentions/NumSources/NumArticles
are all computed by SQL over those tables. There is no row-by-row INSERT.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from polevents.store.batch_merge import plan_batch
from polevents.store.staging import StagedBatch

if TYPE_CHECKING:
    from polevents.store.report import RunReport

_EVENT_FIELDS = (
    "event_date", "published", "date_source", "source_actor", "source_code", "source_country",
    "target_actor", "target_code", "target_country", "cameo_code", "cameo_root", "quad_class",
    "goldstein", "plover_type", "plover_mode", "symmetric", "location_name", "location_country",
    "lat", "lon", "sentence", "sentence_index", "rule", "confidence", "article_id", "doc", "story",
    "title", "url", "outlet",
)  # fmt: skip
_ARTICLE_FIELDS = (
    "article_id", "doc_id", "doc", "story", "title", "outlet", "published", "url", "author",
    "language", "dateline", "body", "duplicate_of",
)  # fmt: skip
_DOCUMENT_FIELDS = (
    "doc_id", "doc", "origin", "content_hash", "size_bytes", "encoding", "media_type", "status",
    "reason", "detail",
)  # fmt: skip
_DAY = "date_diff('day', DATE '1970-01-01', coalesce(event_date, published))::INTEGER"
_TEMP = ("_fresh_docs", "_fresh_articles", "_fresh", "_best_stored", "_contested", "_groups",
         "_ids", "_batch_mentions", "_dup_mentions")  # fmt: skip


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


def load_staged(
    con: duckdb.DuckDBPyConnection, batch: StagedBatch, *, run_id: str, now: datetime
) -> BatchCounts:
    """Write ``batch`` inside the caller's open transaction; return what was added.

    Documents the store already holds (and repeats within the batch) are
    dropped with their articles and reports; articles already stored are not
    written again; each report becomes a mention of a new or a stored event.
    """
    counts = BatchCounts(inputs=batch.inputs)
    views = {"_staged_docs": batch.documents, "_staged_articles": batch.articles,
             "_staged_reports": batch.reports}  # fmt: skip
    for name, table in views.items():
        con.register(name, table)
    try:
        _select_fresh(con, counts)
        first_global = _scalar(con, "SELECT coalesce(max(global_id), 0) + 1 FROM events")
        plan = plan_batch(con, first_global)
        counts.events = plan.num_rows - plan.column("global_id").null_count
        _gather_reports(con, plan)
        _write_rows(con, run_id=run_id, now=now, counts=counts)
    finally:
        for name in views:
            con.unregister(name)
        for name in _TEMP:
            _run(con, f"DROP TABLE IF EXISTS {name}")
    return counts


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> None:
    """Execute a statement and finish its result (DuckDB refuses new work before that)."""
    con.execute(sql, params or []).fetchall()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    rows = con.execute(sql, params or []).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def _select_fresh(con: duckdb.DuckDBPyConnection, counts: BatchCounts) -> None:
    """Find the documents, articles and reports the store does not hold yet (temp tables).

    The temp tables keep keys and short fields only; bodies and sentences stay
    in the registered Arrow tables until they are inserted.
    """
    _run(
        con,
        """CREATE OR REPLACE TEMP TABLE _fresh_docs AS
           SELECT * FROM _staged_docs s
           WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = s.doc_id)
           QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY doc_seq) = 1""",
    )
    _run(
        con,
        """CREATE OR REPLACE TEMP TABLE _fresh_articles AS
           SELECT article_id, doc_seq, duplicate_of, doc, story, url, source, published
           FROM _staged_articles a SEMI JOIN _fresh_docs f USING (doc_seq)
           WHERE NOT EXISTS (SELECT 1 FROM articles s WHERE s.article_id = a.article_id)
           QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY doc_seq) = 1""",
    )
    _run(
        con,
        f"""CREATE OR REPLACE TEMP TABLE _fresh AS
            SELECT seq, source_code, target_code, cameo_root, {_DAY} AS day, location_country,
                   "symmetric"
            FROM _staged_reports r SEMI JOIN _fresh_docs f USING (doc_seq)""",
    )
    counts.documents = _scalar(con, "SELECT count(*) FROM _fresh_docs")
    counts.already_known = counts.inputs - counts.documents
    counts.articles = _scalar(con, "SELECT count(*) FROM _fresh_articles")
    counts.duplicates = _scalar(con, "SELECT count(duplicate_of) FROM _fresh_articles")
    for reason, n in con.execute(
        "SELECT reason, count(*) FROM _fresh_docs WHERE status = 'skipped' GROUP BY reason"
    ).fetchall():
        counts.skipped[str(reason)] = int(n)


# NumMentions, NumSources, NumArticles of an event from its mention rows.
_MERGE_COUNTS = "count(*) AS n, count(DISTINCT outlet) AS s, count(DISTINCT article_id) AS a"
_MENTION_FIELDS = (
    "event_id, article_id, raw_event_id, doc, story, sentence, sentence_index, url, outlet, "
    "published, confidence, mentioned_at, via_duplicate"
)


def _gather_reports(con: duckdb.DuckDBPyConnection, plan: pa.Table) -> None:
    """Give each fresh report the id of its event (temp table ``_ids``: seq, global_id, event_id).

    A new event's id is ``ev_`` + 20 hex digits of the SHA-1 of the raw id of
    the report that created it, which arrived before every report joining it
    (hence the first value by seq); a report joining a stored event takes its id.
    """
    con.register("_plan_arrow", plan)
    try:
        _run(
            con,
            """CREATE OR REPLACE TEMP TABLE _ids AS
               SELECT p.seq, p.global_id,
                      coalesce(p.stored_target, first_value(
                          'ev_' || left(sha1(r.raw_event_id), 20))
                          OVER (PARTITION BY p.creator ORDER BY p.seq)) AS event_id
               FROM _plan_arrow p JOIN _staged_reports r USING (seq)""",
        )
    finally:
        con.unregister("_plan_arrow")


def _write_rows(
    con: duckdb.DuckDBPyConnection, *, run_id: str, now: datetime, counts: BatchCounts
) -> None:
    """Insert the batch's documents, articles, mentions and new events; recount old events."""
    _run(
        con,
        f"INSERT INTO documents ({', '.join(_DOCUMENT_FIELDS)}, run_id, seen_at) "
        f"SELECT {', '.join(_DOCUMENT_FIELDS)}, ?, ?::TIMESTAMP FROM _fresh_docs",
        [run_id, now],
    )
    _run(
        con,
        f"INSERT INTO articles ({', '.join(_ARTICLE_FIELDS)}) "
        f"SELECT {', '.join(_ARTICLE_FIELDS)} FROM _staged_articles "
        "SEMI JOIN _fresh_articles USING (article_id, doc_seq)",
    )
    _run(
        con,
        "INSERT INTO article_fingerprints SELECT article_id, exact_key, minhash "
        "FROM _staged_articles SEMI JOIN _fresh_articles USING (article_id, doc_seq) "
        "WHERE minhash IS NOT NULL",
    )
    _run(
        con,
        f"""INSERT INTO mentions ({_MENTION_FIELDS})
            SELECT i.event_id, r.article_id, r.raw_event_id, r.doc, r.story, r.sentence,
                   r.sentence_index, r.url, r.outlet, r.published, r.confidence, ?::TIMESTAMP,
                   false
            FROM _ids i JOIN _staged_reports r USING (seq)""",
        [now],
    )
    _run(
        con,
        "CREATE OR REPLACE TEMP TABLE _batch_mentions AS "
        "SELECT i.event_id, r.article_id, r.outlet FROM _ids i JOIN _staged_reports r USING (seq)",
    )
    if counts.duplicates:
        _add_duplicate_mentions(con, now)
    counts.mentions = _scalar(con, "SELECT count(*) FROM _batch_mentions")
    counts.merged = _scalar(con, "SELECT count(*) FROM _ids") - counts.events
    _insert_events(con, run_id=run_id, now=now)
    _run(
        con,
        f"""UPDATE events SET num_mentions = c.n, num_articles = c.a, num_sources = c.s
           FROM (SELECT event_id, {_MERGE_COUNTS}
                 FROM mentions WHERE event_id IN (
                     SELECT event_id FROM _batch_mentions
                     EXCEPT SELECT event_id FROM _ids WHERE global_id IS NOT NULL)
                 GROUP BY event_id) c
           WHERE events.event_id = c.event_id""",
    )


def _insert_events(con: duckdb.DuckDBPyConnection, *, run_id: str, now: datetime) -> None:
    """Insert the events created by this batch, with their merge counts.

    Most new events have one mention; only those with more need distinct counts.
    """
    fields = ", ".join(f'"{f}"' for f in _EVENT_FIELDS)
    picked = ", ".join(f'r."{f}"' for f in _EVENT_FIELDS)
    _run(
        con,
        f"""INSERT INTO events (event_id, global_id, {fields}, num_mentions, num_sources,
                               num_articles, date_added, run_id)
            WITH several AS (
              SELECT event_id, {_MERGE_COUNTS}
              FROM _batch_mentions
              WHERE event_id IN (SELECT event_id FROM _batch_mentions
                                 GROUP BY event_id HAVING count(*) > 1)
              GROUP BY event_id)
            SELECT i.event_id, i.global_id, {picked}, coalesce(c.n, 1), coalesce(c.s, 1),
                   coalesce(c.a, 1), ?::TIMESTAMP, ?
            FROM _ids i JOIN _staged_reports r USING (seq) LEFT JOIN several c USING (event_id)
            WHERE i.global_id IS NOT NULL""",
        [now, run_id],
    )


def _add_duplicate_mentions(con: duckdb.DuckDBPyConnection, now: datetime) -> None:
    """Credit each near-duplicate article with the mentions of the article it copies.

    The copied article may be in this batch (its mentions were just inserted)
    or stored earlier.
    """
    _run(
        con,
        """CREATE OR REPLACE TEMP TABLE _dup_mentions AS
           SELECT DISTINCT m.event_id, a.article_id, a.doc, a.story, m.sentence,
                  m.sentence_index, a.url, a.source AS outlet, a.published
           FROM _fresh_articles a JOIN mentions m
             ON m.article_id = a.duplicate_of AND NOT m.via_duplicate""",
    )
    _run(
        con,
        f"""INSERT INTO mentions ({_MENTION_FIELDS})
            SELECT event_id, article_id, NULL, doc, story, sentence, sentence_index, url, outlet,
                   published, NULL, ?::TIMESTAMP, true FROM _dup_mentions""",
        [now],
    )
    _run(con, "INSERT INTO _batch_mentions SELECT event_id, article_id, outlet FROM _dup_mentions")


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
