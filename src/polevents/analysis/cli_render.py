"""Text renderings of analysis results for the CLI: table, JSON, CSV, GraphML, GEXF.

Kept out of ``cli.py`` so commands stay a few lines and each format can be
tested without running a command. Every function returns a string.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date, timedelta

import duckdb
import networkx as nx
import pandas as pd
from rich.console import Console
from rich.table import Table

from polevents.analysis.alerts import Alert
from polevents.analysis.charts import index_bars
from polevents.analysis.dyads import SERIES_COLUMNS, series_to_records
from polevents.analysis.network import GRAPH_FORMATS, graph_to_bytes, network_to_json
from polevents.analysis.source import DEFAULT_TABLE, parse_actor
from polevents.errors import ConfigError, StoreError


def render_dyad(frame: pd.DataFrame, *, a: str, b: str, freq: str, fmt: str) -> str:
    """Render a dyad series as ``table`` (with a text chart), ``json`` or ``csv``."""
    if fmt == "json":
        body = {
            "source": parse_actor(a),
            "target": parse_actor(b),
            "freq": freq,
            "series": series_to_records(frame),
        }
        return json.dumps(body, indent=2)
    if fmt == "csv":
        return pd.DataFrame(series_to_records(frame), columns=list(SERIES_COLUMNS)).to_csv(
            index=False
        )
    _check(fmt, ("table", "json", "csv"))
    table = Table(title=f"{parse_actor(a)} - {parse_actor(b)} by {freq}")
    for name in SERIES_COLUMNS:
        table.add_column(name, justify="left" if name == "period" else "right")
    for record in series_to_records(frame):
        table.add_row(*("" if v is None else str(v) for v in record.values()))
    chart = "\n".join(index_bars(frame)) or "no events"
    return f"{_rich(table)}\ncooperation index (conflict <- | -> cooperation)\n{chart}"


def render_network(graph: nx.Graph, blocs: Sequence[Sequence[str]], *, fmt: str) -> str:
    """Render a network as ``table``, ``json``, ``graphml`` or ``gexf``."""
    if fmt == "json":
        return json.dumps(network_to_json(graph, blocs), indent=2)
    if fmt in GRAPH_FORMATS:
        return graph_to_bytes(graph, blocs, fmt).decode("utf-8")
    _check(fmt, ("table", "json", *GRAPH_FORMATS))
    lines = [f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} ties"]
    lines += [f"bloc {i}: {', '.join(bloc)}" for i, bloc in enumerate(blocs)]
    table = Table(title="ties, most events first")
    for name in ("source", "target", "events", "cooperation", "conflict", "net"):
        table.add_column(name, justify="right" if name not in ("source", "target") else "left")
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["events"], e[0], e[1]))
    for a, b, d in edges[:30]:
        table.add_row(
            a, b, str(d["events"]), f"{d['cooperation']:g}", f"{d['conflict']:g}", f"{d['net']:g}"
        )
    return "\n".join(lines) + "\n" + _rich(table)


def render_alerts(alerts: Sequence[Alert], *, fmt: str) -> str:
    """Render alerts as ``table`` or ``json`` (a list of alert records)."""
    if fmt == "json":
        return json.dumps([alert.to_record() for alert in alerts], indent=2)
    _check(fmt, ("table", "json"))
    table = Table(title=f"{len(alerts)} alerts")
    for name in ("period", "kind", "actors", "score", "summary", "events"):
        table.add_column(name)
    for alert in alerts:
        table.add_row(
            alert.period.isoformat(),
            alert.kind,
            "-".join(alert.actors),
            f"{alert.score:+.2f}",
            alert.summary,
            " ".join(alert.event_ids[:3]),
        )
    return _rich(table)


def default_until(con: duckdb.DuckDBPyConnection, *, table: str = DEFAULT_TABLE) -> date:
    """Return the last event day in the store (the natural end of a window).

    Raises:
        StoreError: the store holds no dated event.
    """
    found = con.execute(f"SELECT max(event_date) FROM {table}").fetchone()
    if not found or found[0] is None:
        raise StoreError("the store holds no dated event", reason="empty")
    last: date = found[0]
    return last


def default_since(
    con: duckdb.DuckDBPyConnection, *, days: int = 30, table: str = DEFAULT_TABLE
) -> date:
    """Return the start of the last ``days`` days of data."""
    return default_until(con, table=table) - timedelta(days=days - 1)


def _check(fmt: str, allowed: Sequence[str]) -> None:
    if fmt not in allowed:
        raise ConfigError(
            f"--format must be one of {', '.join(allowed)}, got {fmt!r}", reason="format"
        )


def _rich(table: Table) -> str:
    out = io.StringIO()
    Console(file=out, width=140, color_system=None).print(table)
    return out.getvalue()
