"""polevents: news pages to coded political events and relations between states."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from polevents.store.db import EventStore

__version__ = "0.1.0"
CODER_VERSION = "0.1.0"

logging.getLogger("polevents").addHandler(logging.NullHandler())


def open(path: str | Path, *, read_only: bool = True) -> EventStore:
    """Open a polevents store (DuckDB file) for reading; see ``EventStore``.

    Raises:
        StoreError: the file is missing, not a polevents store, or from a newer schema.
    """
    from polevents.store.db import EventStore

    return EventStore.open(path, read_only=read_only)


__all__ = ["CODER_VERSION", "__version__", "open"]
