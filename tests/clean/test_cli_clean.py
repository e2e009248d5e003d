"""The clean command: one JSON line per article with the contract's fields, skips on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polevents.cli import app

FIELDS = {"doc", "story", "title", "outlet", "published", "url", "language", "body", "duplicate_of"}
PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


@pytest.mark.parametrize("fmt", ["jsonl"])
def test_cli_clean_fields_and_exit_code(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "a.txt").write_text((PAGES / "two_stories.txt").read_text(encoding="utf-8"))
    (tmp_path / "b.txt").write_text((PAGES / "two_stories.txt").read_text(encoding="utf-8"))
    (tmp_path / "c.bin").write_bytes(b"\x00\x01binary\x00" * 20)
    result = CliRunner().invoke(app, ["clean", str(tmp_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(records) == 4
    assert all(set(record) == FIELDS for record in records)
    assert records[0]["published"] == "2025-03-03"
    assert records[2]["duplicate_of"] is not None and records[0]["duplicate_of"] is None
    assert "c.bin: binary" in result.stderr
    assert "articles 4  duplicates 2  skips 1 (binary 1)" in result.stderr


@pytest.mark.parametrize("args", [["clean", "x", "--format", "yaml"]])
def test_cli_clean_usage_error(args: list[str]) -> None:
    assert CliRunner().invoke(app, args).exit_code == 2
