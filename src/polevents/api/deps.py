"""What routes receive: the app's settings, the store, a read connection, the coder.

Nothing here connects at import time. The store is opened read-only; analysis
routes get a cursor of the ``SharedReader`` (one kept connection, let go as soon
as a writer such as ``polevents ingest`` holds the store), the event routes a
short connection per query through ``EventStore``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

import duckdb
from fastapi import Depends, Request
from pydantic import AfterValidator, BeforeValidator

from polevents.api.reader import SharedReader
from polevents.settings import Settings
from polevents.store.db import EventStore

__all__ = ["AppState", "ConnectionDep", "Day", "SettingsDep", "StateDep", "StoreDep"]


class AppState:
    """Per-app state: settings, the read-only store handle and the lazily built coder."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: EventStore | None = None
        self.reader = SharedReader(settings.db_path, busy_timeout_s=10.0)
        self._coder: Any = None
        self._lock = threading.Lock()
        self.code_lock = threading.Lock()
        """Held while a document is coded: one spaCy run at a time per app."""

    def store(self) -> EventStore:
        """Return the read-only store, opening (and checking) it on first use.

        Raises:
            StoreError: the file is missing or not a polevents store.
        """
        with self._lock:
            if self._store is None:
                self._store = EventStore.open(self.settings.db_path, read_only=True)
            return self._store

    def coder(self) -> Any:
        """Return the ``Coder``, built on first use (lexicons and spaCy take ~2-5 s)."""
        with self._lock:
            if self._coder is None:
                from polevents.coding.engine import Coder

                self._coder = Coder.from_settings(self.settings)
            return self._coder


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.polevents
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def get_settings(state: StateDep) -> Settings:
    return state.settings


def get_store(state: StateDep) -> EventStore:
    return state.store()


def get_connection(state: StateDep) -> Iterator[Any]:
    """Yield a read-only connection for analysis functions; released before the response."""
    state.store()  # a missing or foreign file is a StoreError before any query
    with state.reader.cursor() as con:
        yield con


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[EventStore, Depends(get_store)]
ConnectionDep = Annotated[duckdb.DuckDBPyConnection, Depends(get_connection, scope="function")]


FIRST_DAY, LAST_DAY = date(1000, 1, 1), date(8999, 12, 31)
"""Days a query may name: far enough from ``date.min``/``max`` that window arithmetic
(look-back periods, week and month starts) cannot overflow."""


def _iso_day(value: object) -> object:
    """Refuse a day that is not ``YYYY-MM-DD``: pydantic alone reads ``0`` as 1970-01-01."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a day, YYYY-MM-DD")
    return value


def _day_in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"day out of range ({FIRST_DAY} to {LAST_DAY})")
    return value


Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_day_in_range)]
"""A query parameter day: ISO ``YYYY-MM-DD`` only, as the OpenAPI ``format: date`` says."""
