"""The dashboard: plain HTML and JavaScript modules over the HTTP API, served by the API app.

It reads only the public HTTP API (the same contract outside users have) and
loads its charting code from ``static/vendor/`` (vega, vega-lite, vega-embed;
see ``VERSIONS.md``), so it works with no network.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["STATIC_DIR", "mount_dashboard"]

STATIC_DIR = Path(str(files("polevents.web") / "static"))


def mount_dashboard(app: FastAPI) -> None:
    """Serve ``GET /`` (the dashboard page) and ``/static/*`` on ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})
