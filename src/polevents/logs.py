"""Logging set-up for the command line; the library itself only logs."""

from __future__ import annotations

import logging

from rich.console import Console
from rich.logging import RichHandler

STDERR = Console(stderr=True)


def configure_logging(verbosity: int = 0) -> None:
    """Send polevents' log records to stderr through rich; ``-v`` info, ``-vv`` debug."""
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    handler = RichHandler(console=STDERR, show_time=False, show_path=verbosity > 1)
    root = logging.getLogger("polevents")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
