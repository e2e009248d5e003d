"""Random bytes, text and HTML never crash reading or cleaning; what comes out is well formed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polevents.clean.articles import clean_document
from polevents.errors import CleanError
from polevents.ingest.readers import to_document
from polevents.settings import load_settings
from polevents.types import RawDocument, Skip
from tests.fuzz.conftest import fuzz_examples

SETTINGS = load_settings(max_page_bytes=200_000)
TAGS = ["p", "div", "article", "main", "nav", "h1", "span", "script", "style", "li", "table",
        "td", "footer", "aside", "figure", "figcaption", "time", "a", "br", "!--", "title"]
WORDS = ["Russia", "China", "met", "accused", "the", "minister", "in", "Moscow", "on", "Monday",
         "said", ".", ",", "—", "«", "»", "Menu", "Home", "Subscribe", "©", "2025", "\n",
         "&amp;", "&#0;", "&nbsp;", "<", ">", "\x00", "\ufeff", "é", "中国", "Россия",
         "مصر"]  # fmt: skip
FUZZ = pytest.mark.fuzz
BUDGET = settings(deadline=None, suppress_health_check=list(HealthCheck),
                  max_examples=fuzz_examples(150, share=0.34))  # fmt: skip


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """HTML made of real tags (opened, closed or left open) around words, noise and any text."""
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.text(max_size=30)))
        else:
            parts.append(" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=25))))
    return "".join(parts)


@FUZZ
@BUDGET
@given(raw=st.binary(max_size=3000))
def test_fuzz_reader_turns_any_bytes_into_a_document_or_a_skip(raw: bytes) -> None:
    item = to_document(raw, doc="fuzz", origin="fuzz", settings=SETTINGS)
    assert isinstance(item, RawDocument | Skip)
    if isinstance(item, RawDocument):
        assert item.text.strip() and item.size_bytes == len(raw)


@FUZZ
@BUDGET
@given(page=st.one_of(html_pages(), st.text(max_size=2000)), encoding=st.sampled_from(
    ["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "gb18030"]))  # fmt: skip
def test_fuzz_clean_never_crashes_and_articles_are_well_formed(page: str, encoding: str) -> None:
    raw = page.encode(encoding, errors="replace")
    item = to_document(raw, doc="fuzz", origin="fuzz", settings=SETTINGS)
    if isinstance(item, Skip):
        return
    try:
        articles = clean_document(item, settings=SETTINGS)
    except CleanError as exc:
        assert exc.reason == "no_body" or exc.reason.startswith("language:")
        return
    assert [a.story for a in articles] == list(range(len(articles)))
    for article in articles:
        assert article.body.strip() and article.language in SETTINGS.languages
        assert len(article.body) <= SETTINGS.max_article_chars + 2 * article.body.count("\n")
        assert article.doc_id == item.doc_id
