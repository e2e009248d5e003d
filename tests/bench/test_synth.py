"""Synthetic corpus: deterministic bytes, noisy pages that still code into events."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from polevents.bench.synth import iter_pages, write_corpus
from polevents.cli import app
from polevents.service import run_pipeline
from polevents.settings import load_settings


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


@pytest.mark.parametrize("seed", [0, 11])
def test_write_corpus_same_seed_same_bytes(tmp_path: Path, seed: int) -> None:
    write_corpus(40, tmp_path / "a", seed=seed, per_folder=16)
    write_corpus(40, tmp_path / "b", seed=seed, per_folder=16)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert len(_tree(tmp_path / "a")) == 40


@pytest.mark.parametrize(("one", "other"), [(0, 1)])
def test_iter_pages_other_seed_other_pages(one: int, other: int) -> None:
    assert list(iter_pages(5, seed=one)) != list(iter_pages(5, seed=other))


@pytest.mark.parametrize("count", [3, 30])
def test_iter_pages_page_depends_only_on_seed_and_index(count: int) -> None:
    assert list(iter_pages(count, seed=4))[:3] == list(iter_pages(3, seed=4))


@pytest.mark.parametrize("pages", [60])
def test_iter_pages_mixes_html_and_text_with_noise(pages: int) -> None:
    found = list(iter_pages(pages, seed=3))
    kinds = {page.name.rsplit(".", 1)[1] for page in found}
    texts = [page.content.decode("utf-8") for page in found]
    assert kinds == {"html", "txt"}
    assert any("Most read" in t or "Most Read" in t for t in texts)
    assert any("(Reuters)" in t or "(AFP)" in t or "(File photo)" in t for t in texts)


@pytest.mark.slow
@pytest.mark.parametrize("pages", [12])
def test_synth_pages_clean_and_code_into_events(tmp_path: Path, pages: int) -> None:
    write_corpus(pages, tmp_path)
    results = list(run_pipeline([tmp_path], settings=load_settings(fail_fast=True)))
    assert len(results) == pages and not [s for r in results for s in r.skips]
    assert sum(len(r.articles) for r in results) > pages  # several stories on some pages
    assert sum(len(r.events) for r in results) >= pages


@pytest.mark.parametrize("pages", [5])
def test_cli_synth_writes_pages(tmp_path: Path, pages: int) -> None:
    outcome = CliRunner().invoke(app, ["synth", "--pages", str(pages), "--out", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert len(list(tmp_path.rglob("p*.*"))) == pages
