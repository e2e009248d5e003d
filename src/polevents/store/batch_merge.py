"""The merge step of a bulk load: SQL around ``merge.plan_merge``.

SQL does what needs no order: for each new report, the best stored event it
could join (closest date, then stored first, compatible place), and which
reports have a possible partner inside the batch (same dyad and root within a
day). Only those contested reports go through the arrival-order plan in
Python; every other report joins its best stored event or creates its own.

Reads the temp table ``_fresh`` (the batch's new reports: seq, merge keys, day)
and returns the plan as an Arrow table.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from polevents.store.merge import MAX_DAY_GAP, GroupKeys, plan_merge

__all__ = ["plan_batch"]

_EPOCH = "DATE '1970-01-01'"

# The best stored event for each fresh report: same dyad (either way round for
# a symmetric report) and root, at most MAX_DAY_GAP days apart, compatible
# place; the closest date wins, then the one stored first. The outer date range
# lets DuckDB skip row groups by their min/max.
_BEST_STORED_SQL = f"""
CREATE OR REPLACE TEMP TABLE _best_stored AS
WITH k AS (
  SELECT seq, source_code AS s, coalesce(target_code, '') AS t, cameo_root AS r, day AS d,
         location_country AS c
  FROM _fresh WHERE day IS NOT NULL
  UNION ALL
  SELECT seq, target_code, source_code, cameo_root, day, location_country FROM _fresh
  WHERE day IS NOT NULL AND "symmetric" AND target_code IS NOT NULL),
e AS (
  SELECT event_id, global_id, source_code, coalesce(target_code, '') AS target_code,
         cameo_root, location_country,
         date_diff('day', {_EPOCH}, coalesce(event_date, published))::INTEGER AS day
  FROM events
  WHERE coalesce(event_date, published)
        BETWEEN (SELECT {_EPOCH} + min(day) - {MAX_DAY_GAP} FROM _fresh)
            AND (SELECT {_EPOCH} + max(day) + {MAX_DAY_GAP} FROM _fresh))
SELECT k.seq, abs(e.day - k.d) AS gap, e.global_id AS rank, e.event_id
FROM e JOIN k
  ON e.cameo_root = k.r AND e.source_code = k.s AND e.target_code = k.t
 AND e.day BETWEEN k.d - {MAX_DAY_GAP} AND k.d + {MAX_DAY_GAP}
 AND (e.location_country IS NULL OR k.c IS NULL OR e.location_country = k.c)
QUALIFY row_number() OVER (PARTITION BY k.seq ORDER BY gap, rank) = 1
"""

# Reports with a possible partner in the batch: another report with the same
# unordered dyad and root within a day. Sorted by (key, day), such a partner is
# next to the report, so lag/lead find it in one sort. The key is a hash: a
# collision only adds reports here, and the plan compares exact keys.
_CONTESTED_SQL = f"""
CREATE OR REPLACE TEMP TABLE _contested AS
WITH keyed AS (
  SELECT seq, hash(least(source_code, coalesce(target_code, '')),
                   greatest(source_code, coalesce(target_code, '')), cameo_root) AS u, day
  FROM _fresh WHERE day IS NOT NULL),
ordered AS (
  SELECT seq, u, day, lag(u) OVER w AS pu, lag(day) OVER w AS pd, lead(u) OVER w AS nu,
         lead(day) OVER w AS nd
  FROM keyed WINDOW w AS (ORDER BY u, day))
SELECT seq FROM ordered
WHERE (pu = u AND day - pd <= {MAX_DAY_GAP}) OR (nu = u AND nd - day <= {MAX_DAY_GAP})
"""

# The contested reports with their keys numbered (both ways round for a
# symmetric report) and their best stored event, in arrival order. ``leader``
# is the first report with the same keys, day and place: every later one gets
# the leader's outcome (an event created since can be on that day only if its
# place does not fit theirs), so the plan runs over leaders only.
_CONTESTED_KEYS_SQL = """
WITH c AS (
  SELECT f.*, hash(source_code, coalesce(target_code, ''), cameo_root) AS g,
         CASE WHEN "symmetric" AND target_code IS NOT NULL
              THEN hash(target_code, source_code, cameo_root) END AS h
  FROM _fresh f SEMI JOIN _contested USING (seq))
SELECT c.seq, c.g, c.h, c.day, c.location_country, b.gap, b.rank, b.event_id,
       min(c.seq) OVER (PARTITION BY c.g, c.h, c.day, c.location_country) AS leader
FROM c LEFT JOIN _best_stored b USING (seq)
ORDER BY c.seq
"""

# The keys are numbered by their hash (both ways round for a symmetric report,
# so that the two readings meet); this checks that no two keys of the batch
# share one, in which case the exact numbering below is used instead.
_HASHES_DISTINCT_SQL = """
WITH k AS (
  SELECT source_code AS s, coalesce(target_code, '') AS t, cameo_root AS r FROM _fresh
  UNION
  SELECT target_code, source_code, cameo_root FROM _fresh
  WHERE "symmetric" AND target_code IS NOT NULL)
