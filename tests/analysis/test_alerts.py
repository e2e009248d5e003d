"""Alerts on planted shifts: each must fire at its date, with its events."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from polevents.analysis.alerts import find_alerts
from polevents.analysis.synthetic import event_row, load_events, shift_events, to_frame


def _con(rows: list[dict[str, object]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    load_events(con, to_frame(rows))
    return con


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@pytest.mark.parametrize("shift_on", [date(2025, 3, 3), date(2025, 3, 13), date(2025, 2, 20)])
def test_find_alerts_raises_index_shift_at_planted_date(shift_on):
    con = _con(shift_events(3, shift_on=shift_on))
    alerts = find_alerts(con, since=date(2025, 2, 1))
    shifts = [a for a in alerts if a.kind == "index_shift"]
    first = shifts[0]
    assert first.actors == ("IND", "PAK")
    assert first.period == _monday(shift_on)
    assert first.score < -0.5
    assert first.event_ids  # evidence: the conflict events of that week
    assert {a.period for a in shifts} >= {_monday(shift_on)}
    assert all(a.period >= _monday(shift_on) for a in shifts)  # nothing before it


@pytest.mark.parametrize("shift_on", [date(2025, 3, 3), date(2025, 3, 13)])
def test_find_alerts_flags_first_conflict_inside_a_bloc_and_a_surge(shift_on):
    con = _con(shift_events(3, shift_on=shift_on))
    alerts = find_alerts(con, since=date(2025, 2, 24))
    bloc = [a for a in alerts if a.kind == "bloc_conflict"]
    assert [(a.actors, a.period) for a in bloc] == [(("IND", "PAK"), shift_on)]
    surges = {(a.actors, a.period) for a in alerts if a.kind == "root_surge"}
    assert {(("IND",), _monday(shift_on)), (("PAK",), _monday(shift_on))} <= surges


@pytest.mark.parametrize("since", [date(2025, 2, 1)])
def test_find_alerts_is_quiet_on_a_steady_dyad(since):
    con = _con(shift_events(3, shift_on=date(2026, 1, 1)))
    assert find_alerts(con, since=since) == []


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], [(("FRA", "IND"), date(2025, 4, 2))]),  # first ever material cooperation
        ([event_row("old", "FRA", "IND", date(2024, 1, 5), 2)], []),  # not new
    ],
)
def test_find_alerts_reports_new_partnership_once(history, expected):
    rows = [
        event_row("v", "IND", "FRA", date(2025, 3, 20), 1),  # verbal only: no partnership
        event_row("m1", "IND", "FRA", date(2025, 4, 2), 2),
        event_row("m2", "FRA", "IND", date(2025, 4, 9), 2),
    ]
    alerts = find_alerts(_con(rows + history), since=date(2025, 3, 1))
    found = [(a.actors, a.period) for a in alerts if a.kind == "new_partnership"]
    assert found == expected
    if expected:
        partnership = next(a for a in alerts if a.kind == "new_partnership")
        assert set(partnership.event_ids) == {"m1", "m2"}
        assert partnership.to_record()["period"] == "2025-04-02"
