"""``GET /api/dyads/{source}/{target}``: the cooperation/conflict series of two actors."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from polevents.analysis.dyads import dyad_series, series_to_records
from polevents.api.deps import ConnectionDep, Day
from polevents.api.schemas import Direction, DyadPointOut, DyadSeriesOut

router = APIRouter(tags=["dyads"])

_Actor = Path(max_length=15, description="country (RUS) or actor code (RUSGOV)")


@router.get("/api/dyads/{source}/{target}")
def get_dyad(
    con: ConnectionDep,
    source: Annotated[str, _Actor],
    target: Annotated[str, _Actor],
    freq: Annotated[Literal["day", "week", "month"], Query()] = "month",
    since: Annotated[Day | None, Query(description="first day, YYYY-MM-DD")] = None,
    until: Annotated[Day | None, Query(description="last day, YYYY-MM-DD")] = None,
    direction: Annotated[
        Direction,
        Query(description="both ways, only source→target (forward) or target→source"),
    ] = "both",
    weight: Annotated[Literal["events", "mentions"], Query()] = "events",
) -> DyadSeriesOut:
    """Return period-by-period QuadClass counts, Goldstein sums and the index of a dyad."""
    a, b = (target, source) if direction == "backward" else (source, target)
    frame = dyad_series(
        con, a, b, freq=freq, since=since, until=until, directed=direction != "both",
        weight=weight,
    )  # fmt: skip
    return DyadSeriesOut(
        source=source.strip().upper(), target=target.strip().upper(), freq=freq,
        direction=direction, weight=weight, since=since, until=until,
        series=[DyadPointOut(**row) for row in series_to_records(frame)],  # type: ignore[arg-type]
    )  # fmt: skip
