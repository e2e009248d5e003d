"""GET /api/dyads, /api/network, /api/alerts and /api/status on the conftest store."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    ("query", "periods", "events"),
    [
        ("freq=month&since=2023-01-01&until=2023-12-31", 12, 12),
        ("freq=month", 15, 13),  # 2023-01 .. 2024-03: the dyad's first to last event
        ("freq=day&since=2023-03-01&until=2023-03-31", 31, 1),
        ("freq=week&since=2023-01-01&until=2023-01-31", 6, 1),
        ("freq=month&since=2024-04-01&until=2024-04-30", 1, 0),
    ],
)
def test_dyads_series_spans_every_period(
    client: TestClient, query: str, periods: int, events: int
) -> None:
    found = client.get(f"/api/dyads/RUS/CHN?{query}").json()
    assert len(found["series"]) == periods
    assert sum(p["events"] for p in found["series"]) == events


@pytest.mark.parametrize(
    ("path", "direction", "events"),
    [
        ("RUS/CHN", "both", 13),
        ("RUS/CHN", "forward", 13),
        ("RUS/CHN", "backward", 0),
        ("CHN/RUS", "backward", 13),
        ("chngov/rusgov", "both", 13),
        ("USA/RUS", "both", 0),
    ],
)
def test_dyads_direction_picks_events(
    client: TestClient, path: str, direction: str, events: int
) -> None:
    found = client.get(f"/api/dyads/{path}?direction={direction}").json()
    assert sum(p["events"] for p in found["series"]) == events


@pytest.mark.parametrize(
    ("period", "index"),
    [("2023-01-01", 1.0), ("2023-02-01", -1.0), ("2023-03-01", 1.0)],
)
def test_dyads_index_follows_quad_classes(client: TestClient, period: str, index: float) -> None:
    series = client.get("/api/dyads/RUS/CHN?since=2023-01-01&until=2023-03-31").json()["series"]
    assert {p["period"]: p["index"] for p in series}[period] == index


@pytest.mark.parametrize(
    ("path", "status", "reason"),
    [
        ("/api/dyads/R/CHN", 400, "bad_actor"),
        ("/api/dyads/RUS/CHN'%20OR%201=1", 400, "bad_actor"),
        ("/api/dyads/RUS/CHN?freq=year", 422, "bad_parameter"),
        ("/api/dyads/RUS/CHN?direction=up", 422, "bad_parameter"),
        ("/api/dyads/RUS/CHN?since=2024-02-01&until=2024-01-01", 400, "window"),
        ("/api/dyads/RUS", 404, "not_found"),
        ("/api/network?min_events=0", 422, "bad_parameter"),
        ("/api/network?level=planet", 422, "bad_parameter"),
        ("/api/alerts?freq=hour", 422, "bad_parameter"),
    ],
)
def test_analysis_routes_refuse_bad_parameters(
    client: TestClient, path: str, status: int, reason: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["reason"] == reason


@pytest.mark.parametrize(("min_events", "nodes"), [(1, 4), (3, 2), (50, 0)])
def test_network_keeps_edges_with_enough_events(
    client: TestClient, min_events: int, nodes: int
) -> None:
    found = client.get(f"/api/network?min_events={min_events}").json()
    assert len(found["nodes"]) == nodes


@pytest.mark.parametrize(
    ("window", "blocs"),
    [
        ("since=2023-01-01", [["CHN", "RUS"]]),  # 7 verbal cooperations, 6 accusations
        ("since=2023-01-01&until=2023-12-31", []),  # 6 and 6: net 0 is no partnership
    ],
)
def test_network_blocs_follow_net_cooperation(
    client: TestClient, window: str, blocs: list[list[str]]
) -> None:
    found = client.get(f"/api/network?{window}&min_events=1").json()
    assert found["blocs"] == blocs
    in_bloc = {n["id"] for n in found["nodes"] if n["bloc"] is not None}
    assert in_bloc == {member for bloc in blocs for member in bloc}


@pytest.mark.parametrize("query", ["", "since=2023-01-01&freq=month"])
def test_alerts_answer_with_evidence_rows(client: TestClient, query: str) -> None:
    found = client.get(f"/api/alerts?{query}").json()
    assert found["alerts"] is not None
    for alert in found["alerts"]:
        assert {e["event_id"] for e in alert["evidence"]} <= set(alert["event_ids"])


@pytest.mark.parametrize(("key", "value"), [("events", 14), ("duplicates", 1)])
def test_status_counts_the_store(client: TestClient, key: str, value: int) -> None:
    found = client.get("/api/status").json()
    assert found[key] == value
    assert found["first_event_date"] == "2023-01-10"
    assert found["last_event_date"] == "2024-04-10"
