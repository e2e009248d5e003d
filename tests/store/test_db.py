"""EventStore: idempotency, merging, status, Python API, bad files, locking, crash safety."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

import polevents
from polevents.errors import StoreError
from polevents.store import write as store_write
from polevents.store.db import EventStore
from polevents.testing import FIXED_NOW, make_result, make_store, small_results
from polevents.types import Location

COUNTS = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), " \
    "(SELECT count(*) FROM mentions), (SELECT count(*) FROM articles)"  # fmt: skip


def _counts(path: Path) -> tuple[int, ...]:
    return tuple(EventStore.open(path)._rows(COUNTS)[0])


def _write(path: Path, results: list, batch_size: int = 2) -> None:
    with EventStore.open(path, read_only=False) as store:
        store.write_results(results, batch_size=batch_size, now=FIXED_NOW)


@pytest.mark.parametrize("batch_size", [1, 2, 50])
def test_write_results_is_idempotent(tmp_path: Path, batch_size: int) -> None:
    path = tmp_path / "s.duckdb"
    _write(path, small_results(), batch_size)
    first = _counts(path)
    with EventStore.open(path, read_only=False) as store:
        report = store.write_results(small_results(), batch_size=batch_size)
    assert _counts(path) == first == (5, 2, 4, 4)
    assert report.already_known == 5 and report.documents == 0


@pytest.mark.parametrize(
    ("second", "events", "sources"),
    [
        ({"cameo_code": "043", "event_date": date(2024, 3, 2)}, 1, 2),  # same root, next day
        ({"cameo_code": "042", "event_date": date(2024, 3, 1)}, 1, 2),  # identical
        ({"cameo_code": "042", "event_date": date(2024, 3, 3)}, 2, 1),  # two days apart
        ({"cameo_code": "051", "event_date": date(2024, 3, 1)}, 2, 1),  # other root
        ({"source": "CHNGOV", "target": "RUSGOV"}, 2, 1),  # reversed, not symmetric
    ],
)
def test_write_results_merges_same_event_across_outlets(
    tmp_path: Path, second: dict, events: int, sources: int
) -> None:
    path = tmp_path / "s.duckdb"
    one = make_result("a.html", outlet="tass.ru")
    two = make_result("b.html", outlet="xinhuanet.com", **second)
    _write(path, [one, two])
    found = polevents.open(path).events()
    assert len(found) == events
    assert found["num_sources"].iloc[0] == sources
    assert found["num_mentions"].sum() == 2


@pytest.mark.parametrize("batch_size", [1, 10])
def test_write_results_merges_symmetric_events_in_either_direction(
    tmp_path: Path, batch_size: int
) -> None:
    path = tmp_path / "s.duckdb"
    one = make_result("a.html", outlet="tass.ru", symmetric=True)
    two = make_result("b.html", outlet="bbc.co.uk", source="CHNGOV", target="RUSGOV",
                      symmetric=True)  # fmt: skip
    _write(path, [one, two], batch_size)
    found = polevents.open(path).events()
    assert found[["num_mentions", "num_sources", "num_articles"]].values.tolist() == [[2, 2, 2]]


@pytest.mark.parametrize(("country", "events"), [("FRA", 1), ("DEU", 2), (None, 1)])
def test_write_results_needs_compatible_places(tmp_path: Path, country: str | None, events: int):
    path = tmp_path / "s.duckdb"
    paris = Location("Paris", "FRA", 48.85, 2.35)
    other = Location("Somewhere", country) if country else None
    one = make_result("a.html", location=paris)
    _write(path, [one, make_result("b.html", outlet="x.org", location=other)])
    assert len(polevents.open(path).events()) == events


@pytest.mark.parametrize("path_kind", ["file", "dir"])
def test_make_store_keeps_republished_story_as_mention(tmp_path: Path, path_kind: str) -> None:
    path = make_store(tmp_path / "s.duckdb" if path_kind == "file" else tmp_path)
    store = polevents.open(path)
    event = store.events(source="RUS").iloc[0]
    assert (event.num_mentions, event.num_sources, event.num_articles) == (3, 3, 3)
    detail = store.event(event.event_id)
    assert {m["outlet"] for m in detail["mentions"]} == {"tass.ru", "xinhuanet.com",
                                                         "mirror.example"}  # fmt: skip
    assert detail["evidence"] == ["Russia and China held talks in Beijing."]


@pytest.mark.parametrize("fmt", ["json"])
def test_status_has_contract_keys(tmp_path: Path, fmt: str) -> None:
    found = polevents.open(make_store(tmp_path)).status()
    assert set(found) == {"documents", "articles", "duplicates", "events", "mentions", "skipped",
                          "last_run", "fetches"}  # fmt: skip
    assert found["fetches"] == {}  # nothing was fetched into this store
    assert (found["documents"], found["duplicates"], found["skipped"]) == (5, 1, {"binary": 1})
    assert found["last_run"]["documents"] == 5


@pytest.mark.parametrize(
    ("filters", "count"),
    [
        ({}, 2),
        ({"source": "usa"}, 1),
        ({"target": "CHN"}, 1),
        ({"root": 4}, 1),
        ({"root": "11"}, 1),
        ({"since": "2024-04-01"}, 1),
        ({"until": date(2024, 3, 31)}, 1),
        ({"since": "2024-05-01"}, 0),
    ],
)
def test_events_filters(tmp_path: Path, filters: dict, count: int) -> None:
    store = polevents.open(make_store(tmp_path))
    assert len(store.events(**filters)) == count
    assert store.events_arrow(**filters).num_rows == count


@pytest.mark.parametrize("key", ["event_id", "global_id"])
def test_event_looks_up_by_either_id(tmp_path: Path, key: str) -> None:
    store = polevents.open(make_store(tmp_path))
    row = store.events(source="USA").iloc[0]
    ident = row[key] if key == "event_id" else int(row[key])
    assert store.event(ident)["cameo_code"] == "1121"
    with pytest.raises(StoreError) as err:
        store.event("nope")
    assert err.value.reason == "not_found"


@pytest.mark.parametrize("outlet", ["mirror.example"])
def test_articles_lists_duplicates(tmp_path: Path, outlet: str) -> None:
    found = polevents.open(make_store(tmp_path)).articles(outlet=outlet)
    assert found["duplicate_of"].notna().all() and len(found) == 1


@pytest.mark.parametrize("content", [b"", b"hello, I am not a database" * 100, b"\x00" * 4096])
def test_open_refuses_non_duckdb_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.duckdb"
    path.write_bytes(content)
    for read_only in (True, False):
        with pytest.raises(StoreError) as err:
            EventStore.open(path, read_only=read_only)
        assert err.value.reason == "not_duckdb"
    assert path.read_bytes() == content  # nothing overwritten


@pytest.mark.parametrize("read_only", [True, False])
def test_open_refuses_newer_schema(tmp_path: Path, read_only: bool) -> None:
    path = make_store(tmp_path)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO _migrations VALUES ('9999_from_the_future', now())")
    con.close()
    with pytest.raises(StoreError) as err:
        EventStore.open(path, read_only=read_only)
    assert err.value.reason == "newer_schema"


@pytest.mark.parametrize("kind", ["missing", "plain_duckdb"])
def test_open_read_only_refuses_non_store(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.duckdb"
    if kind == "plain_duckdb":
        duckdb.connect(str(path)).close()
    with pytest.raises(StoreError) as err:
        polevents.open(path)
    assert err.value.reason == {"missing": "missing", "plain_duckdb": "not_store"}[kind]


@pytest.mark.parametrize("wait_s", [0.0, 0.2])
def test_second_writer_gets_clear_lock_error(tmp_path: Path, wait_s: float) -> None:
    path = tmp_path / "s.duckdb"
    with EventStore.open(path, read_only=False):
        with pytest.raises(StoreError, match="another writer") as err:
            EventStore.open(path, read_only=False, lock_timeout_s=wait_s)
        assert err.value.reason == "locked"
        assert polevents.open(path).status()["events"] == 0  # readers keep working
    EventStore.open(path, read_only=False).close()  # released after the first writer


@pytest.mark.parametrize("fail_on", ["mentions", "events"])
def test_failed_batch_leaves_store_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on: str
) -> None:
    path = tmp_path / "s.duckdb"
    results = small_results()
    _write(path, results[:2])
    before = _counts(path)
    real_run = store_write._run

    def failing(con, sql, params=None):  # type: ignore[no-untyped-def]
        real_run(con, sql, params)
        if sql.lstrip().startswith(f"INSERT INTO {fail_on} "):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_write, "_run", failing)
    with EventStore.open(path, read_only=False) as store, pytest.raises(StoreError) as err:
        store.write_results(results[2:], batch_size=10)
    assert err.value.reason == "disk_full"
    assert _counts(path) == before
    monkeypatch.undo()
    _write(path, results)  # the next run resumes and completes
    assert _counts(path) == (5, 2, 4, 4)


@pytest.mark.parametrize("read_only", [True])
def test_read_only_store_refuses_writes(tmp_path: Path, read_only: bool) -> None:
    store = EventStore.open(make_store(tmp_path), read_only=read_only)
    with pytest.raises(StoreError) as err:
        store.write_results([make_result()])
    assert err.value.reason == "read_only"


@pytest.mark.parametrize("events", [3])
def test_open_upgrades_a_store_of_the_first_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, events: int
) -> None:
    """A store of schema 1 (events keyed by an index) keeps its rows and takes new batches."""
    from polevents.store import schema

    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    with duckdb.connect(str(path)) as con:
        schema.migrate(con, path=str(path))
        con.execute(
            "INSERT INTO events (event_id, global_id, source_code, target_code, cameo_code, "
            "cameo_root, event_date) SELECT 'ev_old' || i, i, 'USAGOV', 'CHNGOV', '190', '19', "
            "DATE '2020-01-01' + i::INTEGER * 10 FROM range(1, ?) r(i)",
            [events + 1],
        )
    monkeypatch.undo()
    _write(path, [make_result("new.html", cameo_code="042")])
    with duckdb.connect(str(path), read_only=True) as con:
        applied = [
            r[0] for r in con.execute("SELECT name FROM _migrations ORDER BY name").fetchall()
        ]
        ids = con.execute("SELECT global_id FROM events ORDER BY global_id").fetchall()
        fingerprints = con.execute("SELECT count(*) FROM article_fingerprints").fetchall()
    assert applied == [name for name, _ in schema.MIGRATIONS]
    assert [row[0] for row in ids] == list(range(1, events + 2))
    assert fingerprints == [(0,)]  # make_result's article was not through the deduplicator
