"""``GET /api/network``: the partnership graph of a window and its blocs."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from polevents.analysis.network import find_blocs, network_to_json, partnership_network
from polevents.api.deps import ConnectionDep, Day
from polevents.api.schemas import NetworkOut

router = APIRouter(tags=["network"])


@router.get("/api/network")
def get_network(
    con: ConnectionDep,
    since: Annotated[Day | None, Query(description="first day, YYYY-MM-DD")] = None,
    until: Annotated[Day | None, Query(description="last day, YYYY-MM-DD")] = None,
    min_events: Annotated[int, Query(ge=1, le=100_000, description="fewest events")] = 3,
    level: Annotated[Literal["country", "code"], Query()] = "country",
    weight: Annotated[Literal["events", "mentions"], Query()] = "events",
) -> NetworkOut:
    """Return actors, their cooperation/conflict edges and the blocs (Leiden communities)."""
    graph = partnership_network(
        con, since=since, until=until, min_events=min_events, level=level, weight=weight
    )
    document = network_to_json(graph, find_blocs(graph))
    return NetworkOut(since=since, until=until, min_events=min_events, **document)  # type: ignore[arg-type]
