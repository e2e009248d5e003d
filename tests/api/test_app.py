"""The app as a whole: health, errors, injection attempts, OpenAPI, the dashboard files."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polevents.api import create_app
from polevents.settings import load_settings
from polevents.web import STATIC_DIR

INJECTIONS = [
    "' OR 1=1 --",
    "RUS' OR '1'='1",
    "1; DROP TABLE events; --",
    '") OR ("a"="a',
    "%' OR sentence LIKE '%",
    "RUS\\' UNION SELECT * FROM articles --",
    "\x00",
]
FILTERS = ["source", "target", "root", "code", "plover", "q", "cursor", "since"]


@pytest.mark.parametrize("path", ["/healthz"])
def test_healthz_answers_without_a_store(tmp_path: Path, path: str) -> None:
    app = create_app(load_settings(db_path=tmp_path / "missing.duckdb"))
    assert TestClient(app).get(path).json()["status"] == "ok"


@pytest.mark.parametrize(
    ("name", "reason"), [("missing.duckdb", "missing"), ("junk.duckdb", "not_duckdb")]
)
def test_unreadable_store_is_503_with_reason(tmp_path: Path, name: str, reason: str) -> None:
    if name == "junk.duckdb":
        (tmp_path / name).write_bytes(b"not a database at all")
    client = TestClient(create_app(load_settings(db_path=tmp_path / name)))
    response = client.get("/api/events")
    assert response.status_code == 503
    assert response.json()["reason"] == reason


@pytest.mark.parametrize("attack", INJECTIONS)
@pytest.mark.parametrize("name", FILTERS)
def test_events_injection_is_refused_or_empty(client: TestClient, name: str, attack: str) -> None:
    response = client.get(f"/api/events?{name}={quote(attack)}")
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code == 200:
        assert response.json()["events"] == []
    else:
        assert response.json()["reason"]
    assert client.get("/api/status").json()["events"] == 14  # nothing was dropped


@pytest.mark.parametrize("attack", INJECTIONS[:-1])
@pytest.mark.parametrize(
    "template", ["/api/dyads/{}/CHN", "/api/events/{}", "/api/articles/{}", "/api/dyads/RUS/{}"]
)
def test_path_injection_is_refused(client: TestClient, template: str, attack: str) -> None:
    response = client.get(template.format(quote(attack, safe="")))
    assert response.status_code in (400, 404, 422), response.text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=40))
def test_events_any_text_filter_never_errors(client: TestClient, value: str) -> None:
    for name in ("source", "q", "plover"):
        response = client.get("/api/events", params={name: value})
        assert response.status_code < 500, (name, value, response.text)


@pytest.mark.parametrize(
    "path",
    [
        "/healthz",
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles/{article_id}",
        "/api/dyads/{source}/{target}",
        "/api/network",
        "/api/alerts",
        "/api/status",
        "/api/code",
    ],
)
def test_openapi_documents_each_endpoint(client: TestClient, path: str) -> None:
    spec = client.get("/openapi.json").json()
    assert path in spec["paths"]
    for operation in spec["paths"][path].values():
        assert operation["summary"]
        assert "200" in operation["responses"]


@pytest.mark.parametrize("path", ["/nowhere", "/api/events/a/b"])
def test_unknown_path_is_json_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["reason"] == "not_found"


@pytest.mark.parametrize(
    "asset", ["vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js"]
)
def test_dashboard_page_loads_vendored_scripts(client: TestClient, asset: str) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert f"/static/{asset}" in page.text
    assert client.get(f"/static/{asset}").status_code == 200


@pytest.mark.parametrize("suffix", [".html", ".js", ".css"])
def test_dashboard_fetches_nothing_from_other_hosts(suffix: str) -> None:
    """Offline use: our own files name no http(s) URL to load (links to articles are data)."""
    for path in STATIC_DIR.glob(f"*{suffix}"):
        loads = re.findall(r"""(?:src|href|import|url)\s*[=(]\s*["']?(https?:)""", path.read_text())
        assert loads == [], path
