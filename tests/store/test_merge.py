"""The cross-outlet merge: arrival-order plan, SQL prefilter, batch-boundary independence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polevents.store.batch_merge import plan_batch
from polevents.store.db import EventStore
from polevents.store.merge import GroupKeys, group_keys, plan_merge
from polevents.store.staging import stage_results
from polevents.testing import FIXED_NOW, make_result
from polevents.types import Location


def _keys(days: list[int | None], *, countries: list[str | None] | None = None) -> GroupKeys:
    n = len(days)
    keys, _ = group_keys(["USA"] * n, ["CHN"] * n, ["04"] * n, days, countries or [None] * n,
                         [False] * n)  # fmt: skip
    return keys


@pytest.mark.parametrize(
    ("days", "plan"),
    [
        ([10, 11, 12], [0, 0, 2]),  # the third is two days after the event it would join
        ([10, 12, 11], [0, 1, 0]),  # equally close to both: the one stored first wins
        ([10, None, 10], [0, 1, 0]),  # an undated report stands alone
        ([10, 14, 13], [0, 1, 1]),
    ],
)
def test_plan_merge_joins_the_closest_earlier_event(days: list, plan: list) -> None:
    assert plan_merge(_keys(days), [None] * len(days), first_rank=1) == plan


@pytest.mark.parametrize(
    ("countries", "plan"),
    [(["FRA", "FRA"], [0, 0]), (["FRA", "DEU"], [0, 1]), (["FRA", None], [0, 0]),
     ([None, "DEU"], [0, 0])],
)  # fmt: skip
def test_plan_merge_needs_compatible_places(countries: list, plan: list) -> None:
    assert plan_merge(_keys([5, 5], countries=countries), [None, None], first_rank=1) == plan


@pytest.mark.parametrize(("symmetric", "plan"), [(True, [0, 0]), (False, [0, 1])])
def test_plan_merge_reads_symmetric_dyads_both_ways(symmetric: bool, plan: list) -> None:
    keys, _ = group_keys(["USA", "CHN"], ["CHN", "USA"], ["04", "04"], [3, 3], [None, None],
                         [symmetric, symmetric])  # fmt: skip
    assert plan_merge(keys, [None, None], first_rank=1) == plan


@pytest.mark.parametrize(
    ("days", "countries", "stored", "plan"),
    [
        ([101, 101], [None, None], [(1, 7, "ev_old")] * 2, ["ev_old", "ev_old"]),
        ([102, 101], [None, None], [None, (1, 7, "ev_old")], [0, "ev_old"]),  # tie: stored wins
        ([101, 101], ["DEU", None], [None, (1, 7, "ev_old")], [0, 0]),  # the new one is closer
        ([101, 101], [None, None], [(0, 7, "ev_old"), None], ["ev_old", 1]),
    ],
)
def test_plan_merge_weighs_stored_events_against_new_ones(
    days: list, countries: list, stored: list, plan: list
) -> None:
    assert plan_merge(_keys(days, countries=countries), stored, first_rank=8) == plan


_report = st.tuples(
    st.sampled_from(["USAGOV", "CHNGOV", "RUSGOV"]),
    st.sampled_from(["USAGOV", "CHNGOV", "RUSGOV", None]),
    st.sampled_from(["042", "043", "051"]),
    st.one_of(st.none(), st.integers(0, 6)),
    st.sampled_from([None, "FRA", "DEU"]),
    st.booleans(),
)


def _results(reports: list[tuple]) -> list:
    out = []
    for i, (source, target, code, day, country, symmetric) in enumerate(reports):
        when = None if day is None else date(2024, 3, 1) + timedelta(days=day)
        place = Location("Somewhere", country) if country else None
        out.append(make_result(f"d{i}.html", outlet=f"outlet{i % 3}.example", source=source,
                               target=target, cameo_code=code, event_date=when,
                               location=place, symmetric=symmetric))  # fmt: skip
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_report, min_size=1, max_size=25), st.booleans())
def test_sql_prefilter_gives_the_plan_of_the_full_greedy(reports: list[tuple], exact: bool) -> None:
    """plan_batch sends only contested reports to Python, keyed by hash or, when two keys of
    the batch share a hash (``exact``), by an exact numbering; the outcome must not change."""
    batch = stage_results(_results(reports))
    con = duckdb.connect()
    con.execute("CREATE TABLE events (event_id VARCHAR, global_id BIGINT, event_date DATE, "
                "published DATE, source_code VARCHAR, target_code VARCHAR, cameo_root VARCHAR, "
                "location_country VARCHAR)")  # fmt: skip
    con.register("_staged_reports", batch.reports)
    con.execute(
        "CREATE TEMP TABLE _fresh AS SELECT seq, source_code, target_code, cameo_root, "
        "date_diff('day', DATE '1970-01-01', coalesce(event_date, published))::INTEGER AS day, "
        'location_country, "symmetric" FROM _staged_reports'
    )
    if exact:  # as if two keys shared a hash
        con.execute("CREATE MACRO hash(a, b, c) AS 7::UBIGINT")
    plan = plan_batch(con, 1)
    r = batch.reports
    keys, _ = group_keys(r["source_code"].to_pylist(), r["target_code"].to_pylist(),
                         r["cameo_root"].to_pylist(),
                         [((e or p) - date(1970, 1, 1)).days if e or p else None
                          for e, p in zip(r["event_date"].to_pylist(), r["published"].to_pylist(),
                                          strict=True)],
                         r["location_country"].to_pylist(), r["symmetric"].to_pylist())  # fmt: skip
    full = plan_merge(keys, [None] * len(reports), first_rank=1)
    assert plan.column("seq").to_pylist() == list(range(len(full)))
    assert plan.column("creator").to_pylist() == full
    created = [i for i, creator in enumerate(full) if creator == i]
    numbers = plan.column("global_id").to_pylist()
    assert [numbers[i] for i in created] == list(range(1, len(created) + 1))
    assert sum(n is not None for n in numbers) == len(created)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(_report, min_size=2, max_size=20), st.integers(1, 7))
def test_merge_does_not_depend_on_batch_boundaries(
    tmp_path_factory: pytest.TempPathFactory, reports: list[tuple], batch_size: int
) -> None:
    """A run resumed after a crash cuts batches elsewhere; the stored events must not change."""
    folder = tmp_path_factory.mktemp("merge")
    stored = []
    for size in (len(reports), batch_size):
        path = Path(folder) / f"s{size}.duckdb"
        with EventStore.open(path, read_only=False) as store:
            store.write_results(_results(reports), batch_size=size, now=FIXED_NOW)
        stored.append(EventStore.open(path)._rows(
            "SELECT event_id, global_id, num_mentions, num_sources, num_articles FROM events "
            "ORDER BY global_id"))  # fmt: skip
    assert stored[0] == stored[1]


@pytest.mark.parametrize("limit", [1, 20])
def test_ingest_marks_a_copy_of_an_article_stored_by_an_earlier_run(
    tmp_path: Path, limit: int
) -> None:
    from polevents.clean.dedup import Deduplicator
    from polevents.settings import load_settings
    from polevents.store.ingest import primed_deduplicator
    from polevents.testing import make_article, make_raw

    body = (
        "Kenya and Ethiopia agreed on Sunday to reopen the Moyale border post next week and "
        "signed a memorandum on cross-border trade, the Kenyan foreign ministry said after "
        "the two ministers met in Nairobi for most of the day. Officials from both sides "
        "described the talks as constructive and said a further round would follow in Addis "
        "Ababa before the end of the year, with roads and power lines on the agenda."
    )
    original = Deduplicator(threshold=0.8).mark(make_article(make_raw("a.html"), body=body))
    path = tmp_path / "s.duckdb"
    with EventStore.open(path, read_only=False) as store:
        first = make_result("a.html")
        store.write_results([replace(first, articles=(original,))], now=FIXED_NOW)
        dedup = primed_deduplicator(store, load_settings(near_duplicate_memory=limit))
    copy = dedup.mark(make_article(make_raw("b.html"), body=body.replace("Sunday", "Monday")))
    assert copy.duplicate_of == original.article_id
