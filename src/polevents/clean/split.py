"""Scraped text of one page -> its stories, each with title, date and body; pure.

Lines are classified by shape (``polevents.clean.noise``); this module adds
what only context tells:

* a line repeated on the page is a caption or a title, never body;
* a label such as "Most Read" or "Comments" opens a zone whose lines stay out
  of the body; a "related" zone ends when running text resumes (two body
  paragraphs in a row), a ticker zone at the next blank line, a comments zone
  only at the next story;
* a story starts at a headline that a date line follows (or precedes) closely,
  a headline repeated just below itself, a headline after two blank lines, or
  after a separator line (``---``);
* a story's title is the headline next to its date line, else a repeated
  headline, else the last headline before the body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from polevents.clean.noise import LineKind, Zone, classify_line, zone_of
from polevents.clean.published import find_dates, parse_published

__all__ = ["StoryText", "filter_body", "split_dateline", "split_stories"]

_LOOKAHEAD = 12
_MIN_WORDS = 40
_SKIPPABLE: frozenset[LineKind] = frozenset(
    {"caption", "byline", "short", "note", "menu", "banner", "teaser"}
)
_DATELINE = (
    # "MOSCOW —", "BEIJING (Reuters) -", "SEOUL, Nov. 7 --", "ASTANA. Steppe News Agency -"
    re.compile(
        r"^(?P<place>[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){0,3})"
        r"(?:[,.]?\s[^\n]{0,40}?)?\s(?:--|[-–—:])\s+(?=\S)"
    ),
    # "YEREVAN, June 25. Armenia's ..."
    re.compile(
        r"^(?P<place>[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){0,3}),\s\w{3,9}\.? \d{1,2}\.\s+"
    ),
    # "Addis Ababa (MM) - ", "New Delhi [India], August 20 (NWS): "
    re.compile(
        r"^(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\s?(?:\[[^\]]{1,25}\],?\s?)?"
        r"(?:\w{3,9}\.? \d{1,2}\s)?\([^)]{1,25}\)\s?(?:--|[-–—:])\s+"
    ),
    # "May 7, 2025 (PORT SUDAN) - "
    re.compile(
        r"^\w{3,9}\.? \d{1,2},? \d{4}\s\((?P<place>[A-Z][A-Z .'/-]{1,30})\)\s?(?:--|[-–—:])\s+"
    ),
)


@dataclass(frozen=True, slots=True)
class StoryText:
    """One story cut out of a page: its title, publication date, dateline place and paragraphs."""

    title: str
    published_on: date | None
    dateline: str | None
    paragraphs: tuple[str, ...]


@dataclass(slots=True)
class _Draft:
    title: str
    published_on: date | None
    paragraphs: list[str] = field(default_factory=list)


def split_stories(text: str) -> list[StoryText]:
    """Cut the scraped text of a page into its stories, noise left out.

    >>> page = "Menu\\n\\nRussia and China Sign Energy Deal\\n\\n12 March 2025\\n\\n" + (
    ...     "Russia and China signed an energy deal in Beijing on Tuesday, officials said.\\n" * 2)
    >>> [(s.title, str(s.published_on)) for s in split_stories(page)]
    [('Russia and China Sign Energy Deal', '2025-03-12')]
    """
    page = _Page(text)
    return page.run()


def filter_body(lines: list[str], *, title: str = "") -> list[str]:
    """Keep the body paragraphs of one story's text (e.g. trafilatura's), dropping noise.

    Uses the same classifier and zones as ``split_stories`` but never splits.
    """
    page = _Page("\n".join(lines))
    kept: list[str] = []
    pending: list[str] = []
    zone: Zone | None = None
    wanted = _norm(title)
    for index, kind in enumerate(page.kinds):
        line = page.norm[index]
        if kind == "blank":
            zone = None if zone == "ticker" else zone
            continue
        if kind == "marker":
            zone, pending = zone_of(line), []
            continue
        if kind != "body" or line == wanted:
            pending.clear()
            continue
        if zone is None:
            kept.append(line)
        elif zone == "related":
            pending.append(line)
            if len(pending) >= 2:
                kept.extend(pending)
                zone, pending = None, []
    return kept


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a leading dateline off a paragraph: ``(place, rest)``; place is ``None`` if none.

    >>> split_dateline("MOSCOW — Russia said on Monday it would respond.")
    ('MOSCOW', 'Russia said on Monday it would respond.')
    >>> split_dateline("Russia said on Monday it would respond.")
    (None, 'Russia said on Monday it would respond.')
    """
    for pattern in _DATELINE:
        match = pattern.match(paragraph)
        if match and len(paragraph) - match.end() > 20:
            place = match.group("place").strip(" .,")
            if len(place) >= 3 and not place.isdigit():
                return _title_place(place), paragraph[match.end() :]
    return None, paragraph


