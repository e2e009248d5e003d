"""Relations analysis on the store: dyad series, partnership network, blocs, alerts, reports.

Every function takes a DuckDB connection holding the ``events`` table first and
pushes its work into SQL. See ``docs/analysis.md`` for the index formula and a
worked example.
"""

from __future__ import annotations

from polevents.analysis.alerts import Alert, find_alerts
from polevents.analysis.dyads import cooperation_index, dyad_series, top_dyads_by_change
from polevents.analysis.network import (
    bloc_relations,
    find_blocs,
    graph_to_bytes,
    network_to_json,
    partnership_network,
)
from polevents.analysis.report import Report, build_report, write_report
from polevents.analysis.source import open_events

__all__ = [
    "Alert",
    "Report",
    "bloc_relations",
    "build_report",
    "cooperation_index",
    "dyad_series",
    "find_alerts",
    "find_blocs",
    "graph_to_bytes",
    "network_to_json",
    "open_events",
    "partnership_network",
    "top_dyads_by_change",
    "write_report",
]