SELECT count(*) = count(DISTINCT hash(s, t, r)) FROM k
"""

_EXACT_GROUPS_SQL = """
CREATE OR REPLACE TEMP TABLE _groups AS
SELECT s, t, r, (row_number() OVER ())::UBIGINT AS g FROM (
  SELECT source_code AS s, coalesce(target_code, '') AS t, cameo_root AS r FROM _fresh
  UNION
  SELECT target_code, source_code, cameo_root FROM _fresh
  WHERE "symmetric" AND target_code IS NOT NULL)
"""

_CONTESTED_KEYS_EXACT_SQL = """
WITH c AS (
  SELECT f.*, g.g, CASE WHEN f."symmetric" THEN h.g END AS h
  FROM _fresh f SEMI JOIN _contested USING (seq)
  JOIN _groups g ON g.s = f.source_code AND g.t = coalesce(f.target_code, '')
   AND g.r = f.cameo_root
  LEFT JOIN _groups h ON h.s = f.target_code AND h.t = f.source_code AND h.r = f.cameo_root)
SELECT c.seq, c.g, c.h, c.day, c.location_country, b.gap, b.rank, b.event_id,
       min(c.seq) OVER (PARTITION BY c.g, c.h, c.day, c.location_country) AS leader
FROM c LEFT JOIN _best_stored b USING (seq)
ORDER BY c.seq
"""


def plan_batch(con: duckdb.DuckDBPyConnection, first_global: int) -> pa.Table:
    """Plan the merge of the reports in ``_fresh``: one row per report, in arrival order.

    Columns: ``seq``; ``creator``, the seq of the report that creates its
    event (itself when it creates one), or null when it joins the stored event
    ``stored_target``; ``global_id``, the GLOBALEVENTID of a created event,
    numbered in arrival order from ``first_global`` (null for the others).
    """
    for sql in (_BEST_STORED_SQL, _CONTESTED_SQL):
        con.execute(sql).fetchall()
    every = con.sql(
        "SELECT f.seq, b.event_id FROM _fresh f LEFT JOIN _best_stored b USING (seq) ORDER BY f.seq"
    ).to_arrow_table()
    order = every.column(0).to_numpy().astype(np.int64)
    stored_target = every.column(1).to_pylist()
    creator = order.copy()  # a report with no partner creates its own event...
    joins_stored = every.column(1).is_valid().to_numpy(zero_copy_only=False)  # ...or joins one
    contested = _contested_keys(con)
    leaders = contested.filter(pc.equal(contested.column(0), contested.column(8)))
    seqs = leaders.column(0).to_pylist()
    gaps, ranks, ids = (leaders.column(i).to_pylist() for i in (5, 6, 7))
    number: dict[int, int] = {}  # hashes to small ints: the plan folds them with the day
    groups = [number.setdefault(g, len(number)) for g in leaders.column(1).to_pylist()]
    reversed_groups = [None if h is None else number.setdefault(h, len(number))
                       for h in leaders.column(2).to_pylist()]  # fmt: skip
    keys = GroupKeys(groups, reversed_groups, leaders.column(3).to_pylist(),
                     leaders.column(4).to_pylist())  # fmt: skip
    best = [None if g is None else (g, r, i) for g, r, i in zip(gaps, ranks, ids, strict=True)]
    plan = plan_merge(keys, best, first_rank=first_global)
    # Each leader's outcome, then every contested report takes its leader's.
    lead_creator = np.array([seqs[t] if isinstance(t, int) else -1 for t in plan], np.int64)
    lead_stored = [t if isinstance(t, str) else None for t in plan]
    lead_of = np.searchsorted(np.asarray(seqs, np.int64), contested.column(8).to_numpy())
    at = np.searchsorted(order, contested.column(0).to_numpy().astype(np.int64))
    creator[at] = lead_creator[lead_of]
    joins_stored[at] = lead_creator[lead_of] < 0
    targets = np.array(stored_target, dtype=object)
    targets[at] = np.array(lead_stored, dtype=object)[lead_of]
    creates = ~joins_stored & (creator == order)
    numbers = first_global - 1 + np.cumsum(creates)
    return pa.table({
        "seq": every.column(0),
        "creator": pa.array(creator, pa.int32(), mask=joins_stored),
        "stored_target": pa.array(targets, pa.string()),
        "global_id": pa.array(numbers, pa.int64(), mask=~creates),
    })  # fmt: skip


def _contested_keys(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The contested reports with numbered keys (hashes, unless two keys share one)."""
    distinct = con.execute(_HASHES_DISTINCT_SQL).fetchall()
    if distinct and distinct[0][0]:
        return con.sql(_CONTESTED_KEYS_SQL).to_arrow_table()
    con.execute(_EXACT_GROUPS_SQL).fetchall()
    return con.sql(_CONTESTED_KEYS_EXACT_SQL).to_arrow_table()
