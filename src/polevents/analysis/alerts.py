"""Shifts worth a reader's attention, each with the events that make it.

Four kinds, all on country dyads (actors with no country keep their code):

``index_shift``
    A dyad's cooperation-conflict index in one period differs from its index
    over the ``trailing`` periods before by at least ``threshold`` (both with
    ``min_events``). Score: the change, from -2 to +2.
``bloc_conflict``
    The first *material* conflict (QuadClass 4) in the window between two
    members of one bloc, the blocs being found on the ``lookback_days`` before
    ``since``, when the pair had none in that lookback. Verbal conflict is
    left out: allies trade accusations routinely, they rarely trade blows.
    Score: material conflict events of the pair in the window.
``new_partnership``
    The first material cooperation (QuadClass 2) ever recorded between two
    actors. Score: such events of the pair in the window.
``root_surge``
    A country takes part in at least ``surge_min`` events of one CAMEO root
    (by default the conflict roots 13-20) in a period, ``surge_z`` Poisson
    z-scores above its mean over the ``trailing`` periods before. Score: z.

``period`` is the start of the period (index_shift, root_surge) or the day of
the first event (bloc_conflict, new_partnership).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb
import pandas as pd

from polevents.analysis.dyads import INDEX_SQL, QUAD_SQL, weight_expr
from polevents.analysis.network import bloc_of, find_blocs, partnership_network
from polevents.analysis.source import DEFAULT_TABLE, check_freq, check_table, node_expr

ALERT_KINDS: tuple[str, ...] = ("index_shift", "bloc_conflict", "new_partnership", "root_surge")
CONFLICT_ROOTS: tuple[str, ...] = ("13", "14", "15", "16", "17", "18", "19", "20")
# CAMEO 1.1b3 root names, for summaries.
ROOT_NAMES: dict[str, str] = {
    "01": "MAKE PUBLIC STATEMENT",
    "02": "APPEAL",
    "03": "EXPRESS INTENT TO COOPERATE",
    "04": "CONSULT",
    "05": "ENGAGE IN DIPLOMATIC COOPERATION",
    "06": "ENGAGE IN MATERIAL COOPERATION",
    "07": "PROVIDE AID",
    "08": "YIELD",
    "09": "INVESTIGATE",
    "10": "DEMAND",
    "11": "DISAPPROVE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "EXHIBIT FORCE POSTURE",
    "16": "REDUCE RELATIONS",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "FIGHT",
    "20": "USE UNCONVENTIONAL MASS VIOLENCE",
}

_SRC, _TGT = node_expr("source", "country"), node_expr("target", "country")
_E_SRC, _E_TGT = (
    "coalesce(e.source_country, e.source_code)",
    "coalesce(e.target_country, e.target_code)",
)


@dataclass(frozen=True, slots=True)
class Alert:
    """One shift: what kind, between whom, when, how strong, and its evidence events."""

    kind: str
    actors: tuple[str, ...]
    period: date
    score: float
    summary: str
    event_ids: tuple[str, ...]

    def to_record(self) -> dict[str, object]:
        """Return the JSON-ready record of ``polevents alerts --format json``."""
        return {
            "kind": self.kind,
            "actors": list(self.actors),
            "period": self.period.isoformat(),
            "score": round(self.score, 4),
            "summary": self.summary,
            "event_ids": list(self.event_ids),
        }


def find_alerts(
    con: duckdb.DuckDBPyConnection,
    *,
    since: date,
    until: date | None = None,
    freq: str = "week",
    trailing: int = 4,
    threshold: float = 0.5,
    min_events: int = 10,
    lookback_days: int = 180,
    surge_roots: tuple[str, ...] = CONFLICT_ROOTS,
    surge_z: float = 3.0,
    surge_min: int = 5,
    evidence: int = 5,
    weight: str = "events",
    table: str = DEFAULT_TABLE,
) -> list[Alert]:
    """Return the alerts of every kind from ``since`` (to ``until``), in date order.

    Data before ``since`` is read as history (trailing windows, lookback,
    "first ever"), so the store should hold some.

    Args:
        con: connection holding the events table.
        since: first day an alert may fall on.
        until: last day read; today's data by default.
        freq: period of index shifts and surges (``day``, ``week``, ``month``).
        trailing: periods before that make the baseline.
        threshold: smallest index change that is an alert.
        min_events: fewest events in a period, and in its baseline, for a shift.
        lookback_days: days before ``since`` on which blocs are found.
        surge_roots: CAMEO roots watched for surges.
        surge_z: smallest Poisson z-score of a surge.
        surge_min: fewest events of a surge.
        evidence: event ids kept per alert, strongest first.
        weight: what one event counts for in the index, 1 or its mentions.
        table: name of the events table.
    """
    unit = check_freq(freq)
    table = check_table(con, table)
    until = until or date.max
    alerts = [
        *_index_shifts(con, table, since, until, unit, trailing, threshold, min_events, weight),
        *_bloc_conflicts(con, table, since, until, lookback_days),
        *_new_partnerships(con, table, since, until),
        *_root_surges(con, table, since, until, unit, trailing, surge_roots, surge_z, surge_min),
    ]
    alerts = _with_evidence(con, table, alerts, evidence)
    order = {kind: i for i, kind in enumerate(ALERT_KINDS)}
    return sorted(alerts, key=lambda a: (a.period, order[a.kind], -abs(a.score), a.actors))


# A pending alert: the Alert without evidence, plus how to find its evidence
# (days lo..hi, QuadClass range, root or None, and +1/-1 to rank by Goldstein).
_Pending = tuple[Alert, date, date, int, int, str | None, float]


def _index_shifts(
    con: duckdb.DuckDBPyConnection,
    table: str,
    since: date,
    until: date,
    unit: str,
    trailing: int,
    threshold: float,
    min_events: int,
    weight: str,
) -> Iterator[_Pending]:
    span = f"RANGE BETWEEN INTERVAL {trailing} {unit} PRECEDING AND INTERVAL 1 {unit} PRECEDING"
    sums = ", ".join(
        f"sum({c}) OVER w AS base_{c}"
        for c in ("events", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
    )
    base_index = INDEX_SQL.replace("verbal_", "base_verbal_").replace("material_", "base_material_")
    sql = f"""
        WITH sel AS (
            SELECT least({_SRC}, {_TGT}) AS a, greatest({_SRC}, {_TGT}) AS b,
                   CAST(date_trunc('{unit}', event_date) AS DATE) AS period,
                   quad_class, goldstein, {weight_expr(weight)} AS w
            FROM {table}
            WHERE event_date <= ? AND event_date >= CAST(? AS DATE) - INTERVAL {trailing + 1} {unit}
              AND {_SRC} <> {_TGT}
        ), agg AS (
            SELECT a, b, period, {QUAD_SQL} FROM sel GROUP BY ALL
        ), trail AS (
            SELECT *, {INDEX_SQL} AS idx, {sums}
            FROM agg WINDOW w AS (PARTITION BY a, b ORDER BY period {span})
        )
        SELECT a, b, period, events, idx, base_events, {base_index} AS base
        FROM trail
        WHERE period >= CAST(date_trunc('{unit}', CAST(? AS DATE)) AS DATE)
          AND events >= ? AND base_events >= ?
          AND abs(idx - ({base_index})) >= ?
    """
    rows = con.execute(sql, [until, since, since, min_events, min_events, threshold]).fetchall()
    step = {"day": timedelta(days=1), "week": timedelta(days=7)}.get(unit)
    for a, b, period, events, idx, base_events, base in rows:
        change = idx - base
        verb = "rose" if change > 0 else "fell"
        hi = period + step - timedelta(days=1) if step else _month_end(period)
        summary = (
            f"{a}-{b} cooperation index {verb} from {base:+.2f} over the previous {trailing} "
            f"{unit}s ({base_events} events) to {idx:+.2f} in the {unit} of {period} "
            f"({events} events)"
        )
        alert = Alert("index_shift", (a, b), period, float(change), summary, ())
        yield (alert, period, min(hi, until), 1, 4, None, 1.0 if change > 0 else -1.0)


def _bloc_conflicts(
    con: duckdb.DuckDBPyConnection, table: str, since: date, until: date, lookback_days: int
) -> Iterator[_Pending]:
    start = since - timedelta(days=lookback_days)
    before = since - timedelta(days=1)
    member = bloc_of(find_blocs(partnership_network(con, since=start, until=before, table=table)))
    if not member:
        return
    pairs = pd.DataFrame(
        [(a, b) for a in member for b in member if a < b and member[a] == member[b]],
        columns=["a", "b"],
    )
    con.register("_bloc_pairs", pairs)
    try:
        rows = _first_events(con, table, "_bloc_pairs", 4, start, since, until)
    finally:
        con.unregister("_bloc_pairs")
    for a, b, first, n, code in rows:
        summary = (
            f"first material conflict inside bloc {member[a]} since {start}: {a}-{b} on "
            f"{first} (CAMEO {code}; {n} such events in the window)"
        )
        alert = Alert("bloc_conflict", (a, b), first, float(n), summary, ())
        yield (alert, first, until, 4, 4, None, -1.0)


def _new_partnerships(
    con: duckdb.DuckDBPyConnection, table: str, since: date, until: date
) -> Iterator[_Pending]:
    for a, b, first, n, code in _first_events(con, table, None, 2, None, since, until):
        summary = (
            f"new partnership: first material cooperation between {a} and {b} on {first} "
            f"(CAMEO {code}; {n} such events in the window)"
        )
        alert = Alert("new_partnership", (a, b), first, float(n), summary, ())
        yield (alert, first, until, 2, 2, None, 1.0)


def _first_events(
    con: duckdb.DuckDBPyConnection,
    table: str,
    pairs: str | None,
    quad: int,
    start: date | None,
    since: date,
    until: date,
) -> list[tuple[Any, ...]]:
    """Return (a, b, first day, count, first code) of pairs whose first ``quad`` event is new."""
    join = f"JOIN {pairs} p ON p.a = s.a AND p.b = s.b" if pairs else ""
    sql = f"""
        WITH s AS (
            SELECT least({_SRC}, {_TGT}) AS a, greatest({_SRC}, {_TGT}) AS b,
                   event_date, cameo_code
            FROM {table}
            WHERE quad_class = ? AND event_date <= ? AND {_SRC} <> {_TGT}
              AND (CAST(? AS DATE) IS NULL OR event_date >= ?)
        )
        SELECT s.a, s.b, min(event_date) AS first,
               count(*) FILTER (WHERE event_date >= ?) AS n,
               arg_min(cameo_code, event_date) AS code
        FROM s {join} GROUP BY s.a, s.b
        HAVING min(event_date) >= ?
        ORDER BY first, s.a, s.b
    """
    return con.execute(sql, [quad, until, start, start, since, since]).fetchall()


def _root_surges(
    con: duckdb.DuckDBPyConnection,
    table: str,
    since: date,
    until: date,
    unit: str,
    trailing: int,
    roots: tuple[str, ...],
    z_min: float,
    n_min: int,
) -> Iterator[_Pending]:
    if not roots:
        return
    marks = ", ".join("?" for _ in roots)
    span = f"RANGE BETWEEN INTERVAL {trailing} {unit} PRECEDING AND INTERVAL 1 {unit} PRECEDING"
    sql = f"""
        WITH sel AS (
            SELECT event_id, cameo_root, {_SRC} AS s, {_TGT} AS t,
                   CAST(date_trunc('{unit}', event_date) AS DATE) AS period
            FROM {table}
            WHERE cameo_root IN ({marks}) AND event_date <= ?
              AND event_date >= CAST(? AS DATE) - INTERVAL {trailing + 1} {unit}
        ), sides AS (
            SELECT event_id, cameo_root, period, s AS country FROM sel WHERE s IS NOT NULL
            UNION
            SELECT event_id, cameo_root, period, t AS country FROM sel WHERE t IS NOT NULL
        ), agg AS (
            SELECT country, cameo_root, period, count(*) AS n FROM sides GROUP BY ALL
        ), trail AS (
            SELECT *, coalesce(sum(n) OVER w, 0) / {trailing} AS base FROM agg
            WINDOW w AS (PARTITION BY country, cameo_root ORDER BY period {span})
        )
        SELECT country, cameo_root, period, n, base, (n - base) / sqrt(base + 1) AS z
        FROM trail
        WHERE period >= CAST(date_trunc('{unit}', CAST(? AS DATE)) AS DATE)
          AND n >= ? AND (n - base) / sqrt(base + 1) >= ?
    """
    rows = con.execute(sql, [*roots, until, since, since, n_min, z_min]).fetchall()
    step = {"day": timedelta(days=1), "week": timedelta(days=7)}.get(unit)
    for country, root, period, n, base, z in rows:
        hi = period + step - timedelta(days=1) if step else _month_end(period)
        name = ROOT_NAMES.get(root, root)
        summary = (
            f"surge of CAMEO {root} {name} involving {country}: {n} events in the {unit} of "
            f"{period}, against {base:.1f} per {unit} over the previous {trailing}"
        )
        alert = Alert("root_surge", (country,), period, float(z), summary, ())
        yield (alert, period, min(hi, until), 1, 4, root, -1.0)


def _with_evidence(
    con: duckdb.DuckDBPyConnection, table: str, pending: list[_Pending], limit: int
) -> list[Alert]:
    """Attach to each pending alert the ids of its ``limit`` strongest events, in one query."""
    if not pending:
        return []
    keys = pd.DataFrame(
        [
            (
                k,
                alert.actors[0],
                alert.actors[1] if len(alert.actors) > 1 else None,
                lo,
                hi,
                qlo,
                qhi,
                root,
                sign,
            )
            for k, (alert, lo, hi, qlo, qhi, root, sign) in enumerate(pending)
        ],
        columns=["k", "a", "b", "lo", "hi", "qlo", "qhi", "root", "sign"],
    ).astype({"a": "string", "b": "string", "root": "string"})
    keys["lo"] = pd.to_datetime(keys["lo"])
    keys["hi"] = pd.to_datetime(keys["hi"])
    con.register("_alert_keys", keys)
    try:
        rows = con.execute(
            f"""
            SELECT k, event_id FROM (
                SELECT k.k, e.event_id, row_number() OVER (
                    PARTITION BY k.k
                    ORDER BY e.goldstein * k.sign DESC, e.num_mentions DESC, e.event_id) AS rn
                FROM _alert_keys k JOIN {table} e
                  ON e.event_date BETWEEN CAST(k.lo AS DATE) AND CAST(k.hi AS DATE)
                 AND e.quad_class BETWEEN k.qlo AND k.qhi
                 AND (k.root IS NULL OR e.cameo_root = k.root)
                 AND (({_E_SRC} = k.a AND (k.b IS NULL OR {_E_TGT} = k.b))
                   OR ({_E_TGT} = k.a AND (k.b IS NULL OR {_E_SRC} = k.b)))
            ) WHERE rn <= ? ORDER BY k, rn
            """,
            [limit],
        ).fetchall()
    finally:
        con.unregister("_alert_keys")
    ids: dict[int, list[str]] = {}
    for k, event_id in rows:
        ids.setdefault(k, []).append(event_id)
    return [
        Alert(
            alert.kind,
            alert.actors,
            alert.period,
            alert.score,
            alert.summary,
            tuple(ids.get(k, ())),
        )
        for k, (alert, *_rest) in enumerate(pending)
    ]


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)
