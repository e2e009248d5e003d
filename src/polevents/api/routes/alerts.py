"""``GET /api/alerts``: the latest shifts, each with its evidence events."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from polevents.analysis.alerts import find_alerts
from polevents.api.deps import ConnectionDep, Day, StoreDep
from polevents.api.schemas import AlertOut, AlertsOut, EventOut
from polevents.api.search import date_range, events_by_ids

router = APIRouter(tags=["alerts"])


@router.get("/api/alerts")
def list_alerts(
    store: StoreDep,
    con: ConnectionDep,
    since: Annotated[
        Day | None, Query(description="first alert day; default: 30 days before the last event")
    ] = None,
    until: Annotated[Day | None, Query(description="last day read")] = None,
    freq: Annotated[Literal["day", "week", "month"], Query()] = "week",
    limit: Annotated[int, Query(ge=1, le=500, description="latest alerts kept")] = 50,
) -> AlertsOut:
    """List index shifts, bloc conflicts, new partnerships and surges, latest first."""
    if since is None:
        _, last = date_range(store)
        if last is None:
            return AlertsOut(since=None, until=until, freq=freq, alerts=[])
        since = last - timedelta(days=29)
    found = find_alerts(con, since=since, until=until, freq=freq)[::-1][:limit]
    rows = events_by_ids(store, [i for alert in found for i in alert.event_ids])
    out = [
        AlertOut(
            **alert.to_record(),  # type: ignore[arg-type]
            evidence=[EventOut.from_row(rows[i]) for i in alert.event_ids if i in rows],
        )
        for alert in found
    ]
    return AlertsOut(since=since, until=until, freq=freq, alerts=out)
