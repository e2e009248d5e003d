"""Characters XML forbids, raw or as character references, never crash the cleaner.

lxml's HTML parser puts them in the tree (``&#x1F;`` becomes U+001F); trafilatura then
rebuilds a text node from them and lxml raises ``ValueError``. Found by
``fuzz/atheris_clean.py`` (``&#x1F;`` after a ``<figure>``, in the author pass).
"""

from __future__ import annotations

import pytest

from polevents.clean.articles import clean_document
from polevents.ingest.readers import to_document
from polevents.settings import Settings
from polevents.types import RawDocument

BODY = ("<p>Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Monday "
        "and the two signed a trade agreement, the Kremlin said.</p>")  # fmt: skip
FORBIDDEN = "".join(map(chr, [*range(9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))


@pytest.mark.parametrize(
    "noise",
    ["&#x1F;", "&#5;", "&#X0b;", "&#0005;", "&#xFFFE;", "&#65535", "&#&#5;5;", "\x05", "&#0;"],
)
def test_forbidden_characters_after_a_figure_do_not_crash_cleaning(noise: str) -> None:
    page = f"<html><body><div>{BODY}<figure>Photo</figure>{noise}tail</div></body></html>"
    raw = to_document(page.encode("utf-8"), doc="page", origin="page", settings=Settings())
    assert isinstance(raw, RawDocument)
    [article] = clean_document(raw, settings=Settings())
    assert "Xi Jinping" in article.body
    assert not set(article.body + article.title) & set(FORBIDDEN)
