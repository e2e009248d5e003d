"""The read queries behind the event endpoints: filtered pages, one event, one article.

Route handlers hold no SQL; they call these functions with an ``EventStore``.
Every value a client sends is validated here and then bound as a parameter,
never spliced into SQL: only fixed column names and fixed fragments are.
Actor filters use the analysis rule (``polevents.analysis.source``): a
3-letter code is a country, a longer one a CAMEO code prefix.

Pages are keyset-paginated, newest first, on ``(event_date, global_id)``: the
cursor is that key of the last row, so a page stays stable while an ingest
adds events, and page N costs no more than page 1.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from polevents.analysis.source import actor_clause
from polevents.errors import ConfigError, StoreError
from polevents.store.db import EventStore

__all__ = [
    "EVENT_COLUMNS",
    "EventQuery",
    "article_detail",
    "date_range",
    "decode_cursor",
    "encode_cursor",
    "event_detail",
    "events_by_ids",
    "search_events",
]

MAX_LIMIT = 1000
MAX_WORDS = 8
# Columns a listed event needs (not ``body``-sized text beyond the sentence).
EVENT_COLUMNS = (
    "event_id, global_id, article_id, doc, story, title, published, event_date, date_source, "
    "source_actor, source_code, source_country, target_actor, target_code, target_country, "
    'cameo_code, cameo_root, quad_class, goldstein, plover_type, plover_mode, "symmetric", '
    "location_name, location_country, lat, lon, sentence, rule, confidence, url, outlet, "
    "num_mentions, num_sources, num_articles"
)
_KEY = "coalesce(event_date, DATE '0001-01-01')"
_ORDER = f"ORDER BY {_KEY} DESC, global_id DESC"
_CAMEO = re.compile(r"^\d{2,4}$")
_PLOVER = re.compile(r"^[A-Za-z_]{2,30}$")
_NO_DATE = date(1, 1, 1)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """The filters of ``GET /api/events``; ``None`` means no filter."""

    source: str | None = None
    target: str | None = None
    direction: Literal["forward", "both"] = "forward"
    root: str | None = None
    code: str | None = None
    quad_class: int | None = None
    plover: str | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None
    limit: int = 100
    cursor: str | None = None


def search_events(store: EventStore, query: EventQuery) -> tuple[list[dict[str, Any]], str | None]:
    """Return one page of events (newest first) and the cursor of the next page.

    Raises:
        ConfigError: a filter is malformed (``bad_actor``, ``bad_filter``, ``bad_cursor``,
            ``window``).
    """
    if not 1 <= query.limit <= MAX_LIMIT:
        raise ConfigError(f"limit must be 1-{MAX_LIMIT}, got {query.limit}", reason="bad_filter")
    clauses, params = _filters(query)
    if query.cursor:
        day, global_id = decode_cursor(query.cursor)
        clauses.append(f"({_KEY} < ? OR ({_KEY} = ? AND global_id < ?))")
        params += [day, day, global_id]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"SELECT {EVENT_COLUMNS} FROM events {where} {_ORDER} LIMIT ?"
    rows = store.query_arrow(sql, [*params, query.limit + 1]).to_pylist()
    if len(rows) <= query.limit:
        return rows, None
    rows = rows[: query.limit]
    last = rows[-1]
    return rows, encode_cursor(last["event_date"], int(last["global_id"]))


def encode_cursor(day: date | None, global_id: int) -> str:
    """Return the opaque cursor after the event keyed ``(day, global_id)``.

    >>> decode_cursor(encode_cursor(date(2024, 3, 1), 7))
    (datetime.date(2024, 3, 1), 7)
    """
    key = json.dumps([(day or _NO_DATE).isoformat(), global_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, int]:
    """Return the key inside a cursor from ``encode_cursor``.

    Raises:
        ConfigError: ``bad_cursor`` for anything that ``encode_cursor`` did not make.
    """
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, global_id = json.loads(text)
        if not isinstance(global_id, int) or isinstance(global_id, bool):
            raise TypeError("global_id")
        return date.fromisoformat(day), global_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise ConfigError("cursor is not one this API gave", reason="bad_cursor") from exc


def event_detail(store: EventStore, event_id: str) -> dict[str, Any]:
    """Return one event row plus ``mentions`` (with their article titles) and ``evidence``.

    ``event_id`` is the event id or, when all digits, also its ``global_id``.

    Raises:
        StoreError: ``not_found``.
    """
    global_id = int(event_id) if _is_number(event_id) and len(event_id) < 19 else None
    found = store.query_arrow(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE event_id = ? OR global_id = ? LIMIT 1",
        [event_id, global_id],
    ).to_pylist()
    if not found:
        raise StoreError(f"no event {event_id!r}", reason="not_found")
    record = found[0]
    record["mentions"] = store.query_arrow(
        """SELECT m.article_id, m.sentence, m.sentence_index, m.doc, a.title,
                  coalesce(m.outlet, a.outlet) AS outlet,
                  coalesce(m.published, a.published) AS published,
                  coalesce(m.url, a.url) AS url, m.confidence, m.via_duplicate
           FROM mentions m LEFT JOIN articles a USING (article_id)
           WHERE m.event_id = ?
           ORDER BY m.mentioned_at, m.doc, m.sentence_index""",
        [record["event_id"]],
    ).to_pylist()
    sentences = [m["sentence"] for m in record["mentions"] if m["sentence"]]
    record["evidence"] = list(dict.fromkeys(sentences or [record["sentence"]]))
    return record


def article_detail(store: EventStore, article_id: str) -> dict[str, Any]:
    """Return one stored article with the ids of the events coded from it.

    Raises:
        StoreError: ``not_found``.
    """
    found = store.query_arrow(
        "SELECT * FROM articles WHERE article_id = ?", [article_id]
    ).to_pylist()
    if not found:
        raise StoreError(f"no article {article_id!r}", reason="not_found")
    record = found[0]
    ids = store.query_arrow(
        "SELECT DISTINCT event_id FROM mentions WHERE article_id = ? ORDER BY event_id",
        [article_id],
    ).to_pylist()
    record["event_ids"] = [row["event_id"] for row in ids]
    return record


def events_by_ids(store: EventStore, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Return the event rows of ``event_ids`` (missing ids left out), keyed by id."""
    if not event_ids:
        return {}
    rows = store.query_arrow(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
        [event_ids],
    ).to_pylist()
    return {row["event_id"]: row for row in rows}


