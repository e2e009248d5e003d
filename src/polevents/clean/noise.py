"""Classify the lines of a scraped page by their shape alone; pure.

One line says little, but its shape says a lot: body text is made of
sentences that end with terminal punctuation; headlines are short, unpunctuated
and mostly lower case after the first word; photo captions end with a credit
(``(AFP)``, ``Photo: Reuters``, ``File photo``); menus are bullets, pipes and
single words; banners talk to the reader (cookies, apps, newsletters,
copyright). Context (repetition on the page, what follows a "Most Read" or
"Comments" label) is added by ``polevents.clean.split``.

The vocabularies below are written for this project from how news sites are
generally laid out; they name kinds of boilerplate, never one page's text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from polevents.clean.published import parse_published

__all__ = [
    "LineKind",
    "Zone",
    "classify_line",
    "forget_lines",
    "is_body_shaped",
    "strip_bullet",
    "zone_of",
]

LineKind = Literal[
    "blank", "separator", "marker", "caption", "date", "byline", "banner",
    "teaser", "menu", "note", "headline", "body", "short",
]  # fmt: skip
Zone = Literal["related", "comments", "ticker"]

_BULLET = re.compile(r"^\s*(?:[•·●▪■◦‣∙*>»-]\s+|\d{1,2}[.)]\s+)")
_SEPARATOR = re.compile(r"^\s*(?:[-–—_*=~•·#]\s*){3,}$")
_TERMINAL = re.compile(r"""[.!?…](?:["'”’»)\]]{0,3})\s*$""")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\d,.%$€£]*")

