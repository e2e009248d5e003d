"""Fuzz budget: ``POLEVENTS_FUZZ_EXAMPLES`` (``make fuzz``: 10,000); a few hundred by default."""

from __future__ import annotations

import os


def fuzz_examples(default: int, *, share: float = 1.0) -> int:
    """Return the hypothesis ``max_examples``: ``share`` of the fuzz budget, else ``default``."""
    budget = os.environ.get("POLEVENTS_FUZZ_EXAMPLES")
    return max(1, int(int(budget) * share)) if budget else default
