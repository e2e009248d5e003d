"""Dyad series on hand-written events whose answer is worked out by hand."""

from __future__ import annotations

import math
from datetime import date

import duckdb
import pytest

from polevents.analysis.dyads import cooperation_index, dyad_series, top_dyads_by_change
from polevents.analysis.synthetic import event_row, load_events, to_frame
from polevents.errors import ConfigError

D = date


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    """Six RUS/CHN events over Jan and Mar 2025 (nothing in Feb), plus noise from others."""
    rows = [
        event_row("e1", "RUSGOV", "CHNGOV", D(2025, 1, 3), 1, num_mentions=4),  # 042, +1.9
        event_row("e2", "CHN", "RUS", D(2025, 1, 20), 2, num_mentions=1),  # 061, +6.4
        event_row("e3", "RUSMIL", "CHN", D(2025, 1, 31), 3, num_mentions=2),  # 112, -2.0
        event_row("e4", "RUS", "CHN", D(2025, 3, 1), 4, num_mentions=1),  # 173, -5.0
        event_row("e5", "CHN", "RUSGOV", D(2025, 3, 9), 1, num_mentions=3),  # 042, +1.9
        event_row("e6", "RUS", "RUS", D(2025, 3, 9), 4),  # domestic: never a RUS-CHN event
        event_row("e7", "USA", "CHN", D(2025, 1, 5), 4),
        event_row("e8", "RUS", "USA", D(2025, 3, 5), 1),
    ]
    connection = duckdb.connect()
    load_events(connection, to_frame(rows))
    return connection


@pytest.mark.parametrize(
    ("weight", "jan", "mar"),
    [
        # Jan: VC=1 MC=1 VK=1 -> (1+2-1)/(1+2+1) = 0.5; Mar: VC=1 MK=1 -> (1-2)/(1+2)
        ("events", (1, 1, 1, 0, 6.3, 2.1, 0.5), (1, 0, 0, 1, -3.1, -1.55, -1 / 3)),
        # Jan: VC=4 MC=1 VK=2 -> (4+2-2)/(4+2+2); Mar: VC=3 MK=1 -> (3-2)/(3+2)
        ("mentions", (4, 1, 2, 0, 10.0, 10.0 / 7, 0.5), (3, 0, 0, 1, 0.7, 0.7 / 4, 0.2)),
    ],
)
def test_dyad_series_matches_hand_counts(con, weight, jan, mar):
    frame = dyad_series(con, "RUS", "CHN", freq="month", weight=weight)
    assert [p.date() for p in frame["period"]] == [D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)]
    assert list(frame["events"]) == [3, 0, 2]
    cols = ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"]
    for row, expected in ((0, jan), (2, mar)):
        got = frame.iloc[row]
        assert [got[c] for c in cols] == list(expected[:4])
        assert got["goldstein_sum"] == pytest.approx(expected[4])
        assert got["goldstein_mean"] == pytest.approx(expected[5])
        assert got["index"] == pytest.approx(expected[6])
    assert math.isnan(frame.iloc[1]["index"])  # the empty February stays, with no index


@pytest.mark.parametrize(
    ("a", "b", "directed", "event_count"),
    [
        ("RUS", "CHN", True, 3),  # e1, e3, e4
        ("CHN", "RUS", True, 2),  # e2, e5
        ("RUSGOV", "CHN", False, 2),  # e1 and e5: RUSGOV prefix, not RUSMIL or bare RUS
        ("RUSMIL", "CHN", True, 1),
        ("rus", "chngov", False, 1),  # lower case is accepted; CHNGOV only in e1
    ],
)
def test_dyad_series_matches_countries_and_code_prefixes(con, a, b, directed, event_count):
    frame = dyad_series(con, a, b, freq="day", directed=directed)
    assert frame["events"].sum() == event_count


@pytest.mark.parametrize(
    ("since", "until", "periods"),
    [(D(2025, 2, 10), D(2025, 3, 2), 3), (D(2025, 3, 2), D(2025, 3, 9), 2)],  # 2 Mar is a Sunday,
)
def test_dyad_series_spans_the_requested_window(con, since, until, periods):
    frame = dyad_series(con, "RUS", "CHN", freq="week", since=since, until=until)
    assert len(frame) == periods
    assert frame["period"].iloc[0].weekday() == 0  # weeks start on Monday


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"freq": "year"}, "freq"),
        ({"weight": "words"}, "weight"),
        ({"since": D(2025, 3, 1), "until": D(2025, 1, 1)}, "window"),
    ],
)
def test_dyad_series_rejects_bad_options(con, kwargs, reason):
    with pytest.raises(ConfigError) as info:
        dyad_series(con, "RUS", "CHN", **kwargs)
    assert info.value.reason == reason


@pytest.mark.parametrize("actor", ["RU", "RUSSIAN", "RUS1", ""])
def test_dyad_series_rejects_bad_actor(con, actor):
    with pytest.raises(ConfigError):
        dyad_series(con, actor, "CHN")


@pytest.mark.parametrize(
    ("counts", "expected"), [((1, 0, 0, 0), 1.0), ((0, 0, 0, 3), -1.0), ((2, 1, 0, 1), 1 / 3)]
)
def test_cooperation_index_is_bounded_and_signed(counts, expected):
    assert cooperation_index(*counts) == pytest.approx(expected)


@pytest.mark.parametrize("since", [D(2025, 3, 1)])
def test_top_dyads_by_change_ranks_the_turned_dyad_first(con, since):
    top = top_dyads_by_change(con, since=since, until=D(2025, 3, 31), min_events=2)
    first = top.iloc[0]
    assert (first["source"], first["target"]) == ("CHN", "RUS")
    # the 31 days before hold e3 only (31 Jan, verbal conflict): index -1, then -1/3
    assert first["index_before"] == pytest.approx(-1.0)
    assert first["change"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("since", [D(2025, 1, 1)])
def test_top_dyads_by_change_starts_silent_dyads_from_zero(con, since):
    top = top_dyads_by_change(con, since=since, until=D(2025, 1, 31), min_events=1)
    row = top[(top["source"] == "CHN") & (top["target"] == "RUS")].iloc[0]
    assert (row["events_before"], row["index_before"], row["index"]) == (0, 0.0, 0.5)
