"""``GET /healthz`` and ``GET /api/status``: is the server up, what does the store hold."""

from __future__ import annotations

from fastapi import APIRouter

from polevents.api.deps import StoreDep
from polevents.api.schemas import HealthOut, StatusOut
from polevents.api.search import date_range

router = APIRouter(tags=["meta"])


@router.get("/healthz")
def healthz() -> HealthOut:
    """Answer ``ok`` while the server runs (it does not open the store)."""
    from polevents import __version__

    return HealthOut(version=__version__)


@router.get("/api/status")
def status(store: StoreDep) -> StatusOut:
    """Count documents, articles, events, mentions and skips; give the span of event days."""
    first, last = date_range(store)
    return StatusOut(**store.status(), first_event_date=first, last_event_date=last)
