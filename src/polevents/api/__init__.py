"""The HTTP API (FastAPI) over the store, and the dashboard it serves.

>>> from polevents.api import create_app
>>> from polevents.settings import load_settings
>>> create_app(load_settings(db_path="nowhere.duckdb")).title
'polevents'
"""

from __future__ import annotations

from polevents.api.app import create_app

__all__ = ["create_app"]
