"""Fetch state in the store's DuckDB file: one row per URL in the ``fetches`` table.

The row keeps the last outcome (for ``polevents status``), the validators for
the next conditional request, and for a feed item the feed it came from, which
is how ``watch`` knows which items it has already seen. The store's migrations
may absorb ``FETCHES_DDL`` later; until then this module creates the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from polevents.collect.fetch import FetchOutcome

FETCHES_DDL = """
CREATE TABLE IF NOT EXISTS fetches (
    url VARCHAR PRIMARY KEY,
    canonical_url VARCHAR,
    status VARCHAR NOT NULL,
    http_status INTEGER,
    reason VARCHAR,
    etag VARCHAR,
    last_modified VARCHAR,
    fetched_at TIMESTAMPTZ,
    feed VARCHAR
)
"""

# A URL with one of these outcomes is not fetched again as a new feed item.
SETTLED_STATUSES = ("fetched", "not_modified", "robots", "too_large", "bad_type")


class FetchState:
    """The ``fetches`` table of one store file, opened for short sessions.

    Like the store's writer, it holds DuckDB's file lock only while a session
    runs (one batch of outcomes), so readers in other processes keep working
    during a long crawl.
    """

    def __init__(self, db_path: Path, *, timeout_s: float = 10.0) -> None:
        self.db_path = db_path
        self.timeout_s = timeout_s
        self._ready = False

    @contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a read-write connection; the table exists inside.

        Raises:
            StoreError: the file is not DuckDB, or another process holds it too long.
        """
        from polevents.store.connect import connect

        with connect(self.db_path, read_only=False, timeout_s=self.timeout_s) as con:
            if not self._ready:
                ensure_fetches_table(con)
                self._ready = True
            yield con


def ensure_fetches_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``fetches`` table when it is missing."""
    con.execute(FETCHES_DDL)


def record_outcome(
    con: duckdb.DuckDBPyConnection, outcome: FetchOutcome, *, feed: str | None = None
) -> None:
    """Store ``outcome`` as the URL's latest row.

    A failure keeps the validators of the last good fetch, so that one network
    error does not turn the next request into a full download; a feed item keeps
    the feed it was first seen in.
    """
    con.execute(
        """
        INSERT INTO fetches AS f VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (url) DO UPDATE SET
            canonical_url = COALESCE(excluded.canonical_url, f.canonical_url),
            status = excluded.status,
            http_status = excluded.http_status,
            reason = excluded.reason,
            etag = CASE WHEN excluded.status IN ('fetched', 'not_modified')
                        THEN excluded.etag ELSE f.etag END,
            last_modified = CASE WHEN excluded.status IN ('fetched', 'not_modified')
                                 THEN excluded.last_modified ELSE f.last_modified END,
            fetched_at = excluded.fetched_at,
            feed = COALESCE(f.feed, excluded.feed)
        """,
        [
            outcome.url,
            outcome.canonical_url,
            outcome.status,
            outcome.http_status,
            outcome.reason,
            outcome.etag,
            outcome.last_modified,
            outcome.fetched_at,
            feed,
        ],
    )


def load_validators(
    con: duckdb.DuckDBPyConnection, urls: Iterable[str]
) -> dict[str, tuple[str | None, str | None]]:
    """Return the (ETag, Last-Modified) stored for each of ``urls`` that has any."""
    wanted = list(dict.fromkeys(urls))
    if not wanted:
        return {}
    rows = con.execute(
        "SELECT url, etag, last_modified FROM fetches WHERE url IN (SELECT unnest(?))"
        " AND (etag IS NOT NULL OR last_modified IS NOT NULL)",
        [wanted],
    ).fetchall()
    return {str(url): (etag, modified) for url, etag, modified in rows}


def filter_unseen(con: duckdb.DuckDBPyConnection, urls: Iterable[str]) -> list[str]:
    """Keep the URLs that were never settled, either as a URL or as a canonical URL.

    A URL that failed for a passing reason (network, 5xx, 429) is tried again;
    one that failed with another 4xx is not.
    """
    wanted = list(dict.fromkeys(urls))
    if not wanted:
        return []
    rows = con.execute(
        f"""
        SELECT url, canonical_url FROM fetches
        WHERE (url IN (SELECT unnest(?)) OR canonical_url IN (SELECT unnest(?)))
          AND (status IN {SETTLED_STATUSES}
               OR (http_status BETWEEN 400 AND 499 AND http_status <> 429))
        """,
        [wanted, wanted],
    ).fetchall()
    known = {value for row in rows for value in row if value}
    return [url for url in wanted if url not in known]


def load_canonical_owners(
    con: duckdb.DuckDBPyConnection, canonical_urls: Iterable[str]
) -> dict[str, set[str]]:
    """Return, for each canonical URL already fetched, the URLs it was fetched from."""
    wanted = list(dict.fromkeys(canonical_urls))
    if not wanted:
        return {}
    rows = con.execute(
        "SELECT canonical_url, url FROM fetches"
        " WHERE canonical_url IN (SELECT unnest(?)) AND status = 'fetched'",
        [wanted],
    ).fetchall()
    owners: dict[str, set[str]] = {}
    for canonical, url in rows:
        owners.setdefault(str(canonical), set()).add(str(url))
    return owners


def fetch_status_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Count URLs by their latest outcome, for ``polevents status``.

    Returns an empty dict when nothing was ever fetched (no ``fetches`` table).
    """
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'fetches'"
    ).fetchone()
    if not exists or not exists[0]:
        return {}
    rows = con.execute(
        "SELECT status, count(*) FROM fetches GROUP BY status ORDER BY status"
    ).fetchall()
    return {str(status): int(count) for status, count in rows}