# A photo credit closes a caption: "(AFP)", "(AP Photo/X)", "Photo: Reuters", "File photo".
_CREDIT_WORDS = (
    r"photo|picture|image|file|handout|via|credit|courtesy|afp|ap|reuters|epa|getty|"
    r"dpa|anadolu|xinhua|tass|kcna|sana|spa|wam|efe|ansa|kyodo|yonhap|bernama|pti|ani|"
    r"shutterstock|pool|screenshot|video grab|@"
)
_PAREN_TAIL = re.compile(r"\(([^()]{1,60})\)\s*$")
_CAPTION = (
    re.compile(r"^\s*(?:file )?(?:photo|picture|image|pic)(?: credit)?\s*[:|/-]", re.I),
    re.compile(r"\b(?:photo|picture|image|credit|©)\s*:\s*[\w@][^.]{0,60}$", re.I),
    re.compile(r"\b(?:\w+ )?file (?:photo|picture|image)\.?\s*$", re.I),
    re.compile(r"^\s*(?:getty images|reuters|afp|ap|epa|anadolu|afp via getty images)\s*$", re.I),
)
_BYLINE = re.compile(
    r"^\s*(?:by\s+[A-Z\w]|reporting by\b|written by\b|posted by\b|text by\b)"
    r"|^\s*(?:[\w.'-]+[ ,]+){0,3}(?:correspondent|reporter|staff|editor|bureau|desk)\b"
    r"(?:[ ,]+[\w.'-]+){0,3}$",
    re.I,
)
_BANNER = re.compile(
    r"cookie|privacy (?:policy|notice|choices|settings)|rights reserved|©|\(c\) \d{4}|"
    r"^copyright\b|copyright \d{4}|\bnewsletter|download (?:the|our)\b.*\bapp\b|"
    r"\bapp store\b|google play|play store|skip to (?:main )?content|enable javascript|"
    r"your email address|required fields are|\bon page \d+\b|\bour (?:website|site|app)\b|"
    r"\bmin(?:ute)?s? read\b|font size|\bauto-generated\b|\bsyndicated feed\b|"
    r"reproduction (?:of|is|prohibited)|redistribution|\bhyperlink\b|\bpowered by\b|"
    r"terms of (?:use|service)",
    re.I,
)
# Only in short lines: a body sentence may well mention advertising or a subscription.
_SHORT_BANNER = re.compile(
    r"\bsubscribe\b|\bsign (?:up|in)\b|\blog ?in\b|\bfollow us\b|join our \w+|"
    r"\badvertis(?:e|ement|ing)\b|\bclick here\b|\bour (?:analysis|coverage|podcast|e-?paper)\b|"
    r"without (?:written )?permission|\bconsent\b|\bour standards\b|^(?:share|save|print|email)$",
    re.I,
)
_TEASER = re.compile(
    r"^\s*(?:read (?:also|more|next|further)|also read|see also|related|watch|listen|"
    r"more|recommended|opinion|analysis|explainer|live|web stories|in pictures|podcast|"
    r"sponsored|trending|latest|breaking)\s*[:|»>–-]\s*\S",
    re.I,
)
_NOTE = re.compile(
    r"^\s*\(.*\)\s*$|^\s*\S+@\S+\.\w+\s*$|^\s*#\w|^\s*(?:tags|keywords|topics)\s*:|"
    r"pic\.twitter\.com|^\s*[—–]\s.*\(@\w+\)|^\s*(?:news )?id\s*:|^\s*\d+\s*$",
    re.I,
)
_ZONES: tuple[tuple[Zone, re.Pattern[str]], ...] = (
    (
        "comments",
        re.compile(
            r"^(?:\d+\s+)?(?:readers'?\s+|user\s+)?comments?(?:\s*\(\d+\))?$|"
            r"^\d+\s+(?:thoughts?|responses?|replies|comments?)\s+on\b|"
            r"^(?:leave|post|add|write) a (?:reply|comment)|^join the (?:discussion|conversation)|"
            r"^no comments yet",
            re.I,
        ),
    ),
    (
        "ticker",
        re.compile(r"^(?:breaking(?: news)?|just in|flash|live updates|news ticker)$", re.I),
    ),
    (
        "related",
        re.compile(
            r"^(?:most (?:read|viewed|popular|shared|watched)|popular(?: now| news)?|"
            r"related(?: articles| news| items| topics| stories| content| coverage| posts)?|"
            r"read (?:more|next|also)|also read|see also|more (?:on this story|news|stories)|"
            r"more (?:from|in|on) .{1,40}|(?:top|latest|trending|other|recent) (?:news|stories)|"
            r"latest|trending(?: now)?|recommended(?: for you)?|you (?:may|might) also like|"
            r"editors?'? ?(?:picks|choice)|from (?:our|the) partners?|in other news|"
            r"keywords|tags|topics|coverage|don'?t miss|must read|what to read next|"
            r"share this|like this|sponsored(?: content)?|web stories|"
            r"(?:top|related) (?:videos|headlines)|news in brief|read next)$",
            re.I,
        ),
    ),
)


def strip_bullet(line: str) -> str:
    """Return the line without a leading list marker (``•``, ``-``, ``1.``) and spaces.

    >>> strip_bullet("  • 16 May 2024 16:32")
    '16 May 2024 16:32'
    """
    return _BULLET.sub("", line, count=1).strip()


def zone_of(line: str) -> Zone | None:
    """Name the zone that a section label opens (``"Most Read"`` -> ``"related"``), or ``None``.

    >>> zone_of("Most Read"), zone_of("Comments (2)"), zone_of("BREAKING"), zone_of("Ukraine")
    ('related', 'comments', 'ticker', None)
    """
    label = strip_bullet(line).rstrip(":").strip()
    if not label or len(label) > 150:
        return None
    for zone, pattern in _ZONES:
        if pattern.match(label):
            return zone
    return None


def is_body_shaped(text: str) -> bool:
    """Tell whether a line reads as running text: words ending in terminal punctuation.

    >>> is_body_shaped("Russia and China signed the accord on Monday."), is_body_shaped("Home")
    (True, False)
    """
    words = _WORD.findall(text)
    if len(words) >= 5 and _TERMINAL.search(text):
        return True
    return len(text) >= 160 and len(words) >= 25


