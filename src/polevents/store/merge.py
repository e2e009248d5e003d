"""Merge the same event reported by many articles or outlets into one stored event.

Two coded events are the same event when they have the same source and target
actor codes (either direction for symmetric events such as CAMEO 04 consult),
the same CAMEO root (so ``042`` and ``043`` merge), event dates at most one day
apart, and compatible places (equal countries, or one of them unknown). The
first report creates the stored event; every later report adds a mention.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from polevents.types import Event

MAX_DAY_GAP = 1


@dataclass(frozen=True, slots=True)
class MergeKey:
    """What decides whether two reports describe the same event."""

    source_code: str
    target_code: str | None
    cameo_root: str
    on: date | None
    country: str | None
    symmetric: bool


@dataclass(slots=True)
class _Candidate:
    on: date
    country: str | None
    event_id: str


def key_of(event: Event) -> MergeKey:
    """Return the merge key of a coded event (its date, else its publication date).

    >>> from polevents.testing import make_event
    >>> key_of(make_event(cameo_code="042")).cameo_root
    '04'
    """
    country = event.location.country if event.location else None
    return MergeKey(
        source_code=event.source.code,
        target_code=event.target.code if event.target else None,
        cameo_root=event.cameo_root,
        on=event.event_date or event.published,
        country=country,
        symmetric=event.symmetric,
    )


def stored_event_id(raw_event_id: str) -> str:
    """Return the stable id of a stored event first reported as ``raw_event_id``.

    >>> stored_event_id("abc")
    'ev_a9993e364706816aba3e'
    """
    return "ev_" + hashlib.sha1(raw_event_id.encode("utf-8")).hexdigest()[:20]


class MergeIndex:
    """Stored events that a batch may merge into, looked up by dyad and root."""

    def __init__(self) -> None:
        self._by_dyad: dict[tuple[str, str | None, str], list[_Candidate]] = {}

    def add(self, key: MergeKey, event_id: str) -> None:
        """Remember a stored event so later reports can merge into it."""
        if key.on is None:
            return  # an undated event cannot be matched by date: it stands alone
        dyad = (key.source_code, key.target_code, key.cameo_root)
        self._by_dyad.setdefault(dyad, []).append(_Candidate(key.on, key.country, event_id))

    def find(self, key: MergeKey) -> str | None:
        """Return the stored event that ``key`` reports again, or None.

        The closest date wins; ties go to the event stored first.
        """
        if key.on is None:
            return None
        dyads = [(key.source_code, key.target_code, key.cameo_root)]
        if key.symmetric and key.target_code is not None:
            dyads.append((key.target_code, key.source_code, key.cameo_root))
        best: tuple[int, str] | None = None
        for dyad in dyads:
            for cand in self._by_dyad.get(dyad, ()):
                gap = abs((cand.on - key.on).days)
                if gap > MAX_DAY_GAP or not _places_agree(cand.country, key.country):
                    continue
                if best is None or gap < best[0]:
                    best = (gap, cand.event_id)
        return best[1] if best else None


def _places_agree(left: str | None, right: str | None) -> bool:
    return left is None or right is None or left == right