class _Page:
    """The lines of one page with their kinds, and the state of the story cutter."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.norm = [_norm(line) for line in self.lines]
        self.kinds: list[LineKind] = [classify_line(line) for line in self.lines]
        self.counts = Counter(line for line in self.norm if line)
        for index, kind in enumerate(self.kinds):
            if kind in ("body", "short") and self.counts[self.norm[index]] >= 2:
                self.kinds[index] = "caption"
        self.zoned = [False] * len(self.lines)
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None
        self.header_start = 0

    def run(self) -> list[StoryText]:
        zone: Zone | None = None
        pending: list[int] = []
        blanks = 0
        for index, kind in enumerate(self.kinds):
            if kind == "blank":
                blanks += 1
                zone = None if zone == "ticker" else zone
                continue
            gap, blanks = blanks >= 2, 0
            if kind == "separator":
                self._close(index + 1)
                zone, pending = None, []
                continue
            if kind == "marker":
                zone, pending = zone_of(self.lines[index]), []
                self.zoned[index] = True
                continue
            if kind == "headline" and self._starts_story(index, gap=gap, zoned=zone is not None):
                self._close(index)
                zone, pending = None, []
            self.zoned[index] = zone is not None
            if kind != "body":
                pending.clear()
            elif zone is None:
                self._emit(index)
            elif zone == "related":
                pending.append(index)
                if len(pending) >= 2:
                    for held in pending:
                        self._emit(held)
                    zone, pending = None, []
        self._close(len(self.lines))
        return self._finish()

    def _starts_story(self, index: int, *, gap: bool, zoned: bool) -> bool:
        if self.current is None or not self.current.paragraphs:
            return False
        here = self.norm[index]
        repeated = False
        for kind, line in self._ahead(index):
            if kind == "date":
                return True
            if kind == "headline" and line == here:
                repeated = True
            elif kind not in _SKIPPABLE:
                return not zoned and (repeated or gap) and kind == "body"
        return False

    def _ahead(self, index: int) -> list[tuple[LineKind, str]]:
        """The next non-blank lines after ``index``, at most ``_LOOKAHEAD`` of them."""
        ahead: list[tuple[LineKind, str]] = []
        for later in range(index + 1, len(self.lines)):
            if self.kinds[later] != "blank":
                ahead.append((self.kinds[later], self.norm[later]))
                if len(ahead) >= _LOOKAHEAD:
                    break
        return ahead

    def _emit(self, index: int) -> None:
        if self.current is None:
            title, published = self._header(self.header_start, index)
            self.current = _Draft(title, published)
        self.current.paragraphs.append(self.norm[index])

    def _close(self, next_start: int) -> None:
        if self.current is not None:
            self.drafts.append(self.current)
        self.current = None
        self.header_start = next_start

    def _header(self, start: int, end: int) -> tuple[str, date | None]:
        """Title and date of a story from the lines between its start and its first paragraph."""
        span = range(start, end)
        heads = [i for i in span if self.kinds[i] == "headline" and not self.zoned[i]]
        dates = [i for i in span if self.kinds[i] == "date" and not self.zoned[i]]
        if dates:
            when = dates[-1]
            before = [i for i in heads if i < when]
            after = [i for i in heads if i > when]
            chosen = before[-1] if before else after[0] if after else None
            published = parse_published(self.norm[when])
        else:
            repeated = [i for i in heads if self.counts[self.norm[i]] >= 2]
            chosen = repeated[-1] if repeated else heads[-1] if heads else None
            published = None
        return (self.norm[chosen] if chosen is not None else ""), published

    def _finish(self) -> list[StoryText]:
        stories = []
        for draft in self.drafts:
            if not draft.paragraphs:
                continue
            place, first = split_dateline(draft.paragraphs[0])
            published = draft.published_on
            if published is None:
                head = draft.paragraphs[0][: len(draft.paragraphs[0]) - len(first) + 1]
                found = find_dates(head) if place else []
                published = found[0][1] if found else None
            paragraphs = (first, *draft.paragraphs[1:])
            stories.append(StoryText(draft.title, published, place, paragraphs))
        large = [story for story in stories if _is_large(story)]
        return large or stories[:1]


def _is_large(story: StoryText) -> bool:
    words = sum(len(paragraph.split()) for paragraph in story.paragraphs)
    return len(story.paragraphs) >= 2 or words >= _MIN_WORDS


def _norm(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split())


def _title_place(place: str) -> str:
    """'PRISTINA/BELGRADE' -> 'Pristina/Belgrade'; mixed-case places stay as written."""
    if not place.isupper():
        return place
    return "/".join(part.title() for part in place.split("/"))
