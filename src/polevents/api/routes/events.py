"""``/api/events``, ``/api/events/{event_id}`` and ``/api/articles/{article_id}``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from polevents.api.deps import Day, StoreDep
from polevents.api.schemas import ArticleOut, EventDetailOut, EventOut, EventsPage, MentionOut
from polevents.api.search import (
    MAX_LIMIT,
    EventQuery,
    article_detail,
    event_detail,
    search_events,
)

router = APIRouter(tags=["events"])

_Actor = Query(max_length=15, description="country (RUS) or actor code prefix (RUSGOV)")


@router.get("/api/events")
def list_events(
    store: StoreDep,
    source: Annotated[str | None, _Actor] = None,
    target: Annotated[str | None, _Actor] = None,
    direction: Annotated[
        Literal["forward", "both"],
        Query(description="both: also events from target to source"),
    ] = "forward",
    root: Annotated[str | None, Query(max_length=2, description="CAMEO root, 01-20")] = None,
    code: Annotated[str | None, Query(max_length=4, description="CAMEO code prefix")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    plover: Annotated[str | None, Query(max_length=30, description="PLOVER type")] = None,
    since: Annotated[Day | None, Query(description="first event day, YYYY-MM-DD")] = None,
    until: Annotated[Day | None, Query(description="last event day, YYYY-MM-DD")] = None,
    q: Annotated[str | None, Query(max_length=200, description="words in the sentence")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    cursor: Annotated[str | None, Query(max_length=200, description="`next` of a page")] = None,
) -> EventsPage:
    """List merged events, newest first, filtered; follow `next` for the next page."""
    query = EventQuery(
        source=source, target=target, direction=direction, root=root, code=code,
        quad_class=quad_class, plover=plover, since=since, until=until, q=q, limit=limit,
        cursor=cursor,
    )  # fmt: skip
    rows, next_cursor = search_events(store, query)
    found = [EventOut.from_row(row) for row in rows]
    return EventsPage(events=found, count=len(found), next=next_cursor)


@router.get("/api/events/{event_id}")
def get_event(store: StoreDep, event_id: Annotated[str, Path(max_length=64)]) -> EventDetailOut:
    """Return one event with every mention: sentence, article title, outlet, date and URL."""
    record = event_detail(store, event_id)
    event = EventOut.from_row(record)
    return EventDetailOut(
        **event.model_dump(),
        mentions=[MentionOut(**m) for m in record["mentions"]],
        evidence=record["evidence"],
    )


@router.get("/api/articles/{article_id}")
def get_article(store: StoreDep, article_id: Annotated[str, Path(max_length=64)]) -> ArticleOut:
    """Return one stored article (clean text included) and the events coded from it."""
    return ArticleOut(**article_detail(store, article_id))
