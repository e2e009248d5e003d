"""POST /api/code: refusals are checked before any coding; one real run codes and stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from polevents.api import create_app
from polevents.settings import load_settings
from tests.api.conftest import TOKEN

ARTICLE = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Monday."
    "\n\nThe United States accused Iran of violating the nuclear deal."
)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "unauthorized"),
        ({"Authorization": "Bearer wrong"}, "unauthorized"),
        ({"Authorization": f"Basic {TOKEN}"}, "unauthorized"),
        ({"Authorization": f"Bearer {TOKEN}x"}, "unauthorized"),
    ],
)
def test_code_store_without_the_token_is_401(
    client: TestClient, headers: dict[str, str], reason: str
) -> None:
    response = client.post("/api/code?store=true", content=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert response.json()["reason"] == reason


@pytest.mark.parametrize("token", [None, ""])
def test_code_store_is_403_when_no_token_is_configured(store_path: Path, token: str | None) -> None:
    client = TestClient(create_app(load_settings(db_path=store_path, api_token=token)))
    response = client.post(
        "/api/code?store=true", content=ARTICLE, headers={"Authorization": "Bearer "}
    )
    assert response.status_code == 403
    assert response.json()["reason"] == "writes_disabled"


@pytest.mark.parametrize(("size", "status"), [(101, 413), (5000, 413)])
def test_code_refuses_a_body_over_the_limit(store_path: Path, size: int, status: int) -> None:
    client = TestClient(create_app(load_settings(db_path=store_path, api_max_body_bytes=100)))
    response = client.post("/api/code", content=b"a" * size)
    assert response.status_code == status
    assert response.json()["reason"] == "too_large"


@pytest.mark.parametrize("body", [b"", b"   \n  "])
def test_code_refuses_an_empty_body(client: TestClient, body: bytes) -> None:
    response = client.post("/api/code", content=body)
    assert response.status_code == 400
    assert response.json()["reason"] == "empty_body"


@pytest.mark.slow
@pytest.mark.parametrize("article", [ARTICLE])
def test_code_codes_then_stores_with_the_token(fresh_client: TestClient, article: str) -> None:
    """One real run of the coder (spaCy, ~5 s): coded without storing, then stored."""
    client = fresh_client
    coded = client.post("/api/code", content=article)
    assert coded.status_code == 200, coded.text
    found = coded.json()
    assert found["stored"] is False and found["media_type"] == "text"
    pairs = {(e["source_country"], e["target_country"]) for e in found["events"]}
    assert ("USA", "IRN") in pairs
    assert all(e["sentence"] in article for e in found["events"])
    before = client.get("/api/status").json()["events"]
    stored = client.post(
        "/api/code?store=true", content=article, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert stored.status_code == 200 and stored.json()["stored"] is True
    assert client.get("/api/status").json()["events"] == before + len(found["events"])
    assert client.get("/api/events?q=nuclear").json()["count"] >= 1
