"""The partnership network of actors over a window, and the blocs inside it.

Edges are unordered pairs of actors (countries by default). Each carries

* ``cooperation`` = VC + 2*MC and ``conflict`` = VK + 2*MK, the weighted counts
  of the index (see ``polevents.analysis.dyads``);
* ``net`` = cooperation - conflict, and ``events``, ``goldstein_sum``.

Blocs are Leiden communities (leidenalg on igraph) of the *cooperation graph*:
only edges with positive ``net`` and weight ``net``. Conflict edges are left
out on purpose: modularity on a graph that counts hostility as ties would put
two enemies that talk about each other a lot in one bloc.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import BytesIO
from typing import Literal

import duckdb
import igraph as ig
import leidenalg
import networkx as nx
import pandas as pd

from polevents.analysis.dyads import weight_expr
from polevents.analysis.source import DEFAULT_TABLE, check_table, node_expr, window_clause
from polevents.errors import ConfigError

Level = Literal["country", "code"]
GRAPH_FORMATS: tuple[str, ...] = ("graphml", "gexf")


def partnership_network(
    con: duckdb.DuckDBPyConnection,
    *,
    since: date | None = None,
    until: date | None = None,
    min_events: int = 3,
    level: Level = "country",
    weight: str = "events",
    table: str = DEFAULT_TABLE,
) -> nx.Graph:
    """Return the graph of actors linked by at least ``min_events`` events in the window.

    Events of an actor with itself (domestic events) and events with no target
    are left out. Nodes carry ``label`` and ``events`` (events they take part in
    over the kept edges); edges carry ``cooperation``, ``conflict``, ``net``,
    ``events`` and ``goldstein_sum``.

    Args:
        con: connection holding the events table.
        since: first day included.
        until: last day included.
        min_events: fewest events for an edge; drops one-off pairs that are
            mostly coder noise.
        level: ``country`` (``RUS``; actors with no country keep their code)
            or ``code`` (``RUSGOV``).
        weight: what one event counts for, 1 or its number of mentions.
        table: name of the events table.

    Raises:
        ConfigError: a bad level, weight or window.
        StoreError: no such table.
    """
    if level not in ("country", "code"):
        raise ConfigError(f"level must be country or code, got {level!r}", reason="level")
    table = check_table(con, table)
    window, params = window_clause(since, until)
    src, tgt = node_expr("source", level), node_expr("target", level)
    sql = f"""
        WITH sel AS (
            SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b,
                   quad_class, goldstein, {weight_expr(weight)} AS w
            FROM {table}
            WHERE {window} AND {src} IS NOT NULL AND {tgt} IS NOT NULL AND {src} <> {tgt}
        )
        SELECT a, b, count(*) AS events,
               coalesce(sum(w * CASE quad_class WHEN 1 THEN 1 WHEN 2 THEN 2 ELSE 0 END), 0)
                   AS cooperation,
               coalesce(sum(w * CASE quad_class WHEN 3 THEN 1 WHEN 4 THEN 2 ELSE 0 END), 0)
                   AS conflict,
               coalesce(sum(goldstein * w), 0) AS goldstein_sum
        FROM sel GROUP BY a, b HAVING count(*) >= ?
        ORDER BY a, b
    """
    rows = con.execute(sql, [*params, min_events]).fetchall()
    graph = nx.Graph(since=_iso(since), until=_iso(until), level=level, weight=weight)
    for a, b, events, coop, conflict, gsum in rows:
        for node in (a, b):
            if node not in graph:
                graph.add_node(node, label=node, events=0)
            graph.nodes[node]["events"] += int(events)
        graph.add_edge(
            a,
            b,
            events=int(events),
            cooperation=float(coop),
            conflict=float(conflict),
            net=float(coop - conflict),
            goldstein_sum=round(float(gsum), 4),
        )
    return graph


def find_blocs(graph: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> list[list[str]]:
    """Return the blocs of ``graph``: Leiden communities of its cooperation graph.

    Only groups of two or more actors are blocs; an actor that cooperates with
    nobody belongs to none. Members are sorted, blocs largest first, so the
    answer is stable for a given ``seed``.

    Args:
        graph: a graph from ``partnership_network``.
        seed: Leiden's random seed.
        resolution: higher gives more, smaller blocs (RB configuration model).
    """
    positive = [(a, b, d["net"]) for a, b, d in graph.edges(data=True) if d["net"] > 0]
    if not positive:
        return []
    names = sorted({n for a, b, _ in positive for n in (a, b)})
    position = {name: i for i, name in enumerate(names)}
    coop = ig.Graph(n=len(names), edges=[(position[a], position[b]) for a, b, _ in positive])
    partition = leidenalg.find_partition(
        coop,
        leidenalg.RBConfigurationVertexPartition,
        weights=[w for _, _, w in positive],
        resolution_parameter=resolution,
        seed=seed,
    )
    blocs = [sorted(names[i] for i in members) for members in partition if len(members) > 1]
    return sorted(blocs, key=lambda bloc: (-len(bloc), bloc))


def bloc_of(blocs: Sequence[Sequence[str]]) -> dict[str, int]:
    """Return each member's bloc number (its position in ``blocs``)."""
    return {member: i for i, bloc in enumerate(blocs) for member in bloc}


