"""GET /api/events, /api/events/{id}, /api/articles/{id} on the small store of conftest."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

# The store: tass/xinhua/mirror (RUSGOV->CHNGOV 042, 2024-03-01, 3 mentions), reuters
# (USAGOV->IRNGOV 1121, 2024-04-10) and twelve RUSGOV->CHNGOV events, one a month of 2023.
ALL_EVENTS = 14


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL_EVENTS),
        ("source=RUS", 13),
        ("source=rusgov&target=CHN", 13),
        ("source=CHN&target=RUS", 0),
        ("source=CHN&target=RUS&direction=both", 13),
        ("target=IRN", 1),
        ("root=11", 7),
        ("root=4", 1),
        ("code=057", 6),
        ("code=11", 7),
        ("quad_class=3", 7),
        ("plover=consult", ALL_EVENTS),
        ("plover=AID", 0),
        ("since=2024-01-01", 2),
        ("until=2023-06-30", 6),
        ("since=2023-03-01&until=2023-03-31", 1),
        ("q=accused", 7),
        ("q=signed+deal", 6),
        ("q=Beijing+talks", 1),
        ("q=100%25", 0),
    ],
)
def test_events_filter_selects(client: TestClient, query: str, expected: int) -> None:
    response = client.get(f"/api/events?{query}&limit=1000")
    assert response.status_code == 200, response.text
    assert response.json()["count"] == expected
    assert len(response.json()["events"]) == expected


@pytest.mark.parametrize("limit", [1, 2, 5, 13, 14])
def test_events_cursor_pages_cover_every_event_once(client: TestClient, limit: int) -> None:
    seen: list[str] = []
    url = f"/api/events?limit={limit}"
    for _ in range(ALL_EVENTS + 1):
        page = client.get(url).json()
        assert len(page["events"]) <= limit
        seen += [e["event_id"] for e in page["events"]]
        if page["next"] is None:
            break
        url = f"/api/events?limit={limit}&cursor={page['next']}"
    assert len(seen) == len(set(seen)) == ALL_EVENTS


@pytest.mark.parametrize("query", ["", "source=RUS", "q=Russia"])
def test_events_come_newest_first(client: TestClient, query: str) -> None:
    days = [e["event_date"] for e in client.get(f"/api/events?{query}").json()["events"]]
    assert days == sorted(days, reverse=True)


@pytest.mark.parametrize(
    ("query", "status", "reason"),
    [
        ("limit=0", 422, "bad_parameter"),
        ("limit=1001", 422, "bad_parameter"),
        ("limit=ten", 422, "bad_parameter"),
        ("quad_class=5", 422, "bad_parameter"),
        ("since=2024-13-01", 422, "bad_parameter"),
        ("direction=sideways", 422, "bad_parameter"),
        ("source=R", 400, "bad_actor"),
        ("target=RUS1", 400, "bad_actor"),
        ("root=21", 400, "bad_filter"),
        ("root=ab", 400, "bad_filter"),
        ("code=04x", 400, "bad_filter"),
        ("plover=A-B", 400, "bad_filter"),
        ("since=2024-02-01&until=2024-01-01", 400, "window"),
        ("cursor=not-a-cursor", 400, "bad_cursor"),
        ("cursor=WyJ4IiwxXQ", 400, "bad_cursor"),  # ["x",1]: a date that is not one
        ("q=" + "+".join(["w"] * 9), 400, "bad_filter"),
    ],
)
def test_events_refuse_bad_parameters(
    client: TestClient, query: str, status: int, reason: str
) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == status
    assert response.json()["reason"] == reason
    assert response.json()["error"]


@pytest.mark.parametrize("event_id", ["ev_9d1b82a2cf7ea1d414bb", "1"])
def test_event_detail_has_every_mention_and_its_article(client: TestClient, event_id: str) -> None:
    found = client.get(f"/api/events/{event_id}").json()
    assert found["event_id"] == "ev_9d1b82a2cf7ea1d414bb"
    assert found["num_mentions"] == len(found["mentions"]) == 3
    assert found["evidence"] == ["Russia and China held talks in Beijing."]
    outlets = {m["outlet"] for m in found["mentions"]}
    assert outlets == {"tass.ru", "xinhuanet.com", "mirror.example"}
    tass = next(m for m in found["mentions"] if m["outlet"] == "tass.ru")
    assert tass["title"] == "Title of tass.html"
    assert tass["url"] == "https://tass.ru/a1"
    assert tass["published"] == "2024-03-01"


@pytest.mark.parametrize("event_id", ["nope", "' OR 1=1 --", "999999", "ev_9d1b82a2cf7ea1d414bX"])
def test_event_detail_of_unknown_id_is_404(client: TestClient, event_id: str) -> None:
    response = client.get(f"/api/events/{event_id}")
    assert response.status_code == 404
    assert response.json()["reason"] == "not_found"


@pytest.mark.parametrize("outlet", ["reuters.com"])
def test_article_detail_lists_its_events(client: TestClient, outlet: str) -> None:
    event = client.get("/api/events?target=IRN").json()["events"][0]
    article = client.get(f"/api/articles/{event['article_id']}").json()
    assert article["outlet"] == outlet
    assert article["event_ids"] == [event["event_id"]]
    assert article["body"]


@pytest.mark.parametrize("article_id", ["missing", "x' OR '1'='1"])
def test_article_detail_of_unknown_id_is_404(client: TestClient, article_id: str) -> None:
    assert client.get(f"/api/articles/{article_id}").status_code == 404


@pytest.mark.parametrize("field", ["location"])
def test_events_nest_the_location(client: TestClient, field: str) -> None:
    (event,) = client.get("/api/events?target=IRN").json()["events"]
    assert event[field] == {"name": "Paris", "country": "FRA", "lat": 48.8566, "lon": 2.3522}
