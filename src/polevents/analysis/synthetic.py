"""Deterministic synthetic event tables with planted structure, for tests and demos.

Real stores are small and still being built, so the analysis is checked on
tables whose answer is known: two blocs that cooperate inside and clash across,
a dyad that turns hostile on a given day, rows written by hand. Everything is
drawn from ``random.Random(seed)``, so a failing test replays exactly.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from polevents.analysis.source import check_table

# The store's ``events`` columns and DuckDB types (the store engineer's contract).
EVENT_SCHEMA: dict[str, str] = {
    "event_id": "VARCHAR",
    "global_id": "BIGINT",
    "event_date": "DATE",
    "published": "DATE",
    "source_actor": "VARCHAR",
    "source_code": "VARCHAR",
    "source_country": "VARCHAR",
    "target_actor": "VARCHAR",
    "target_code": "VARCHAR",
    "target_country": "VARCHAR",
    "cameo_code": "VARCHAR",
    "cameo_root": "VARCHAR",
    "quad_class": "TINYINT",
    "goldstein": "DOUBLE",
    "plover_type": "VARCHAR",
    "plover_mode": "VARCHAR",
    "symmetric": "BOOLEAN",
    "location_name": "VARCHAR",
    "location_country": "VARCHAR",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "sentence": "VARCHAR",
    "rule": "VARCHAR",
    "confidence": "DOUBLE",
    "article_id": "VARCHAR",
    "doc": "VARCHAR",
    "story": "INTEGER",
    "title": "VARCHAR",
    "url": "VARCHAR",
    "outlet": "VARCHAR",
    "num_mentions": "INTEGER",
    "num_sources": "INTEGER",
    "num_articles": "INTEGER",
    "date_added": "TIMESTAMP",
}

# A typical CAMEO code per QuadClass: (code, Goldstein, PLOVER type), GDELT values.
QUAD_CODES: dict[int, tuple[tuple[str, float, str], ...]] = {
    1: (("042", 1.9, "CONSULT"), ("051", 3.4, "COOPERATE")),
    2: (("061", 6.4, "COOPERATE"), ("071", 7.4, "AID")),
    3: (("112", -2.0, "ACCUSE"), ("130", -4.4, "THREATEN")),
    4: (("173", -5.0, "COERCE"), ("180", -9.0, "ASSAULT")),
}

_CODE_INFO = {
    code: (score, plover) for codes in QUAD_CODES.values() for code, score, plover in codes
}

BLOC_A: tuple[str, ...] = ("RUS", "CHN", "IRN", "PRK")
BLOC_B: tuple[str, ...] = ("USA", "GBR", "FRA", "DEU")


def event_row(
    event_id: str,
    source: str,
    target: str,
    on: date,
    quad_class: int,
    *,
    cameo_code: str | None = None,
    goldstein: float | None = None,
    num_mentions: int = 1,
    sentence: str | None = None,
) -> dict[str, object]:
    """Return one full events row; ``source``/``target`` are codes (``RUS``, ``RUSGOV``).

    The country is the code's first three letters, the CAMEO code a typical one
    for ``quad_class`` unless given.
    """
    code, score, plover = QUAD_CODES[quad_class][0]
    if cameo_code is not None:
        code = cameo_code
        score, plover = _CODE_INFO.get(code, (score, plover))
    if goldstein is not None:
        score = goldstein
    article_id = f"art-{event_id}"
    return {
        "event_id": event_id,
        "global_id": abs(hash(event_id)) % 10**12,
        "event_date": on,
        "published": on,
        "source_actor": source,
        "source_code": source,
        "source_country": source[:3],
        "target_actor": target,
        "target_code": target,
        "target_country": target[:3],
        "cameo_code": code,
        "cameo_root": code[:2],
        "quad_class": quad_class,
        "goldstein": score,
        "plover_type": plover,
        "plover_mode": "",
        "symmetric": quad_class == 1,
        "location_name": None,
        "location_country": None,
        "lat": None,
        "lon": None,
        "sentence": sentence or f"{source} and {target}: CAMEO {code} on {on.isoformat()}.",
        "rule": "synthetic",
        "confidence": 1.0,
        "article_id": article_id,
        "doc": article_id,
        "story": 0,
        "title": f"{source} {plover.lower()} {target}",
        "url": f"https://example.org/{article_id}",
        "outlet": "example.org",
        "num_mentions": num_mentions,
        "num_sources": 1,
        "num_articles": num_mentions,
        "date_added": datetime(on.year, on.month, on.day, 12),
    }


def to_frame(rows: Iterable[dict[str, object]]) -> pd.DataFrame:
    """Return rows as a DataFrame with exactly the ``EVENT_SCHEMA`` columns."""
    return pd.DataFrame(list(rows), columns=list(EVENT_SCHEMA))


def load_events(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, *, table: str = "events"
) -> str:
    """Create ``table`` with the store's column types and fill it from ``frame``."""
    columns = ", ".join(f'"{name}" {kind}' for name, kind in EVENT_SCHEMA.items())
    con.execute(f"CREATE OR REPLACE TABLE {table} ({columns})")
    con.register("_synthetic_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _synthetic_frame")
    finally:
        con.unregister("_synthetic_frame")
    return check_table(con, table)


