"""Fixtures of the API tests: a small store (shared by read-only tests) and TestClients."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from polevents.api import create_app
from polevents.settings import load_settings
from polevents.testing import make_result, make_store, small_results
from polevents.types import DocumentResult

TOKEN = "test-token-123"


def monthly_results(months: int = 12) -> list[DocumentResult]:
    """Return ``small_results()`` plus one RUS->CHN event a month in 2023, alternating
    cooperation (CAMEO 057, QuadClass 1) and conflict (CAMEO 112, QuadClass 3)."""
    extra = [
        make_result(
            f"month{m:02d}.html",
            outlet="example.org",
            url=f"https://example.org/m{m}",
            event_date=date(2023, m, 10),
            cameo_code="057" if m % 2 else "112",
            goldstein=8.0 if m % 2 else -2.0,
            sentence=f"Russia and China signed deal number {m}."
            if m % 2
            else f"Russia accused China of breaking promise {m}.",
        )
        for m in range(1, months + 1)
    ]
    return [*small_results(), *extra]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of ``monthly_results()``, built once per module: read-only tests share it."""
    return make_store(tmp_path_factory.mktemp("api"), results=monthly_results())


@pytest.fixture(scope="module")
def client(store_path: Path) -> TestClient:
    """A client over the shared store; tests that write use ``fresh_client``."""
    return TestClient(create_app(load_settings(db_path=store_path, api_token=TOKEN)))


@pytest.fixture
def fresh_client(tmp_path: Path) -> TestClient:
    """A client over a store of its own, for a test that writes."""
    store = make_store(tmp_path, results=monthly_results())
    return TestClient(create_app(load_settings(db_path=store, api_token=TOKEN)))
