"""End to end through the command line: pages in, events out, bad input skipped."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from polevents.cli import app

PAGES = Path(__file__).parent / "fixtures" / "pages"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"


def test_cli_code_prints_events_and_skips_bad_input(tmp_path: Path) -> None:
    binary = tmp_path / "binary.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    result = CliRunner().invoke(app, ["code", str(PAGES / "coder_story.txt"), str(binary)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    dyads = {(e["source_country"], e["target_country"], e["cameo_root"]) for e in events}
    assert ("JPN", "AUS", "04") in dyads or ("AUS", "JPN", "04") in dyads
    assert all(e["sentence"] and e["plover_type"] is not None for e in events)
    # the denial ("is not building a base") and the repeated caption are not coded
    assert not [e for e in events if "not building" in e["sentence"] and e["cameo_root"] != "01"]
    assert not [e for e in events if "arrives in Canberra" in e["sentence"]]
    assert "skip" in result.stderr and "binary" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("articles 1")


def test_cli_code_event_dates_come_from_the_sentence() -> None:
    result = CliRunner().invoke(app, ["code", str(PAGES / "coder_story.txt")])
    events = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    met = [e for e in events if e["cameo_root"] == "04"]  # "met ... in Canberra on Tuesday"
    assert met and met[0]["event_date"] == "2025-05-13" and met[0]["date_source"] == "sentence"


def test_cli_demo_codes_the_samples_and_builds_a_store(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(app, ["demo", "--pages", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert db.is_file()
    assert "polevents serve --db" in result.stdout
    assert "events coded" in result.stdout