def date_range(store: EventStore) -> tuple[date | None, date | None]:
    """Return the first and last event day in the store (``None`` when it has none)."""
    (row,) = store.query_arrow(
        "SELECT min(event_date) AS first, max(event_date) AS last FROM events"
    ).to_pylist()
    return row["first"], row["last"]


def _filters(query: EventQuery) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    pair, pair_params = _actor_filter(query.source, query.target, query.direction)
    if pair:
        clauses.append(pair)
        params += pair_params
    if query.root is not None:
        if not _is_number(query.root) or not 1 <= int(query.root) <= 20:
            raise ConfigError(f"root must be 01-20, got {query.root!r}", reason="bad_filter")
        clauses.append("cameo_root = ?")
        params.append(f"{int(query.root):02d}")
    if query.code is not None:
        if not _CAMEO.match(query.code):
            raise ConfigError(f"code must be 2-4 digits, got {query.code!r}", reason="bad_filter")
        clauses.append("starts_with(cameo_code, ?)")
        params.append(query.code)
    if query.quad_class is not None:
        if query.quad_class not in (1, 2, 3, 4):
            raise ConfigError("quad_class must be 1-4", reason="bad_filter")
        clauses.append("quad_class = ?")
        params.append(query.quad_class)
    if query.plover is not None:
        if not _PLOVER.match(query.plover):
            raise ConfigError(f"not a PLOVER type: {query.plover!r}", reason="bad_filter")
        clauses.append("plover_type = ?")
        params.append(query.plover.upper())
    if query.since and query.until and query.since > query.until:
        raise ConfigError(f"since {query.since} is after until {query.until}", reason="window")
    for sql, day in (("event_date >= ?", query.since), ("event_date <= ?", query.until)):
        if day is not None:
            clauses.append(sql)
            params.append(day)
    for word in _words(query.q):
        clauses.append("sentence ILIKE ? ESCAPE '\\'")
        params.append(f"%{_escape_like(word)}%")
    return clauses, params


def _actor_filter(
    source: str | None, target: str | None, direction: str
) -> tuple[str, list[object]]:
    if direction not in ("forward", "both"):
        raise ConfigError(f"direction must be forward or both, got {direction!r}",
                          reason="bad_filter")  # fmt: skip
    forward, params = _sides(source, target)
    if not forward or direction == "forward":
        return forward, params
    backward, back_params = _sides(target, source)
    return f"(({forward}) OR ({backward}))", [*params, *back_params]


def _sides(source: str | None, target: str | None) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    for side, actor in (("source", source), ("target", target)):
        if actor:
            clause, values = actor_clause(side, actor)  # type: ignore[arg-type]
            parts.append(clause)
            params += values
    return " AND ".join(parts), params


def _words(q: str | None) -> list[str]:
    words = (q or "").split()
    if len(words) > MAX_WORDS:
        raise ConfigError(f"q has more than {MAX_WORDS} words", reason="bad_filter")
    return [word[:100] for word in words]


def _escape_like(word: str) -> str:
    r"""Escape LIKE wildcards so a word matches itself.

    >>> _escape_like("50%_a\\b")
    '50\\%\\_a\\\\b'
    """
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _is_number(text: str) -> bool:
    """Return True for ASCII digits only: ``"¹".isdigit()`` is True but ``int("¹")`` raises.

    >>> _is_number("12"), _is_number("¹"), _is_number("")
    (True, False, False)
    """
    return text.isascii() and text.isdigit()
