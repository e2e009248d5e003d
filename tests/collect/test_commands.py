"""`polevents fetch` and `polevents watch` through the Typer app, on 127.0.0.1 only."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from polevents.cli import app
from polevents.collect.state import FetchState, fetch_status_counts

PAGE = (
    "<html><head><title>Russia and China talk</title></head><body><article>"
    "<h1>Russia and China talk</h1><p>MOSCOW, May 6 (Reuters) - Russian President Vladimir "
    "Putin met Chinese President Xi Jinping in Moscow on Monday to discuss trade.</p>"
    "<p>The two leaders signed an agreement on energy cooperation, officials said.</p>"
    "</article></body></html>"
)


@pytest.fixture
def polite_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No politeness delay and no retries: the local server is ours."""
    monkeypatch.setenv("POLEVENTS_FETCH_DELAY_S", "0")
    monkeypatch.setenv("POLEVENTS_FETCH_RETRIES", "0")


def test_fetch_command_saves_warc_with_out(
    site: HTTPServer, tmp_path: Path, polite_env: None
) -> None:
    site.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    result = CliRunner().invoke(app, ["fetch", site.url_for("/a"), "--out", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    assert "saved 1 pages" in result.output
    assert len(list((tmp_path / "w").glob("*.warc.gz"))) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fetch", "http://127.0.0.1:9/a", "--out", "w", "--db", "x.duckdb"], "not both"),
        (["fetch", "missing-list.txt", "--db", "x.duckdb"], "not a URL or a file"),
        (["watch", "feeds.txt", "--every", "1d"], "--every"),
    ],
)
def test_collect_commands_fail_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_fetch_command_ingests_into_store_and_records_outcomes(
    site: HTTPServer, tmp_path: Path, polite_env: None
) -> None:
    """End to end with the real pipeline and store (loads the spaCy model)."""
    from polevents.store.db import EventStore

    site.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    site.expect_request("/gone").respond_with_data("", status=404)
    db = tmp_path / "store.duckdb"
    args = ["fetch", site.url_for("/a?utm_source=x"), site.url_for("/gone"), "--db", str(db)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    status = EventStore.open(db).status()
    assert (status["documents"], status["events"] > 0) == (1, True)
    with FetchState(db).session() as con:
        assert fetch_status_counts(con) == {"failed": 1, "fetched": 1}
