"""HTML page -> page metadata and stories: trafilatura, htmldate and the DOM.

A page with one story goes through trafilatura (main text, title, site name,
author) and htmldate (publication date); the text is then filtered by the
same line classifier as scraped pages, since trafilatura may keep a kicker,
a teaser or a credit line. A page that holds several ``<article>`` elements,
each with its own heading (briefings, "region in brief" pages), is cut along
them, and each story keeps its own heading and ``<time>``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

import lxml.html
import trafilatura
from htmldate import find_date
from lxml.etree import ParserError, _Element

from polevents.clean.noise import is_body_shaped
from polevents.clean.published import parse_published
from polevents.clean.split import StoryText, filter_body, split_dateline, split_stories

__all__ = ["PageMeta", "extract_html"]

log = logging.getLogger(__name__)

_HEADINGS = ("h1", "h2", "h3")
_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li", "pre")
_DROP_TAGS = ("script", "style", "noscript", "figure", "figcaption", "aside", "nav", "footer",
              "form", "button", "iframe", "svg", "header", "time", "select")  # fmt: skip
# class or id words of elements that are never story text
_NOISE = re.compile(
    r"cookie|consent|gdpr|cmp|privacy|banner|share|social|tags?\b|related|comment|newsletter|"
    r"signup|subscribe|promo|ticker|breaking|flash|sidebar|widget|popup|advert|\bads?\b|trust|"
    r"caption|byline|meta|author|dateline|kicker|rubrique|category|info|date|breadcrumb|teaser|"
    r"more|popular|most|summary|quotes|langs|masthead|logo|menu|footer|top-?bar|poll|note",
    re.I,
)
# Characters XML (hence lxml) refuses in text: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Character references (``&#x1F;``, ``&#5``): the HTML parser decodes them into the tree.
_CHAR_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})(?![0-9a-fA-F])|0*([0-9]{1,7})(?![0-9]));?")
_SUFFIX = re.compile(r"\s+(?:[|–—:]|-|::)\s+[^|–—:]{2,60}$")
# Body text from trafilatura's own extractor alone at or above which its comparison with
# readability and justext is skipped (trafilatura's MIN_EXTRACTED_SIZE, under which it calls
# justext itself); the comparison was two thirds of trafilatura's time on a page.
_FAST_ENOUGH_CHARS = 250


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself, whatever the stories in it."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published_on: date | None = None


def extract_html(html: str, *, url: str | None = None) -> tuple[PageMeta, list[StoryText]]:
    """Return the page metadata and its stories (possibly none).

    Args:
        html: the decoded page.
        url: where the page came from, when known (for the outlet's domain).
    """
    html = _NOT_XML.sub("", html)  # else lxml raises ValueError when a text node is rebuilt
    html = _CHAR_REF.sub(_not_xml_ref_to_fffd, html)  # U+FFFD: cannot form a new reference
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError) as exc:
        log.info("unparsable HTML: %s", exc)
        return PageMeta(url=url), []
    meta = _page_meta(html, tree, url)
    articles = [node for node in tree.iter("article") if _is_story_node(node)]
    if len(articles) >= 2:
        return meta, [story for node in articles if (story := _node_story(node, meta))]
    story = _main_story(html, tree, meta)
    return meta, [story] if story else []


def page_text(html: str) -> str:
    """Return every text of the page but scripts and styles, single-spaced ("" if unparsable).

    Used when no story was found, to tell a page in another language (whose
    lines, such as Chinese without spaces between words, do not look like
    body text) from one that has no article.
    """
    html = _CHAR_REF.sub(_not_xml_ref_to_fffd, _NOT_XML.sub("", html))
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return ""
    for node in tree.iter("script", "style", "noscript", "template"):
        node.text = None
    return _text(tree)


def _not_xml_ref_to_fffd(match: re.Match[str]) -> str:
    code = int(match[1], 16) if match[1] else int(match[2])
    return "\ufffd" if code < 0x110000 and _NOT_XML.match(chr(code)) else match[0]


def _page_meta(html: str, tree: _Element, url: str | None) -> PageMeta:
    found = trafilatura.extract_metadata(tree, default_url=url)
    canonical = _first(tree, "//link[@rel='canonical']/@href") or _first(
        tree, "//meta[@property='og:url']/@content"
    )
    page_url = url or (found.url if found else None) or canonical
    outlet = _first(tree, "//meta[@property='og:site_name']/@content") or (
        found.sitename if found else None
    )
    raw_title = " ".join((_first(tree, "//title/text()") or "").split())
    suffix = _SUFFIX.search(raw_title)
    if not outlet and suffix:
        outlet = suffix.group(0).strip(" |–—:-") or None
    if not outlet and page_url:
        outlet = urlparse(page_url).netloc.removeprefix("www.") or None
    published = _published(html, tree)
    title = (found.title if found else None) or _first(tree, "//title/text()")
    author = found.author if found else None
    return PageMeta(_clean_title(title), outlet, page_url, author, published)


def _published(html: str, tree: _Element) -> date | None:
    for path in (
        "//meta[@property='article:published_time']/@content",
        "//meta[@itemprop='datePublished']/@content",
        "//article//time/@datetime",
    ):
        value = _first(tree, path)
        if value and (parsed := parse_published(value)):
            return parsed
    try:
        found = find_date(html, original_date=True, extensive_search=False)
    except (ValueError, TypeError) as exc:  # htmldate gives up on odd pages
        log.debug("htmldate: %s", exc)
        return None
    return parse_published(found) if found else None


def _main_story(html: str, tree: _Element, meta: PageMeta) -> StoryText | None:
    heading = _first_heading(tree)
    title = heading or meta.title or ""
    lines = _trafilatura_lines(html, title, fast=True)
    if sum(map(len, lines)) < _FAST_ENOUGH_CHARS:
        lines = _trafilatura_lines(html, title, fast=False)
    if not lines:
        stories = split_stories(
            "\n".join(_block_texts(tree.body if tree.body is not None else tree))
        )
        return stories[0] if stories else None
    place, first = split_dateline(lines[0])
    return StoryText(title, meta.published_on, place, (first, *lines[1:]))


def _trafilatura_lines(html: str, title: str, *, fast: bool) -> list[str]:
    """trafilatura's main text of the page, as body lines; ``fast`` skips its comparison
    with readability and justext."""
    if not fast:
        _hash_stoplist_once()
    extracted = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, favor_precision=True, fast=fast
    )
    text = getattr(extracted, "text", None) or ""
    return filter_body(text.splitlines(), title=title)


class _HashedStoplist(tuple[str, ...]):
    """A tuple that hashes its words once, not on every lookup."""

    def __hash__(self) -> int:
        try:
            return self._hash  # type: ignore[has-type,no-any-return]
        except AttributeError:
            self._hash: int = tuple.__hash__(self)
            return self._hash


def _hash_stoplist_once() -> None:
    """Give trafilatura's justext fallback a stoplist whose hash is computed once.

    trafilatura passes justext the union of all its stoplists, a 154,000-word tuple, and
    justext's ``define_stoplist`` is an ``lru_cache`` keyed by it: every call hashed the
    whole tuple again (5 ms, nearly all of justext's time on a short page). Same words,
    same cache entry, same extraction; nothing is done if trafilatura changes this.
    """
    external = getattr(trafilatura, "external", None)
    init = getattr(external, "jt_stoplist_init", None)
    if external is None or init is None or isinstance(external.JT_STOPLIST, _HashedStoplist):
        return
    external.JT_STOPLIST = _HashedStoplist(external.JT_STOPLIST or init())


def _node_story(node: _Element, meta: PageMeta) -> StoryText | None:
    heading = next((h for h in node.iter(*_HEADINGS)), None)
    title = _text(heading) if heading is not None else ""
    when = _first(node, ".//time/@datetime") or _first(node, ".//time/text()")
    published = parse_published(when) if when else None
    for child in list(node.iter()):
        if child is not node and _is_noise(child):
            child.drop_tree()
    lines = filter_body(_block_texts(node), title=title)
    if not lines:
        return None
    place, first = split_dateline(lines[0])
    return StoryText(title, published or None, place, (first, *lines[1:]))


def _is_story_node(node: _Element) -> bool:
    has_heading = any(True for _ in node.iter(*_HEADINGS))
    return has_heading and any(is_body_shaped(_text(p)) for p in node.iter("p"))


def _is_noise(node: _Element) -> bool:
    if not isinstance(node.tag, str) or node.getparent() is None:
        return False
    if node.tag in _DROP_TAGS:
        return True
    label = f"{node.get('class', '')} {node.get('id', '')}"
    return bool(label.strip()) and bool(_NOISE.search(label))


def _block_texts(root: _Element) -> list[str]:
    lines: list[str] = []
    for block in root.iter(*_BLOCKS):
        text = _text(block)
        if text and (not lines or lines[-1] != text):
            lines.append(text)
    return lines


def _first_heading(tree: _Element) -> str | None:
    for path in ("//article//h1", "//main//h1", "//h1"):
        found = tree.xpath(path)
        if found and (text := _text(found[0])):
            return text
    return None


def _clean_title(title: str | None) -> str | None:
    """Drop the " | Outlet" suffix that <title> carries."""
    if not title:
        return None
    title = " ".join(title.split())
    return _SUFFIX.sub("", title) or title


def _text(node: _Element | None) -> str:
    if node is None:
        return ""
    return " ".join("".join(node.itertext()).split())


def _first(node: _Element, path: str) -> str | None:
    found = node.xpath(path)
    if not found:
        return None
    value = found[0] if isinstance(found[0], str) else _text(found[0])
    return str(value).strip() or None
