"""Benchmark the relations analysis on millions of synthetic events.

The events are generated in SQL inside DuckDB (ten million in a few seconds),
with the store's columns: the ones analysis reads are filled, the text ones
(sentences, titles) are left NULL, since no timed query reads them.

Run: ``python -m polevents.bench.analysis_bench [N_EVENTS]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from polevents.analysis.alerts import find_alerts
from polevents.analysis.dyads import dyad_series
from polevents.analysis.network import find_blocs, partnership_network
from polevents.analysis.synthetic import EVENT_SCHEMA

# 60 countries: a realistic number of distinct actors in a news-based store.
_COUNTRY_LIST = (
    "RUS CHN USA GBR FRA DEU IRN PRK KOR JPN IND PAK TUR ISR SYR UKR POL BLR SAU ARE "
    "EGY ETH SDN QAT IRQ AFG VEN CUB BRA ARG MEX CAN AUS NZL IDN MYS PHL VNM THA MMR "
    "BGD LKA NPL KAZ UZB AZE ARM GEO SRB XKX HUN ITA ESP NLD BEL SWE FIN NOR DZA MAR"
)
COUNTRIES: tuple[str, ...] = tuple(_COUNTRY_LIST.split())


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds taken by one analysis call: the best and the median of ``runs``."""

    name: str
    best_s: float
    median_s: float
    runs: int


def make_events(con: duckdb.DuckDBPyConnection, n_events: int, *, seed: float = 0.42) -> None:
    """Create ``events`` with ``n_events`` random rows over three years, in SQL.

    Countries are drawn unevenly (squared uniform), so some dyads are busy and
    most are quiet, as in real data.
    """
    con.execute(f"SELECT setseed({seed})")
    columns = ", ".join(f'"{name}" {kind}' for name, kind in EVENT_SCHEMA.items())
    con.execute(f"CREATE OR REPLACE TABLE events ({columns})")
    names = "[" + ", ".join(f"'{c}'" for c in COUNTRIES) + "]"
    k = len(COUNTRIES)
    con.execute(
        f"""
        INSERT INTO events BY NAME
        WITH r AS (
            SELECT i,
                   1 + CAST(floor(random() * random() * {k}) AS INT) AS s,
                   1 + CAST(floor(random() * random() * {k}) AS INT) AS t,
                   1 + CAST(floor(random() * 4) AS INT) AS q,
                   CAST(floor(random() * 1096) AS INT) AS d,
                   1 + CAST(floor(random() * 8) AS INT) AS m
            FROM range({n_events}) tbl(i)
        )
        SELECT 'e' || i AS event_id, i AS global_id,
               DATE '2023-01-01' + d AS event_date, DATE '2023-01-01' + d AS published,
               {names}[s] AS source_code, {names}[s] AS source_country,
               {names}[t] || 'GOV' AS target_code, {names}[t] AS target_country,
               ['042', '061', '112', '180'][q] AS cameo_code,
               ['04', '06', '11', '18'][q] AS cameo_root,
               q AS quad_class, [1.9, 6.4, -2.0, -9.0][q] AS goldstein,
               m AS num_mentions, 1 AS num_sources, m AS num_articles
        FROM r
        """
    )


def time_call(name: str, call: Callable[[], object], *, runs: int = 3) -> Timing:
    """Time ``call`` ``runs`` times after one warm-up run."""
    call()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    return Timing(name, min(seconds), statistics.median(seconds), runs)


def run(n_events: int = 10_000_000, *, runs: int = 3) -> list[Timing]:
    """Build ``n_events`` events in memory and time series, network, blocs and alerts."""
    con = duckdb.connect()
    start = time.perf_counter()
    make_events(con, n_events)
    built = Timing(f"build {n_events:,} events (SQL)", time.perf_counter() - start, 0.0, 1)
    graph = partnership_network(con)
    return [
        built,
        time_call("dyad_series RUS-CHN month", lambda: dyad_series(con, "RUS", "CHN"), runs=runs),
        time_call(
            "dyad_series RUSGOV-CHN week mentions",
            lambda: dyad_series(con, "RUSGOV", "CHN", freq="week", weight="mentions"),
            runs=runs,
        ),
        time_call("partnership_network all", lambda: partnership_network(con), runs=runs),
        time_call("find_blocs", lambda: find_blocs(graph), runs=runs),
        time_call(
            "find_alerts last 90 days",
            lambda: find_alerts(con, since=_last_day(con) - timedelta(days=89)),
            runs=1,
        ),
    ]


def _last_day(con: duckdb.DuckDBPyConnection) -> date:
    found = con.execute("SELECT max(event_date) FROM events").fetchone()
    if not found or found[0] is None:
        raise ValueError("no events")
    last: date = found[0]
    return last


def main(argv: list[str] | None = None) -> None:
    """Print the timings (the library does not print; this is the script entry)."""
    args = sys.argv[1:] if argv is None else argv
    n_events = int(args[0]) if args else 10_000_000
    for timing in run(n_events):
        sys.stdout.write(
            f"{timing.name:<40} best {timing.best_s:7.3f} s  median {timing.median_s:7.3f} s\n"
        )


if __name__ == "__main__":
    main()
