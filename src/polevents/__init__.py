"""polevents: news pages to coded political events and relations between states."""

from __future__ import annotations

import logging

__version__ = "0.1.0"
CODER_VERSION = "0.1.0"

logging.getLogger("polevents").addHandler(logging.NullHandler())

__all__ = ["CODER_VERSION", "__version__"]
