"""Load the spaCy model once per process and parse texts in batches."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache

from polevents.errors import NlpError
from polevents.nlp.sentences import to_parsed_sentences
from polevents.types import ParsedSentence

log = logging.getLogger(__name__)

# The coder reads the parse, the tags, lemmas and entities; nothing else is disabled.
_UNUSED_PIPES: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def load_model(name: str):  # type: ignore[no-untyped-def]
    """Return the spaCy pipeline ``name``, loaded once per process.

    Raises:
        NlpError: the model package is not installed or fails to load.
    """
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(_UNUSED_PIPES))
    except OSError as exc:
        raise NlpError(f"spaCy model {name!r} cannot be loaded: {exc}", reason="no_model") from exc
    nlp.max_length = max(nlp.max_length, 5_000_000)
    log.info("loaded spaCy model %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp


def parse_texts(
    texts: Iterable[str], *, model: str, batch_size: int = 64, n_process: int = 1
) -> Iterator[list[ParsedSentence]]:
    """Yield, for each text, its sentences as ``ParsedSentence`` (in input order)."""
    nlp = load_model(model)
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield to_parsed_sentences(doc)


def parse_text(text: str, *, model: str) -> list[ParsedSentence]:
    """Parse one text; handy for tests and ``polevents actors``."""
    return next(parse_texts([text], model=model))
