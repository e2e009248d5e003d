"""The fetches table: outcomes, validators, seen items, status counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from polevents.collect.fetch import FetchOutcome, FetchStatus
from polevents.collect.state import (
    FetchState,
    ensure_fetches_table,
    fetch_status_counts,
    filter_unseen,
    load_canonical_owners,
    load_validators,
    record_outcome,
)

WHEN = datetime(2024, 5, 6, 12, tzinfo=UTC)


def outcome(url: str, status: FetchStatus = "fetched", **fields: object) -> FetchOutcome:
    values: dict[str, object] = {"canonical_url": url, "http_status": 200}
    values.update(fields)
    return FetchOutcome(url=url, final_url=url, status=status, fetched_at=WHEN, **values)  # type: ignore[arg-type]


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(":memory:")
    ensure_fetches_table(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        (outcome("u", "not_modified", http_status=304, etag='"v2"'), ('"v2"', None)),
        (outcome("u", "failed", http_status=503, reason="http_503"), ('"v1"', "Mon")),
        (outcome("u", "fetched", etag=None, last_modified=None), (None, None)),
    ],
)
def test_record_outcome_keeps_validators_of_last_good_fetch(
    con: duckdb.DuckDBPyConnection, later: FetchOutcome, expected: tuple[str | None, str | None]
) -> None:
    record_outcome(con, outcome("u", etag='"v1"', last_modified="Mon"))
    record_outcome(con, later)
    assert load_validators(con, ["u", "other"]).get("u", (None, None)) == expected


@pytest.mark.parametrize(
    ("status", "http_status", "unseen"),
    [
        ("fetched", 200, False),
        ("robots", None, False),
        ("too_large", 200, False),
        ("failed", 404, False),
        ("failed", 503, True),
        ("failed", 429, True),
        ("failed", None, True),
    ],
)
def test_filter_unseen_retries_only_passing_failures(
    con: duckdb.DuckDBPyConnection, status: FetchStatus, http_status: int | None, unseen: bool
) -> None:
    record_outcome(con, outcome("https://a.com/1", status, http_status=http_status), feed="f")
    expected = ["https://a.com/1", "https://a.com/2"] if unseen else ["https://a.com/2"]
    assert filter_unseen(con, ["https://a.com/1", "https://a.com/2"]) == expected


def test_filter_unseen_matches_canonical_urls(con: duckdb.DuckDBPyConnection) -> None:
    record_outcome(con, outcome("https://a.com/amp/1", canonical_url="https://a.com/1"))
    assert filter_unseen(con, ["https://a.com/1"]) == []


def test_record_outcome_keeps_first_feed(con: duckdb.DuckDBPyConnection) -> None:
    record_outcome(con, outcome("u"), feed="feed-a")
    record_outcome(con, outcome("u"), feed="feed-b")
    assert con.execute("SELECT feed FROM fetches").fetchall() == [("feed-a",)]


def test_load_canonical_owners_lists_fetched_urls(con: duckdb.DuckDBPyConnection) -> None:
    record_outcome(con, outcome("https://a.com/x?ref=1", canonical_url="https://a.com/x"))
    record_outcome(con, outcome("https://a.com/y", "failed", canonical_url="https://a.com/x"))
    assert load_canonical_owners(con, ["https://a.com/x", "https://a.com/z"]) == {
        "https://a.com/x": {"https://a.com/x?ref=1"}
    }


@pytest.mark.parametrize(
    "statuses",
    [[], ["fetched"], ["fetched", "fetched", "robots", "failed", "not_modified"]],
)
def test_fetch_status_counts_counts_latest_outcomes(
    con: duckdb.DuckDBPyConnection, statuses: list[FetchStatus]
) -> None:
    for n, status in enumerate(statuses):
        record_outcome(con, outcome(f"u{n}", status))
    expected: dict[str, int] = {}
    for status in statuses:
        expected[status] = expected.get(status, 0) + 1
    assert fetch_status_counts(con) == expected


def test_fetch_status_counts_is_empty_without_table() -> None:
    with duckdb.connect(":memory:") as fresh:
        assert fetch_status_counts(fresh) == {}


def test_fetch_state_persists_across_sessions(tmp_path: Path) -> None:
    state = FetchState(tmp_path / "store.duckdb")
    with state.session() as first:
        record_outcome(first, outcome("u", etag='"e"'))
    with FetchState(tmp_path / "store.duckdb").session() as second:
        assert load_validators(second, ["u"]) == {"u": ('"e"', None)}