def bloc_events(
    seed: int = 42,
    *,
    blocs: Sequence[Sequence[str]] = (BLOC_A, BLOC_B),
    start: date = date(2025, 1, 1),
    days: int = 120,
    per_day: int = 20,
    inside_coop: float = 0.85,
    across_coop: float = 0.15,
) -> list[dict[str, object]]:
    """Return events among blocs that cooperate inside and clash across.

    Each event picks a random ordered pair of distinct countries; a pair in one
    bloc cooperates with probability ``inside_coop``, a pair across blocs with
    ``across_coop``. Cross-bloc pairs are drawn as often as inside ones, so a
    method that ignored the sign of relations would not find the blocs.
    """
    rng = random.Random(seed)
    members = [(country, i) for i, bloc in enumerate(blocs) for country in bloc]
    rows = []
    for day in range(days):
        on = start + timedelta(days=day)
        for n in range(per_day):
            (src, bs), (tgt, bt) = rng.sample(members, 2)
            coop = rng.random() < (inside_coop if bs == bt else across_coop)
            quad = rng.choice((1, 2)) if coop else rng.choice((3, 4))
            code = rng.choice(QUAD_CODES[quad])[0]
            mentions = rng.randint(1, 5)
            eid = f"s{seed}-{day}-{n}"
            rows.append(event_row(eid, src, tgt, on, quad, cameo_code=code, num_mentions=mentions))
    return rows


def shift_events(
    seed: int = 7,
    *,
    pair: tuple[str, str] = ("IND", "PAK"),
    start: date = date(2025, 1, 6),
    shift_on: date = date(2025, 3, 3),
    days: int = 90,
    per_day: int = 3,
) -> list[dict[str, object]]:
    """Return one dyad that cooperates until ``shift_on``, then turns to material conflict.

    Before the shift 90% of events cooperate; from ``shift_on`` on, 90% are
    material conflict (QuadClass 4, CAMEO 18 ASSAULT), so the index drops from
    about +0.8 to about -0.8 in the period that holds ``shift_on``.
    """
    rng = random.Random(seed)
    rows = []
    for day in range(days):
        on = start + timedelta(days=day)
        for n in range(per_day):
            src, tgt = pair if rng.random() < 0.5 else pair[::-1]
            hostile = on >= shift_on
            if rng.random() < 0.9:
                quad = 4 if hostile else rng.choice((1, 2))
            else:
                quad = rng.choice((1, 2)) if hostile else 3
            code = "180" if quad == 4 else None
            rows.append(event_row(f"x{seed}-{day}-{n}", src, tgt, on, quad, cameo_code=code))
    return rows
