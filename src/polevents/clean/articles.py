"""One ``RawDocument`` -> its ``Article`` list: the clean stage's entry point.

HTML goes through ``polevents.clean.extract`` (trafilatura, htmldate, the DOM),
scraped text through ``polevents.clean.split`` (our own line classifier). Both
give stories; this module adds the hints the container knew (JSONL title and
date), detects the language and names each article stably.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

import py3langid

from polevents.clean.extract import PageMeta, extract_html, page_text
from polevents.clean.published import parse_published
from polevents.clean.split import StoryText, split_stories
from polevents.errors import CleanError
from polevents.settings import Settings
from polevents.types import Article, RawDocument

__all__ = ["article_id_for", "clean_document", "detect_language", "to_record"]

log = logging.getLogger(__name__)

_LANGUAGE_SAMPLE_CHARS = 5000
_MIN_LETTERS = 20  # fewer letters than this do not tell a language


def clean_document(raw: RawDocument, *, settings: Settings) -> list[Article]:
    """Return the articles (one per story) of one page, noise left out.

    Args:
        raw: a decoded page.
        settings: ``languages`` lists the languages that are kept.

    Returns:
        One ``Article`` per story, in page order, ``story`` counting from 0.

    Raises:
        CleanError: ``no_body`` when no story text is left; ``language:<code>``
            when the page is in a language not in ``settings.languages``.
    """
    if raw.media_type == "html":
        meta, stories = extract_html(raw.text, url=raw.url)
    else:
        meta, stories = PageMeta(url=raw.url), split_stories(raw.text)
    stories = [story for story in stories if any(p.strip() for p in story.paragraphs)]
    stories = [_cut_story(story, settings.max_article_chars, raw.doc) for story in stories]
    if not stories:
        if (page_language := _language_of_page(raw)) is not None:
            _check_language(page_language, raw.doc, settings)
        raise CleanError(f"{raw.doc}: no article text found", reason="no_body", doc=raw.doc)
    language = detect_language(" ".join(p for s in stories for p in s.paragraphs))
    _check_language(language, raw.doc, settings)
    single = len(stories) == 1
    hinted_date = parse_published(raw.published_hint) if raw.published_hint else None
    articles = []
    for index, story in enumerate(stories):
        title = (raw.title_hint if single else None) or story.title or meta.title or ""
        published = story.published_on or (hinted_date or meta.published_on if single else None)
        articles.append(
            Article(
                article_id=article_id_for(raw.doc_id, index),
                doc_id=raw.doc_id,
                doc=raw.doc,
                story=index,
                title=" ".join(title.split()),
                body="\n\n".join(story.paragraphs),
                language=language,
                outlet=meta.outlet,
                published_on=published,
                url=raw.url or meta.url,
                author=meta.author,
                dateline=story.dateline,
            )
        )
    return articles


def _language_of_page(raw: RawDocument) -> str | None:
    """The language of all the page's text, when no story was found in it (None: too
    little text to tell)."""
    text = page_text(raw.text) if raw.media_type == "html" else raw.text
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    return detect_language(sample) if sum(c.isalpha() for c in sample) >= _MIN_LETTERS else None


def _check_language(language: str, doc: str, settings: Settings) -> None:
    if language not in settings.languages:
        raise CleanError(f"{doc}: page is in {language!r}", reason=f"language:{language}", doc=doc)


def _cut_story(story: StoryText, max_chars: int, doc: str) -> StoryText:
    """Keep the paragraphs of a story up to ``max_chars`` (at least the first one, cut).

    Coding time grows with the text, so a 5 MB page of paragraphs (a log, a
    book, a runaway live blog) would hold an ingest for many minutes.
    """
    kept: list[str] = []
    size = 0
    for paragraph in story.paragraphs:
        if size + len(paragraph) > max_chars:
            if not kept:
                kept.append(paragraph[:max_chars])
            log.warning("%s: story cut to %d characters (max_article_chars)", doc, max_chars)
            return replace(story, paragraphs=tuple(kept))
        kept.append(paragraph)
        size += len(paragraph)
    return story


def article_id_for(doc_id: str, story: int) -> str:
    """Return the stable id of story ``story`` of document ``doc_id``.

    >>> article_id_for("ab" * 20, 0) == article_id_for("ab" * 20, 0) != article_id_for("ab" * 20, 1)
    True
    """
    digest = hashlib.sha1(f"{doc_id}:{story}".encode(), usedforsecurity=False)
    return digest.hexdigest()[:20]


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of the text's language (py3langid).

    >>> detect_language("The foreign ministers met in Riyadh on Sunday and agreed to talk.")
    'en'
    """
    code, _score = py3langid.classify(text[:_LANGUAGE_SAMPLE_CHARS])
    return str(code)


def to_record(article: Article) -> dict[str, object]:
    """Return the JSON-ready record of the ``polevents clean`` contract."""
    return {
        "doc": article.doc,
        "story": article.story,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published_on.isoformat() if article.published_on else None,
        "url": article.url,
        "language": article.language,
        "body": article.body,
        "duplicate_of": article.duplicate_of,
    }