def classify_line(line: str) -> LineKind:
    """Return the kind of one line of scraped text, judged by its shape alone.

    Short lines are cached: an outlet's menus, banners, section labels and captions come
    back on every page of a run, and a line's kind depends on nothing but the line. Long
    lines (running text) rarely repeat and would make the cache's memory unbounded.

    >>> classify_line("Evin Prison (File photo: Reuters)")
    'caption'
    >>> classify_line("Iran Says 5 Inmates at Evin Prison Were Killed in Israel's Airstrike")
    'headline'
    """
    if len(line) <= _CACHED_LINE_CHARS:
        return _classify_cached(line)
    return _classify(line)


_CACHED_LINE_CHARS = 300


@lru_cache(maxsize=8192)
def _classify_cached(line: str) -> LineKind:
    return _classify(line)


def forget_lines() -> None:
    """Empty the cache of line kinds (``service.clean_documents`` does, at each run's start)."""
    _classify_cached.cache_clear()


def _classify(line: str) -> LineKind:
    stripped = line.strip().replace("\u00a0", " ")
    if not stripped:
        return "blank"
    if _SEPARATOR.match(stripped):
        return "separator"
    if zone_of(stripped):
        return "marker"
    bulleted = bool(_BULLET.match(line)) and not _looks_numbered_sentence(stripped)
    text = strip_bullet(stripped) if bulleted else stripped
    if _is_caption(text):
        return "caption"
    if _is_date_line(text):
        return "date"
    if _BANNER.search(text) or (len(text) < 120 and _SHORT_BANNER.search(text)):
        return "banner"
    if _TEASER.match(text):
        return "teaser"
    if _NOTE.search(text):
        return "note"
    if _BYLINE.match(text) and len(_WORD.findall(text)) <= 12 and not _TERMINAL.search(text):
        return "byline"
    if bulleted or _is_menu(text):
        return "menu"
    if is_body_shaped(text):
        return "body"
    if is_headline_shaped(text):
        return "headline"
    return "short"


def is_headline_shaped(text: str) -> bool:
    """Tell whether a line could be a story title: 3-30 words, no closing full stop, not shouted.

    >>> is_headline_shaped("Putin: Russia, China Are not Creating Military Alliance")
    True
    >>> is_headline_shaped("HAN RIVER HERALD"), is_headline_shaped("Share this:")
    (False, False)
    """
    words = _WORD.findall(text)
    if not 3 <= len(words) <= 30 or len(text) < 15 or len(text) > 220:
        return False
    if text.rstrip().endswith((".", ",", ";", ":", "-", "|")) and not text.endswith("..."):
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    if letters and upper / len(letters) > 0.7:
        return False
    return text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘("


def _looks_numbered_sentence(text: str) -> bool:
    """A body line may start with a year or a number ("2. The sides..." is a list item)."""
    return bool(re.match(r"^\d{3,}", text))


def _is_caption(text: str) -> bool:
    tail = _PAREN_TAIL.search(text)
    if tail:
        inner = tail.group(1).strip()
        credit = re.search(rf"\b(?:{_CREDIT_WORDS})\b|@", inner, re.I)
        if credit or (len(inner.split()) <= 4 and inner[:1].isupper()):
            return len(_WORD.findall(text[: tail.start()])) >= 2
    return any(pattern.search(text) for pattern in _CAPTION)


def _is_date_line(text: str) -> bool:
    words = _WORD.findall(text)
    if len(words) > 16 or parse_published(text) is None:
        return False
    return not (len(words) > 8 and _TERMINAL.search(text) and not text.endswith("BS"))


def _is_menu(text: str) -> bool:
    if "»" in text or "›" in text or " > " in text:
        return True
    parts = [part.strip() for part in re.split(r"\s[|·•]\s|\s{3,}", text) if part.strip()]
    return len(parts) >= 3 and all(len(part.split()) <= 5 for part in parts)
