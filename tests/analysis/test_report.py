"""Report and CLI commands on a store file holding planted structure."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest
from typer.testing import CliRunner

from polevents.analysis.report import build_report, write_report
from polevents.analysis.synthetic import bloc_events, load_events, shift_events, to_frame
from polevents.cli import app


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "events.duckdb"
    with duckdb.connect(str(path)) as con:
        load_events(con, to_frame(bloc_events(1, days=60) + shift_events(3, days=60)))
    return path


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_write_report_shows_the_turned_dyad_with_links_and_chart(store, tmp_path, suffix):
    with duckdb.connect(str(store), read_only=True) as con:
        report = build_report(con, since=date(2025, 3, 1), until=date(2025, 3, 6))
    out = write_report(report, tmp_path / f"r{suffix}")
    text = out.read_text()
    assert report.top_dyads.iloc[0][["source", "target"]].tolist() == ["IND", "PAK"]
    assert "IND-PAK" in text and "https://example.org/art-x3-" in text
    assert ("<svg" in text) if suffix == ".html" else (tmp_path / "r_charts/dyads.svg").is_file()


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["dyad", "ind", "pak", "--format", "json", "--freq", "week"],
         lambda out: json.loads(out)["series"][0]["index"] is not None),
        (["dyad", "IND", "PAK", "--format", "csv"], lambda out: out.startswith("period,events")),
        (["dyad", "IND", "PAK"], lambda out: "|" in out and "█" in out),
        (["network", "--format", "json"], lambda out: len(json.loads(out)["blocs"]) == 3),
        (["network", "--format", "gexf"], lambda out: out.startswith("<?xml")),
        (["alerts", "--since", "2025-02-24", "--format", "json"],
         lambda out: "bloc_conflict" in {a["kind"] for a in json.loads(out)}),
    ],
)  # fmt: skip
def test_cli_analysis_commands_render_each_format(store, args, check):
    result = CliRunner().invoke(app, [*args, "--db", str(store)])
    assert result.exit_code == 0, result.output
    assert check(result.output)


@pytest.mark.parametrize(
    "args", [["dyad", "R1", "CHN"], ["network", "--format", "png"], ["alerts", "--freq", "year"]]
)
def test_cli_analysis_commands_fail_in_one_line(store, args):
    result = CliRunner().invoke(app, [*args, "--db", str(store)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "error:" in result.output


@pytest.mark.parametrize("suffix", [".md"])
def test_cli_report_writes_file(store, tmp_path, suffix):
    out = tmp_path / f"report{suffix}"
    result = CliRunner().invoke(app, ["report", "--out", str(out), "--db", str(store)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# What changed")