def bloc_relations(graph: nx.Graph, blocs: Sequence[Sequence[str]]) -> pd.DataFrame:
    """Return cooperation and conflict between and within blocs.

    Returns:
        One row per pair of bloc numbers ``bloc_a <= bloc_b`` that share an
        edge (``bloc_a == bloc_b`` is inside one bloc), with ``events``,
        ``cooperation`` and ``conflict`` summed over those edges.
    """
    member = bloc_of(blocs)
    totals: dict[tuple[int, int], list[float]] = {}
    for a, b, d in graph.edges(data=True):
        if a in member and b in member:
            key = tuple(sorted((member[a], member[b])))
            acc = totals.setdefault(key, [0, 0.0, 0.0])  # type: ignore[arg-type]
            acc[0] += d["events"]
            acc[1] += d["cooperation"]
            acc[2] += d["conflict"]
    rows = [(a, b, int(e), c, k) for (a, b), (e, c, k) in sorted(totals.items())]
    return pd.DataFrame(rows, columns=["bloc_a", "bloc_b", "events", "cooperation", "conflict"])


def network_to_json(graph: nx.Graph, blocs: Sequence[Sequence[str]]) -> dict[str, object]:
    """Return the ``polevents network --format json`` document.

    ``{"nodes": [{"id", "label", "bloc", "events"}], "edges": [{"source",
    "target", "cooperation", "conflict", "net", "events", "goldstein_sum"}],
    "blocs": [[...], ...], "bloc_relations": [...]}``; ``bloc`` is null for an
    actor in no bloc.
    """
    member = bloc_of(blocs)
    nodes = [
        {"id": n, "label": d["label"], "bloc": member.get(n), "events": d["events"]}
        for n, d in sorted(graph.nodes(data=True))
    ]
    edges = [{"source": a, "target": b, **d} for a, b, d in sorted(graph.edges(data=True))]
    relations = bloc_relations(graph, blocs).to_dict(orient="records")
    return {
        "nodes": nodes,
        "edges": edges,
        "blocs": [list(b) for b in blocs],
        "bloc_relations": relations,
    }


def graph_to_bytes(graph: nx.Graph, blocs: Sequence[Sequence[str]], fmt: str) -> bytes:
    """Serialize the graph with a ``bloc`` node attribute (-1: none) as GraphML or GEXF.

    Both open in Gephi; the bloc attribute is there to colour nodes by.

    Raises:
        ConfigError: ``fmt`` is not ``graphml`` or ``gexf``.
    """
    if fmt not in GRAPH_FORMATS:
        raise ConfigError(f"graph format must be graphml or gexf, got {fmt!r}", reason="format")
    out = graph.copy()
    out.graph = {k: v for k, v in graph.graph.items() if v is not None}
    member = bloc_of(blocs)
    for node in out.nodes:
        out.nodes[node]["bloc"] = member.get(node, -1)
    buffer = BytesIO()
    if fmt == "graphml":
        nx.write_graphml(out, buffer)
    else:
        nx.write_gexf(out, buffer)
    return buffer.getvalue()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
