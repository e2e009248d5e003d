"""The Dask path: addresses, equality with the single-process run, Parquet, the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from polevents.errors import ConfigError
from polevents.ingest.readers import iter_documents
from polevents.scale.dask import (
    ingest_with_dask,
    iter_dask_results,
    open_client,
    parse_address,
)
from polevents.service import run_pipeline
from polevents.settings import Settings, load_settings
from polevents.store.db import EventStore
from polevents.store.ingest import ingest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "examples" / "pages", ROOT / "tests" / "fixtures" / "pages"]
SNAPSHOT = """SELECT event_id, global_id, event_date, source_code, target_code, cameo_code,
                     num_mentions, num_sources, num_articles, sentence
              FROM events ORDER BY global_id"""


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("local:2", ("local", 2)), ("tcp://10.0.0.5:8786", ("tcp://10.0.0.5:8786", 0)),
     ("tls://sched.example:8786", ("tls://sched.example:8786", 0))],
)  # fmt: skip
def test_parse_address_accepts_local_and_schedulers(spec: str, expected: tuple[str, int]) -> None:
    assert parse_address(spec) == expected


@pytest.mark.parametrize("spec", ["local:0", "local:x", "http://host:8786", "tcp://host", ""])
def test_parse_address_refuses_nonsense(spec: str) -> None:
    with pytest.raises(ConfigError):
        parse_address(spec)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(fail_fast=True)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[object]:
    """One LocalCluster of 2 worker processes for the module (spaCy loads once per worker)."""
    with open_client("local:2", settings=settings) as connected:
        yield connected


def _event_ids(results: Iterator) -> list[str]:  # type: ignore[type-arg]
    return [event.event_id for result in results for event in result.events]


@pytest.mark.slow
@pytest.mark.parametrize("batch_docs", [2])
def test_dask_run_equals_plain_run_on_sample_pages(
    client: object, settings: Settings, batch_docs: int
) -> None:
    plain = list(run_pipeline(PAGES, settings=settings))
    spread = list(iter_dask_results(iter_documents(PAGES, settings=settings), client=client,
                                    settings=settings, batch_docs=batch_docs))  # fmt: skip
    assert [r.origin for r in spread] == [r.origin for r in plain]
    assert _event_ids(iter(spread)) == _event_ids(iter(plain)) != []
    assert [s.reason for r in spread for s in r.skips] == [s.reason for r in plain for s in r.skips]


@pytest.mark.slow
@pytest.mark.parametrize("split", ["articles"])
def test_dask_run_equals_plain_run_on_dev_set(
    client: object, settings: Settings, shared_dir: Path, split: str
) -> None:
    """The issue's acceptance test: the same events from the same pages of the dev set."""
    pages = [shared_dir / "eval" / "dev" / split]
    plain = _event_ids(run_pipeline(pages, settings=settings))
    spread = _event_ids(iter_dask_results(iter_documents(pages, settings=settings),
                                          client=client, settings=settings))  # fmt: skip
    assert spread == plain and len(plain) > 50


@pytest.mark.slow
@pytest.mark.parametrize("table", ["events", "articles"])
def test_dask_writes_parquet_partitioned_by_month(
    client: object, settings: Settings, tmp_path: Path, table: str
) -> None:
    out = tmp_path / "parquet"
    results = list(iter_dask_results(iter_documents(PAGES, settings=settings), client=client,
                                     settings=settings, out=out))  # fmt: skip
    months = sorted(p.name for p in (out / table).iterdir())
    assert months and all(m.startswith("month=") for m in months)
    rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/{table}/*/*.parquet', "
                      "hive_partitioning = true)").fetchall()[0][0]  # fmt: skip
    expected = sum(len(getattr(r, table)) for r in results)
    assert rows == expected > 0


@pytest.mark.slow
@pytest.mark.parametrize("batch_size", [3])
def test_ingest_with_dask_stores_what_ingest_stores(
    client: object, tmp_path: Path, batch_size: int
) -> None:
    plain, spread = tmp_path / "plain.duckdb", tmp_path / "dask.duckdb"
    ingest(PAGES, settings=load_settings(db_path=plain), batch_size=batch_size)
    report = ingest_with_dask(PAGES, settings=load_settings(db_path=spread), dask="local:2",
                              batch_size=batch_size, client=client)  # fmt: skip
    assert report.events > 0
    assert EventStore.open(spread).query(SNAPSHOT).equals(EventStore.open(plain).query(SNAPSHOT))
    again = ingest_with_dask(PAGES, settings=load_settings(db_path=spread), dask="local:2",
                             client=client)  # fmt: skip
    assert again.documents == 0 and again.already_known == report.documents
