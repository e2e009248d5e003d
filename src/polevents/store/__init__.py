"""The event store: one DuckDB file of documents, articles, merged events and mentions."""

from __future__ import annotations

from polevents.store.db import EventStore
from polevents.store.report import RunReport

__all__ = ["EventStore", "RunReport"]
