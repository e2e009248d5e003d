"""Find calendar dates in the short date lines of news pages; pure.

Pages write their publication date in many shapes: ``Wednesday, 12 March, 2025
- 10:42``, ``2025.11.07 16:05 KST``, ``Published 14/06/2025``, ``Aug 20, 2025``,
``Sept. 3, 2025``, ``Gulf Ledger07-07-2025``. Numeric dates are read
year-first or day-first (the order of most of the world's outlets) unless the
numbers only make sense month-first. Dates after "Updated" yield to the others.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["find_dates", "parse_published"]

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = (
    re.compile(r"(?<!\d)" + _YEAR + r"[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\s?[-./]\s?(?P<m>\d{1,2})\s?[-./]\s?" + _YEAR + r"(?!\d)"),
    re.compile(r"(?<![\w])(?P<d>\d{1,2})(?:st|nd|rd|th)?\.? " + _MONTH + r",? " + _YEAR, re.I),
    re.compile(r"(?<![\w])" + _MONTH + r" (?P<d>\d{1,2})(?:st|nd|rd|th)?,? " + _YEAR, re.I),
)
_UPDATED = re.compile(r"\b(updated|modified|last update)\b", re.I)


def find_dates(text: str) -> list[tuple[int, date]]:
    """Return ``(position, date)`` for every valid calendar date in ``text``, in order.

    >>> [d.isoformat() for _, d in find_dates("Published 14/06/2025 - 11:20")]
    ['2025-06-14']
    >>> [d.isoformat() for _, d in find_dates("Gulf Ledger07-07-2025")]
    ['2025-07-07']
    """
    found: dict[int, date] = {}
    taken: list[range] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            value = _to_date(match.groupdict())
            if value is not None:
                found[match.start()] = value
                taken.append(range(match.start(), match.end()))
    return sorted(found.items())


def parse_published(text: str) -> date | None:
    """Return the publication date a date line gives, skipping "Updated" dates.

    >>> parse_published("2025.11.07 16:05 KST | Updated 2025.11.07 18:31 KST")
    datetime.date(2025, 11, 7)
    >>> parse_published("Updated: Aug 20, 2025 09:41 IST")
    datetime.date(2025, 8, 20)
    >>> parse_published("no date here") is None
    True
    """
    dates = find_dates(text)
    if not dates:
        return None
    for position, value in dates:
        before = text[max(0, position - 25) : position]
        if not _UPDATED.search(before):
            return value
    return dates[0][1]


def _to_date(groups: dict[str, str | None]) -> date | None:
    year = int(groups["year"] or 0)
    day = int(groups["d"] or 0)
    if groups.get("mon"):
        month = _MONTHS[groups["mon"].lower().rstrip(".")]  # type: ignore[union-attr]
    else:
        month = int(groups["m"] or 0)
        if month > 12 and day <= 12:
            day, month = month, day
    try:
        return date(year, month, day)
    except ValueError:
        return None
