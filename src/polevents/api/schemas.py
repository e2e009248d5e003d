"""Response models of the HTTP API: what a client may rely on, never storage rows.

Event fields follow the ``polevents code`` JSON contract (``Event.to_record``),
with the store's merge counts (``num_mentions``, ``num_sources``,
``num_articles``) and ``global_id`` (GDELT's GLOBALEVENTID) added.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

Direction = Literal["both", "forward", "backward"]


class ErrorOut(BaseModel):
    """Every 4xx/5xx answer: a message for people and a stable slug for programs."""

    error: str = Field(description="what went wrong, in one sentence")
    reason: str = Field(description="stable slug: bad_actor, not_found, too_large, ...")


class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"
    version: str


class LocationOut(BaseModel):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class EventOut(BaseModel):
    """One merged event: the ``polevents code`` fields plus merge counts."""

    event_id: str
    global_id: int | None = None
    article_id: str | None = None
    doc: str | None = None
    story: int | None = None
    title: str | None = None
    published: date | None = None
    event_date: date | None = None
    date_source: str | None = None
    source_actor: str | None = None
    source_code: str | None = None
    source_country: str | None = None
    target_actor: str | None = None
    target_code: str | None = None
    target_country: str | None = None
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str | None = None
    plover_mode: str | None = None
    symmetric: bool | None = None
    location: LocationOut | None = None
    sentence: str | None = None
    rule: str | None = None
    confidence: float | None = None
    url: str | None = None
    outlet: str | None = None
    num_mentions: int | None = None
    num_sources: int | None = None
    num_articles: int | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EventOut:
        """Build from a row of the store's ``events`` table (location flattened there)."""
        fields = {name: row.get(name) for name in cls.model_fields if name != "location"}
        name = row.get("location_name")
        location = (
            LocationOut(
                name=name, country=row.get("location_country"), lat=row.get("lat"),
                lon=row.get("lon"),
            )
            if name
            else None
        )  # fmt: skip
        return cls(**fields, location=location)


class EventsPage(BaseModel):
    """A page of events, newest first; pass ``next`` back as ``cursor`` for the next page."""

    events: list[EventOut]
    count: int = Field(description="events on this page")
    next: str | None = Field(None, description="cursor of the next page; null on the last page")


class MentionOut(BaseModel):
    """One sentence, in one article, that reported the event."""

    article_id: str | None = None
    sentence: str | None = None
    sentence_index: int | None = None
    doc: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    confidence: float | None = None
    via_duplicate: bool | None = None


class EventDetailOut(EventOut):
    """An event with every mention and the distinct evidence sentences."""

    mentions: list[MentionOut]
    evidence: list[str]


class ArticleOut(BaseModel):
    article_id: str
    doc_id: str | None = None
    doc: str | None = None
    story: int | None = None
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    dateline: str | None = None
    body: str | None = None
    duplicate_of: str | None = None
    event_ids: list[str] = Field(description="events merged from this article's sentences")


class DyadPointOut(BaseModel):
    """One period of a dyad series; QuadClass columns carry the chosen weight."""

    period: date
    events: int
    verbal_coop: int
    material_coop: int
    verbal_conflict: int
    material_conflict: int
    goldstein_sum: float
    goldstein_mean: float | None
    index: float | None = Field(description="(VC+2MC-VK-2MK)/(VC+2MC+VK+2MK), null if empty")


class DyadSeriesOut(BaseModel):
    source: str
    target: str
    freq: str
    direction: Direction
    weight: str
    since: date | None
    until: date | None
    series: list[DyadPointOut]


class NodeOut(BaseModel):
    id: str
    label: str
    bloc: int | None = Field(description="position in ``blocs``; null outside every bloc")
    events: int


class EdgeOut(BaseModel):
    source: str
    target: str
    events: int
    cooperation: float
    conflict: float
    net: float
    goldstein_sum: float


class BlocRelationOut(BaseModel):
    bloc_a: int
    bloc_b: int
    events: int
    cooperation: float
    conflict: float


class NetworkOut(BaseModel):
    since: date | None
    until: date | None
    min_events: int
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    blocs: list[list[str]]
    bloc_relations: list[BlocRelationOut]


class AlertOut(BaseModel):
    kind: str
    actors: list[str]
    period: date
    score: float
    summary: str
    event_ids: list[str]
    evidence: list[EventOut] = Field(description="the events behind the alert, strongest first")


class AlertsOut(BaseModel):
    since: date | None
    until: date | None
    freq: str
    alerts: list[AlertOut]


class StatusOut(BaseModel):
    documents: int
    articles: int
    duplicates: int
    events: int
    mentions: int
    skipped: dict[str, int]
    last_run: dict[str, Any] | None
    first_event_date: date | None
    last_event_date: date | None


class SkipOut(BaseModel):
    stage: str
    reason: str
    detail: str


class CodedEventOut(BaseModel):
    """An event as ``polevents code`` prints it (location nested, no merge counts)."""

    event_id: str
    article_id: str
    doc: str
    story: int
    title: str
    published: date | None
    event_date: date | None
    date_source: str
    source_actor: str
    source_code: str
    source_country: str | None
    target_actor: str | None
    target_code: str | None
    target_country: str | None
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str
    plover_mode: str
    symmetric: bool
    location: LocationOut | None
    sentence: str
    rule: str
    confidence: float
    url: str | None
    outlet: str | None


class CodeOut(BaseModel):
    doc_id: str = Field(description="SHA-1 of the body bytes")
    media_type: str | None
    articles: int
    events: list[CodedEventOut]
    skips: list[SkipOut]
    stored: bool = Field(description="true when written to the store (?store=true + token)")
    run_id: str | None = None
