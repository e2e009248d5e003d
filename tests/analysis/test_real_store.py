"""Analysis on a store built from the real seed pages and the dev set: what a reader of those
pages knows should be visible. Skips, with a message, when ../shared is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevents.analysis.dyads import dyad_series
from polevents.analysis.network import find_blocs, partnership_network
from polevents.analysis.source import open_events
from polevents.settings import load_settings
from polevents.store.ingest import ingest


@pytest.fixture(scope="module")
def real_store(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("real") / "news.duckdb"
    inputs = [shared_dir / "corpus" / "seeds", shared_dir / "eval" / "dev" / "articles"]
    ingest(inputs, settings=load_settings(db_path=db))
    return db


def test_real_store_shows_russia_china_cooperation(real_store: Path) -> None:
    series = dyad_series(open_events(real_store), "RUS", "CHN", freq="month")
    assert series["events"].sum() >= 3
    assert (series["verbal_coop"] + series["material_coop"]).sum() > (
        series["verbal_conflict"] + series["material_conflict"]
    ).sum()
    assert series["index"].dropna().mean() > 0


def test_real_store_network_has_blocs_with_russia_and_china_together(real_store: Path) -> None:
    blocs = find_blocs(partnership_network(open_events(real_store)))
    assert len(blocs) >= 2
    assert any({"RUS", "CHN"} <= set(bloc) for bloc in blocs)
