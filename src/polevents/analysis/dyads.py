"""Per-dyad cooperation/conflict series, and the dyads that changed most.

The cooperation-conflict index of a set of events is::

    index = (VC + 2*MC - VK - 2*MK) / (VC + 2*MC + VK + 2*MK)

with VC, MC, VK, MK the weight of verbal cooperation, material cooperation,
verbal conflict and material conflict events (QuadClass 1-4). It runs from -1
(only conflict) to +1 (only cooperation) and is empty (NaN) with no events.
Material events count double because deeds say more than words, as the
Goldstein scale also scores them further from zero. Each event weighs 1
(``weight="events"``) or its ``num_mentions`` (``weight="mentions"``), so an
event that many articles report counts for more. The index is bounded, unlike
a Goldstein sum, so a busy dyad and a quiet one can be compared.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd

from polevents.analysis.source import (
    DEFAULT_TABLE,
    actor_clause,
    check_freq,
    check_table,
    node_expr,
    parse_actor,
    window_clause,
)
from polevents.errors import ConfigError

SERIES_COLUMNS: tuple[str, ...] = (
    "period",
    "events",
    "verbal_coop",
    "material_coop",
    "verbal_conflict",
    "material_conflict",
    "goldstein_sum",
    "goldstein_mean",
    "index",
)

# SQL for the four QuadClass weights and the index over a set of rows with ``w``.
QUAD_SQL = """
    count(*) AS events,
    coalesce(sum(w) FILTER (WHERE quad_class = 1), 0) AS verbal_coop,
    coalesce(sum(w) FILTER (WHERE quad_class = 2), 0) AS material_coop,
    coalesce(sum(w) FILTER (WHERE quad_class = 3), 0) AS verbal_conflict,
    coalesce(sum(w) FILTER (WHERE quad_class = 4), 0) AS material_conflict,
    coalesce(sum(goldstein * w), 0) AS goldstein_sum,
    sum(goldstein * w) / nullif(sum(w), 0) AS goldstein_mean
"""
INDEX_SQL = """
    (verbal_coop + 2 * material_coop - verbal_conflict - 2 * material_conflict)
    / nullif(verbal_coop + 2 * material_coop + verbal_conflict + 2 * material_conflict, 0)
