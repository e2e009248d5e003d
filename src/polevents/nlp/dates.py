"""Resolve a date expression of a sentence against the publication date.

"on Monday" is the latest Monday on or before publication; "yesterday", "last
week", "two days ago" count back from it; "March 3" takes the year that puts it
on or before publication (news reports the past). dateparser does the general
parsing; weekdays and the year choice are ours, because news has its own habits.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_DURATION = re.compile(
    r"^(for|over|within|during|throughout|about|some|nearly|almost|more than)\b|"
    r"^(\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a few)\s+"
    r"(days?|weeks?|months?|years?|decades?|hours?)$",
    re.I,
)
_DECADE = re.compile(r"\b(1[89]|20)\d0s\b")
_YEAR_ONLY = re.compile(r"^(in\s+)?(the\s+year\s+)?((19|20)\d\d)$", re.I)
_NOISE = re.compile(r"^(on|in|at|since|from|by|this|the|of)\s+", re.I)
_FUTURE_WORDS = re.compile(r"\b(next|tomorrow|coming|upcoming|later this|later in)\b", re.I)
_PAST_CUES = re.compile(r"\b(last|ago|yesterday|earlier|previous|past)\b", re.I)


def resolve_date(expression: str, published: date) -> date | None:
    """Return the day ``expression`` names, relative to ``published``; None if not a day.

    >>> resolve_date("on Monday", date(2025, 6, 26))  # a Thursday
    datetime.date(2025, 6, 23)
    >>> resolve_date("yesterday", date(2025, 6, 26))
    datetime.date(2025, 6, 25)
    >>> resolve_date("for three years", date(2025, 6, 26)) is None
    True
    """
    text = " ".join(expression.split()).strip(" ,.;")
    if not text or _DURATION.search(text) or _DECADE.search(text):
        return None
    words = _NOISE.sub("", text.lower()).split()
    if len(words) > 1 and words[-1] in {"morning", "afternoon", "evening", "night"}:
        words = words[:-1]
    if len(words) == 2 and words[0] in {"last", "past", "this"}:
        words = words[1:]
    weekday = _weekday(" ".join(words))
    if weekday is not None:
        return published - timedelta(days=(published.weekday() - weekday) % 7)
    if _YEAR_ONLY.match(text):
        return None
    return _parse_general(text, published)


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def resolve_month(expression: str, published: date) -> date | None:
    """The last day of the month an expression names without a day ("in June 2025", "in March").

    >>> resolve_month("in June 2024", date(2025, 6, 26))
    datetime.date(2024, 6, 30)
    """
    words = expression.lower().replace(",", " ").split()
    month = next((_MONTHS.index(w) + 1 for w in words if w in _MONTHS), None)
    if month is None:
        return None
    year = year_of(expression) or (
        published.year if month <= published.month else published.year - 1
    )
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def is_future_expression(expression: str) -> bool:
    """True for "next week", "tomorrow", "later this month": the event has not happened."""
    return bool(_FUTURE_WORDS.search(expression)) and not _PAST_CUES.search(expression)


def year_of(expression: str) -> int | None:
    """The year an expression names outright ("in 2019", "the 1990s"), if any."""
    match = re.search(r"\b(19|20)\d\d\b", expression)
    return int(match.group(0)) if match else None


def _weekday(text: str) -> int | None:
    word = text.strip().lower()
    return _WEEKDAYS.get(word[:-1] if word.endswith("days") else word)


@lru_cache(maxsize=4096)
def _parse_general(text: str, published: date) -> date | None:
    import dateparser

    base = datetime(published.year, published.month, published.day, 12, 0)
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "STRICT_PARSING": False,
        "REQUIRE_PARTS": ["day"] if not _relative(text) else [],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None:
        return None
    day = parsed.date()
    if not _has_year(text) and day > published and not is_future_expression(text):
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            day = day - timedelta(days=365)
    return day


def _relative(text: str) -> bool:
    return bool(
        re.search(r"\b(ago|yesterday|today|last|this|earlier|tonight|week|month)\b", text, re.I)
    )


def _has_year(text: str) -> bool:
    return bool(re.search(r"\b(19|20)\d\d\b", text))
