"""clean_document on HTML and text pages: splitting, metadata, language, empty pages."""

from __future__ import annotations

from datetime import date

import pytest

from polevents.clean.articles import clean_document
from polevents.errors import CleanError
from polevents.ingest.readers import to_document
from polevents.settings import Settings
from polevents.types import RawDocument

TWO_ARTICLES = """<!doctype html><html><head><title>Brief | Coast Wire</title>
<meta property="og:site_name" content="Coast Wire"></head><body>
<nav><a href="/">Home</a> <a href="/w">World</a></nav>
<article><h2>Chile and Peru sign fishing accord</h2><time datetime="2025-04-02">2 April</time>
<figure><figcaption>Boats in the port of Arica. (AFP)</figcaption></figure>
<p>Chile and Peru signed an accord on fishing rights in Lima on Tuesday, officials said.</p>
<p>The two governments agreed to hold joint patrols along the maritime border.</p></article>
<article><h2>Bolivia protests Chilean border fence</h2><time datetime="2025-04-01">1 April</time>
<p>Bolivia's foreign ministry on Monday protested against a fence built by Chile.</p>
<p>La Paz summoned the Chilean consul general to deliver a formal note of protest.</p></article>
<aside><h3>Most read</h3><ul><li><a href="/x">Argentina wins football friendly</a></li></ul></aside>
</body></html>"""


def _raw(text: str) -> RawDocument:
    raw = to_document(text.encode("utf-8"), doc="page", origin="page", settings=Settings())
    assert isinstance(raw, RawDocument)
    return raw


@pytest.mark.parametrize("html", [TWO_ARTICLES])
def test_articles_split_html_articles(html: str) -> None:
    articles = clean_document(_raw(html), settings=Settings())
    assert [(a.story, a.title, a.published_on) for a in articles] == [
        (0, "Chile and Peru sign fishing accord", date(2025, 4, 2)),
        (1, "Bolivia protests Chilean border fence", date(2025, 4, 1)),
    ]
    assert all(a.outlet == "Coast Wire" and a.language == "en" for a in articles)
    assert not any("AFP" in a.body or "football" in a.body for a in articles)
    assert len({a.article_id for a in articles}) == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Home\nMenu\nLogin\n", "no_body"),
        ("<html><body><nav><a href=/>Home</a> <a href=/w>World news</a> <a href=/s>Sport</a> "
         "<a href=/l>Sign in to your account</a></nav><script>var x = 'Das Treffen';</script>"
         "</body></html>", "no_body"),
        ("<html><body><p>日本首相周二在东京会见了韩国总统。</p><p>双方同意加强经济合作与安全对话。"
         "</p><p>两国外长将于下月在首尔继续会谈。</p></body></html>", "language:zh"),
        (
            "Das Treffen der Außenminister fand am Montag in Berlin statt.\n"
            "Beide Seiten vereinbarten eine engere Zusammenarbeit bei der Energie.\n"
            "Die Gespräche sollen im Juni in Warschau fortgesetzt werden, hieß es.\n",
            "language:de",
        ),
    ],
)
def test_articles_refuse_empty_and_foreign_pages(text: str, reason: str) -> None:
    with pytest.raises(CleanError) as caught:
        clean_document(_raw(text), settings=Settings())
    assert caught.value.reason == reason