"""


def weight_expr(weight: str) -> str:
    """Return the SQL for one event's weight.

    Raises:
        ConfigError: ``weight`` is neither ``events`` nor ``mentions``.
    """
    if weight == "events":
        return "1"
    if weight == "mentions":
        return "greatest(coalesce(num_mentions, 1), 1)"
    raise ConfigError(f"weight must be events or mentions, got {weight!r}", reason="weight")


def cooperation_index(vc: float, mc: float, vk: float, mk: float) -> float:
    """Return the cooperation-conflict index of four QuadClass weights (NaN if all 0).

    >>> cooperation_index(1, 1, 1, 0)
    0.5
    """
    total = vc + 2 * mc + vk + 2 * mk
    return (vc + 2 * mc - vk - 2 * mk) / total if total else float("nan")


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    freq: str = "month",
    since: date | None = None,
    until: date | None = None,
    directed: bool = False,
    weight: str = "events",
    table: str = DEFAULT_TABLE,
) -> pd.DataFrame:
    """Return the cooperation/conflict series of ``a`` towards ``b``, one row per period.

    Periods with no event are kept (zero counts, NaN mean and index) so the
    series has no holes; it spans ``since``..``until``, or the dyad's first to
    last event when those are not given. Periods start on the 1st (month), on
    Monday (week) or are the day itself.

    Args:
        con: connection holding the events table.
        a: source actor, a country (``RUS``) or actor code (``RUSGOV``).
        b: target actor, matched the same way.
        freq: ``day``, ``week`` or ``month``.
        since: first day included.
        until: last day included.
        directed: only ``a -> b`` events; by default both ways.
        weight: what one event counts for, 1 or its number of mentions.
        table: name of the events table.

    Returns:
        A DataFrame with ``SERIES_COLUMNS``; ``events`` is always a plain count,
        the QuadClass columns and Goldstein figures carry the weight.

    Raises:
        ConfigError: a bad actor, freq, weight or window.
        StoreError: no such table.
    """
    unit = check_freq(freq)
    table = check_table(con, table)
    w = weight_expr(weight)
    window, params = window_clause(since, until)
    pair, pair_params = _pair_clause(a, b, directed=directed)
    sql = f"""
        WITH sel AS (
            SELECT CAST(date_trunc('{unit}', event_date) AS DATE) AS period,
                   quad_class, goldstein, {w} AS w
            FROM {table} WHERE {window} AND {pair}
        ), agg AS (
            SELECT period, {QUAD_SQL} FROM sel GROUP BY period
        ), bounds AS (
            SELECT coalesce(CAST(date_trunc('{unit}', CAST(? AS DATE)) AS DATE), min(period)) AS lo,
                   coalesce(CAST(date_trunc('{unit}', CAST(? AS DATE)) AS DATE), max(period)) AS hi
            FROM agg
        ), periods AS (
            SELECT CAST(unnest(generate_series(lo, hi, INTERVAL 1 {unit})) AS DATE) AS period
            FROM bounds WHERE lo IS NOT NULL AND hi IS NOT NULL
        )
        SELECT p.period,
               coalesce(events, 0) AS events,
               coalesce(verbal_coop, 0) AS verbal_coop,
               coalesce(material_coop, 0) AS material_coop,
               coalesce(verbal_conflict, 0) AS verbal_conflict,
               coalesce(material_conflict, 0) AS material_conflict,
               coalesce(goldstein_sum, 0) AS goldstein_sum,
               goldstein_mean,
               {INDEX_SQL} AS "index"
        FROM periods p LEFT JOIN agg USING (period)
        ORDER BY p.period
    """
    frame = con.execute(sql, [*params, *pair_params, since, until]).df()
    return _typed_series(frame)


def top_dyads_by_change(
    con: duckdb.DuckDBPyConnection,
    *,
    since: date,
    until: date,
    top: int = 10,
    min_events: int = 3,
    weight: str = "events",
    table: str = DEFAULT_TABLE,
) -> pd.DataFrame:
    """Return the country dyads whose index moved most from the previous window.

    The previous window has the same length and ends the day before ``since``.
    A dyad silent before starts from an index of 0 (no relation), so a new
    partnership or a new clash ranks by how far it got from nothing. Dyads
    are unordered (``source`` < ``target``); a dyad needs ``min_events`` in the
    window to rank.

    Returns:
        Columns ``source, target, events_before, events, index_before, index,
        change, goldstein_sum``, sorted by ``abs(change)`` descending.
    """
    table = check_table(con, table)
    if since > until:
        raise ConfigError(f"since {since} is after until {until}", reason="window")
    before = since - timedelta(days=(until - since).days + 1)
    src, tgt = node_expr("source", "country"), node_expr("target", "country")
    sql = f"""
        WITH sel AS (
            SELECT least({src}, {tgt}) AS source, greatest({src}, {tgt}) AS target,
                   event_date >= ? AS now, quad_class, goldstein, {weight_expr(weight)} AS w
            FROM {table}
            WHERE event_date BETWEEN ? AND ? AND {src} <> {tgt}
        ), agg AS (
            SELECT source, target, now, {QUAD_SQL} FROM sel GROUP BY ALL
        ), idx AS (
            SELECT *, {INDEX_SQL} AS idx FROM agg
        )
        SELECT n.source, n.target,
               coalesce(b.events, 0) AS events_before, n.events,
               coalesce(b.idx, 0) AS index_before, n.idx AS "index",
               n.idx - coalesce(b.idx, 0) AS change, n.goldstein_sum
        FROM idx n LEFT JOIN idx b
          ON b.source = n.source AND b.target = n.target AND NOT b.now
        WHERE n.now AND n.events >= ?
        ORDER BY abs(change) DESC, n.events DESC, n.source, n.target
        LIMIT ?
    """
    return con.execute(sql, [since, before, until, min_events, top]).df()


def series_to_records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Return series rows as JSON-ready dicts (ISO periods, NaN as None)."""
    rows = []
    for row in frame.itertuples(index=False):
        record = dict(zip(SERIES_COLUMNS, row, strict=True))
        record["period"] = pd.Timestamp(record["period"]).date().isoformat()
        for key in ("goldstein_mean", "index"):
            value = record[key]
            record[key] = None if pd.isna(value) else round(float(value), 4)
        record["goldstein_sum"] = round(float(record["goldstein_sum"]), 4)
        for key in SERIES_COLUMNS[1:6]:
            record[key] = int(record[key])
        rows.append(record)
    return rows


def _pair_clause(a: str, b: str, *, directed: bool) -> tuple[str, list[object]]:
    a, b = parse_actor(a), parse_actor(b)
    src_a, p1 = actor_clause("source", a)
    tgt_b, p2 = actor_clause("target", b)
    forward = f"({src_a} AND {tgt_b})"
    if directed:
        return forward, [*p1, *p2]
    src_b, p3 = actor_clause("source", b)
    tgt_a, p4 = actor_clause("target", a)
    return f"({forward} OR ({src_b} AND {tgt_a}))", [*p1, *p2, *p3, *p4]


def _typed_series(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype(
        {
            "events": "int64",
            "verbal_coop": "int64",
            "material_coop": "int64",
            "verbal_conflict": "int64",
            "material_conflict": "int64",
            "goldstein_sum": "float64",
            "goldstein_mean": "float64",
            "index": "float64",
        }
    )
    frame["period"] = pd.to_datetime(frame["period"])
    return frame.reset_index(drop=True)
