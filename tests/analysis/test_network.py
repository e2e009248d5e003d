"""Partnership network and blocs on planted structure."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import duckdb
import networkx as nx
import pytest

from polevents.analysis.network import (
    find_blocs,
    graph_to_bytes,
    network_to_json,
    partnership_network,
)
from polevents.analysis.synthetic import (
    BLOC_A,
    BLOC_B,
    bloc_events,
    event_row,
    load_events,
    to_frame,
)
from polevents.errors import ConfigError


def _con(rows: list[dict[str, object]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    load_events(con, to_frame(rows))
    return con


@pytest.mark.parametrize("seed", [1, 2, 3, 42])
def test_find_blocs_recovers_planted_blocs(seed):
    con = _con(bloc_events(seed, days=60))
    blocs = find_blocs(partnership_network(con))
    assert sorted(map(tuple, blocs)) == sorted([tuple(sorted(BLOC_A)), tuple(sorted(BLOC_B))])


@pytest.mark.parametrize("inside_coop", [0.5])
def test_find_blocs_finds_none_without_cooperation_structure(inside_coop):
    """Everyone cooperates half the time with everyone: no pair of blocs to find."""
    rows = bloc_events(5, days=30, inside_coop=inside_coop, across_coop=inside_coop)
    blocs = find_blocs(partnership_network(_con(rows)))
    assert sorted(map(tuple, blocs)) != sorted([tuple(sorted(BLOC_A)), tuple(sorted(BLOC_B))])


@pytest.mark.parametrize("min_events", [1, 2, 3])
def test_partnership_network_weights_edges_by_hand(min_events):
    d = date(2025, 5, 1)
    rows = [
        event_row("a", "RUSGOV", "CHN", d, 1),  # VC: cooperation 1
        event_row("b", "CHN", "RUS", d, 2),  # MC: cooperation 2
        event_row("c", "RUS", "CHN", d, 4),  # MK: conflict 2
        event_row("d", "USA", "CHN", d, 3),  # VK: conflict 1
        event_row("e", "USA", "USA", d, 4),  # domestic: no self-loop
    ]
    graph = partnership_network(_con(rows), min_events=min_events)
    edge = graph.edges["CHN", "RUS"]
    assert (edge["events"], edge["cooperation"], edge["conflict"], edge["net"]) == (3, 3, 2, 1)
    assert graph.has_edge("CHN", "USA") == (min_events == 1)
    assert not graph.has_edge("USA", "USA")


@pytest.mark.parametrize(
    ("since", "until", "edges"), [(date(2025, 1, 1), date(2025, 1, 1), 0), (None, None, 1)]
)
def test_partnership_network_keeps_to_its_window(since, until, edges):
    rows = [event_row(f"e{i}", "RUS", "CHN", date(2025, 5, 1), 1) for i in range(3)]
    graph = partnership_network(_con(rows), since=since, until=until)
    assert graph.number_of_edges() == edges


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_to_bytes_round_trips_with_blocs(fmt):
    graph = partnership_network(_con(bloc_events(1, days=20)))
    blocs = find_blocs(graph)
    raw = graph_to_bytes(graph, blocs, fmt)
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(BytesIO(raw))
    assert back.number_of_edges() == graph.number_of_edges()
    assert {int(back.nodes[n]["bloc"]) for n in back.nodes} == set(range(len(blocs)))


@pytest.mark.parametrize("seed", [1])
def test_network_to_json_follows_the_contract(seed):
    graph = partnership_network(_con(bloc_events(seed, days=20)))
    doc = network_to_json(graph, find_blocs(graph))
    assert set(doc) >= {"nodes", "edges", "blocs"}
    assert set(doc["nodes"][0]) >= {"id", "label", "bloc"}
    assert set(doc["edges"][0]) >= {"source", "target", "cooperation", "conflict", "events"}


@pytest.mark.parametrize("level", ["countries", ""])
def test_partnership_network_rejects_unknown_level(level):
    with pytest.raises(ConfigError):
        partnership_network(_con([]), level=level)
