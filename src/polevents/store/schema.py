"""DuckDB schema of the event store, as ordered, named migrations.

Each migration is applied once, in its own transaction, and recorded in
``_migrations`` (name, applied_at). The schema version is the number of
migrations applied; a store that records a migration this code does not know
comes from a newer polevents and is refused rather than guessed at.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import duckdb

from polevents.errors import StoreError

log = logging.getLogger(__name__)

_INITIAL = """
CREATE TABLE documents (
    doc_id VARCHAR PRIMARY KEY,
    doc VARCHAR,
    origin VARCHAR,
    content_hash VARCHAR,
    size_bytes BIGINT,
    encoding VARCHAR,
    media_type VARCHAR,
    status VARCHAR NOT NULL,
    reason VARCHAR,
    detail VARCHAR,
    run_id VARCHAR,
    seen_at TIMESTAMP
);
CREATE TABLE articles (
    article_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR,
    doc VARCHAR,
    story INTEGER,
    title VARCHAR,
    outlet VARCHAR,
    published DATE,
    url VARCHAR,
    author VARCHAR,
    language VARCHAR,
    dateline VARCHAR,
    body VARCHAR,
    duplicate_of VARCHAR
);
CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,
    global_id BIGINT NOT NULL,
    event_date DATE,
    published DATE,
    date_source VARCHAR,
    source_actor VARCHAR,
    source_code VARCHAR,
    source_country VARCHAR,
    target_actor VARCHAR,
    target_code VARCHAR,
    target_country VARCHAR,
    cameo_code VARCHAR,
    cameo_root VARCHAR,
    quad_class TINYINT,
    goldstein DOUBLE,
    plover_type VARCHAR,
    plover_mode VARCHAR,
    "symmetric" BOOLEAN,
    location_name VARCHAR,
    location_country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    sentence VARCHAR,
    sentence_index INTEGER,
    rule VARCHAR,
    confidence DOUBLE,
    article_id VARCHAR,
    doc VARCHAR,
    story INTEGER,
    title VARCHAR,
    url VARCHAR,
    outlet VARCHAR,
    num_mentions INTEGER,
    num_sources INTEGER,
    num_articles INTEGER,
    date_added TIMESTAMP,
    run_id VARCHAR
);
CREATE TABLE mentions (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR,
    raw_event_id VARCHAR,
    doc VARCHAR,
    story INTEGER,
    sentence VARCHAR,
    sentence_index INTEGER,
    url VARCHAR,
    outlet VARCHAR,
    published DATE,
    confidence DOUBLE,
    mentioned_at TIMESTAMP,
    via_duplicate BOOLEAN DEFAULT FALSE
);
CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    inputs INTEGER,
    documents INTEGER,
    articles INTEGER,
    events INTEGER,
    skipped INTEGER
);
"""

# The primary key on events.event_id cost a bulk load more than half its time
# (index upkeep at insert and at commit); the write path makes ids unique by
# construction, and DuckDB scans a column fast enough for lookups by id.
_EVENTS_WITHOUT_INDEX = """
CREATE TABLE _events_v2 AS SELECT * FROM events LIMIT 0;
ALTER TABLE _events_v2 ALTER COLUMN event_id SET NOT NULL;
ALTER TABLE _events_v2 ALTER COLUMN global_id SET NOT NULL;
INSERT INTO _events_v2 SELECT * FROM events ORDER BY global_id;
DROP TABLE events;
ALTER TABLE _events_v2 RENAME TO events;
"""

# What the near-duplicate check knows of each kept article (clean.dedup), so
# that a later or resumed ingest recognises copies of pages stored before it.
_ARTICLE_FINGERPRINTS = """
CREATE TABLE article_fingerprints (
    article_id VARCHAR NOT NULL,
    exact_key VARCHAR NOT NULL,
    minhash BLOB NOT NULL
);
"""

# The same for documents and articles: their primary-key indexes were probed at
# every insert and written out whole at every checkpoint, a cost that grew with
# the store (a fifth of a 1M-event load). The write path keeps ids unique itself:
# it drops what the store holds and keeps the first of repeats in a batch.
_KEYS_WITHOUT_INDEX = """
CREATE TABLE _documents_v2 AS SELECT * FROM documents LIMIT 0;
ALTER TABLE _documents_v2 ALTER COLUMN doc_id SET NOT NULL;
INSERT INTO _documents_v2 SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE _documents_v2 RENAME TO documents;
CREATE TABLE _articles_v2 AS SELECT * FROM articles LIMIT 0;
ALTER TABLE _articles_v2 ALTER COLUMN article_id SET NOT NULL;
INSERT INTO _articles_v2 SELECT * FROM articles;
DROP TABLE articles;
ALTER TABLE _articles_v2 RENAME TO articles;
"""

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001_initial", _INITIAL),
    ("0002_events_without_index", _EVENTS_WITHOUT_INDEX),
    ("0003_article_fingerprints", _ARTICLE_FINGERPRINTS),
    ("0004_keys_without_index", _KEYS_WITHOUT_INDEX),
)
"""Ordered (name, DDL) pairs; append only, never edit or reorder a released one."""

SCHEMA_VERSION = len(MIGRATIONS)


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the names recorded in ``_migrations``, oldest first ([] for a new file)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = '_migrations'"
    ).fetchall()[0]
    if not exists or not exists[0]:
        return []
    rows = con.execute("SELECT name FROM _migrations ORDER BY applied_at, name").fetchall()
    return [str(row[0]) for row in rows]


def check_schema(con: duckdb.DuckDBPyConnection, *, path: str) -> int:
    """Return the store's schema version, refusing one newer than this code.

    Raises:
        StoreError: ``newer_schema`` when the file records unknown migrations.
    """
    applied = applied_migrations(con)
    known = {name for name, _ in MIGRATIONS}
    unknown = [name for name in applied if name not in known]
    if unknown or len(applied) > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: store schema is newer than this polevents "
            f"(unknown migrations: {', '.join(unknown) or '?'}); upgrade polevents",
            reason="newer_schema",
        )
    return len(applied)


def migrate(con: duckdb.DuckDBPyConnection, *, path: str) -> list[str]:
    """Apply every pending migration, each in its own transaction; return their names."""
    check_schema(con, path=path)
    con.execute("CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR, applied_at TIMESTAMP)")
    done = set(applied_migrations(con))
    applied: list[str] = []
    for name, ddl in MIGRATIONS:
        if name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(ddl)
            con.execute(
                "INSERT INTO _migrations VALUES (?, ?)",
                [name, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except duckdb.Error:
            con.execute("ROLLBACK")
            raise
        log.info("applied migration %s to %s", name, path)
        applied.append(name)
    return applied
