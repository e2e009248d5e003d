"""What routes receive: the app's settings, the store, a read connection, the coder.

Nothing here connects at import time. The store is opened read-only, and each
request gets its own short DuckDB connection: another process (``polevents
ingest``) may be writing the file between our reads, which DuckDB allows only
while no connection of ours is open, and a connection is not thread-safe while
FastAPI runs sync endpoints in a thread pool.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated, Any

import duckdb
from fastapi import Depends, Request

from polevents.settings import Settings
from polevents.store.connect import connect
from polevents.store.db import EventStore

__all__ = ["AppState", "ConnectionDep", "SettingsDep", "StateDep", "StoreDep"]


class AppState:
    """Per-app state: settings, the read-only store handle and the lazily built coder."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: EventStore | None = None
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


def get_connection(store: Annotated[EventStore, Depends(get_store)]) -> Iterator[Any]:
    """Yield a read-only connection for analysis functions; closed before the response."""
    with connect(store.path, read_only=True, timeout_s=store.busy_timeout_s) as con:
        yield con


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[EventStore, Depends(get_store)]
ConnectionDep = Annotated[duckdb.DuckDBPyConnection, Depends(get_connection, scope="function")]
