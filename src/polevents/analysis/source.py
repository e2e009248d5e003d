"""Where the analysis reads events, and the SQL fragments every query shares.

All analysis is SQL pushed into DuckDB: that is how ten million events answer in
under a second. This module owns the pieces that each query repeats: opening the
store read-only, matching an actor argument, bucketing days into periods and
the date window. Values are always bound as parameters; only the table name and
the period unit are spliced into SQL, and both are checked first.

Actor matching (one rule for every function):

* a 3-letter argument (``RUS``) is a country: it matches an event side whose
  ``*_country`` is ``RUS``, or whose ``*_code`` is exactly ``RUS`` (actors coded
  only as a country, or 3-letter non-state codes such as ``NGO``);
* a longer argument (``RUSGOV``) is a CAMEO actor code and matches that code
  and every code below it (``RUSGOVMIL``), since CAMEO codes are built from
  3-letter elements, most general first.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal

import duckdb

from polevents.errors import ConfigError, StoreError

Freq = Literal["day", "week", "month"]
FREQS: tuple[str, ...] = ("day", "week", "month")
DEFAULT_TABLE = "events"

_ACTOR = re.compile(r"^(?:[A-Z]{3}){1,5}$")
_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def open_events(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open the store read-only for analysis.

    One function on purpose: the store may later provide a shared opener, and
    swapping it in should be a one-line change.

    Raises:
        StoreError: the file is missing or is not a DuckDB store with events.
    """
    path = Path(db_path)
    if not path.is_file():
        raise StoreError(f"no store at {path}", reason="no_store")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"{path}: {exc}", reason="unreadable") from exc
    check_table(con, DEFAULT_TABLE)
    return con


def check_table(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Return ``table`` once it is a safe identifier naming an existing table or view.

    Raises:
        StoreError: the name is not an identifier or there is no such table.
    """
    if not _TABLE.match(table):
        raise StoreError(f"not a table name: {table!r}", reason="bad_table")
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchone()
    if not found or not found[0]:
        raise StoreError(f"the store has no {table!r} table", reason="no_table")
    return table


def parse_actor(text: str) -> str:
    """Normalize an actor argument to an upper-case CAMEO code.

    >>> parse_actor(" rusgov ")
    'RUSGOV'

    Raises:
        ConfigError: the argument is not made of 1-5 three-letter elements.
    """
    code = text.strip().upper()
    if not _ACTOR.match(code):
        raise ConfigError(
            f"actor {text!r}: expected a country (RUS) or an actor code (RUSGOV)",
            reason="bad_actor",
        )
    return code


def actor_clause(side: Literal["source", "target"], actor: str) -> tuple[str, list[object]]:
    """Return a SQL predicate (and its parameters) matching ``actor`` on one side.

    >>> actor_clause("source", "RUS")[0]
    '(source_country = ? OR source_code = ?)'
    >>> actor_clause("target", "RUSGOV")
    ('starts_with(target_code, ?)', ['RUSGOV'])
    """
    code = parse_actor(actor)
    if len(code) == 3:
        return f"({side}_country = ? OR {side}_code = ?)", [code, code]
    return f"starts_with({side}_code, ?)", [code]


def node_expr(side: Literal["source", "target"], level: Literal["country", "code"]) -> str:
    """Return the SQL expression naming one side's node at the chosen level.

    At the country level an actor with no country (an IGO, a rebel group) keeps
    its own code, so it still appears in the network instead of vanishing.
    """
    if level == "country":
        return f"coalesce({side}_country, {side}_code)"
    return f"{side}_code"


def check_freq(freq: str) -> str:
    """Return ``freq`` once it is one of ``day``, ``week``, ``month``.

    Raises:
        ConfigError: any other value.
    """
    if freq not in FREQS:
        raise ConfigError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}", reason="freq")
    return freq


def window_clause(since: date | None, until: date | None) -> tuple[str, list[object]]:
    """Return a predicate on ``event_date`` for an inclusive ``[since, until]`` window.

    Raises:
        ConfigError: ``since`` falls after ``until``.
    """
    if since and until and since > until:
        raise ConfigError(f"since {since} is after until {until}", reason="window")
    parts, params = ["event_date IS NOT NULL"], []
    if since:
        parts.append("event_date >= ?")
        params.append(since)
    if until:
        parts.append("event_date <= ?")
        params.append(until)
    return " AND ".join(parts), params
