"""Decide which coded reports are the same event: the cross-outlet merge plan of one batch.

Two reports are the same event when they have the same source and target
actor codes (either direction for a symmetric event such as CAMEO 04 consult),
the same CAMEO root (so ``042`` and ``043`` merge), dates at most one day
apart, and compatible places (equal countries, or one of them unknown). Reports
are taken in arrival order: a report joins the closest stored event (ties: the
one stored first) or, when none fits, creates one. Because each report only
looks at what came before it, the plan does not depend on where batches are
cut, so a run resumed after a crash merges exactly as an uninterrupted one.

The plan works on plain columns (lists of codes and day numbers read from the
batch's Arrow table) rather than on ``Event`` objects: the store calls it for
every batch of a bulk load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_DAY_GAP = 1

# (rank, country, target): rank orders events by when they were stored; target is
# a stored event id (str) or the index of the report that creates the event (int).
_Slot = tuple[int, str | None, str | int]
StoredMatch = tuple[int, int, str]
"""The best stored event a report could join: (gap in days, rank, event id)."""
_DAY_SPAN = 1 << 23  # more days than 0001-01-01..9999-12-31 either side of 1970


@dataclass(frozen=True, slots=True)
class GroupKeys:
    """What decides the merge, one entry per report of a batch, in arrival order.

    ``groups`` number the (source code, target code, CAMEO root) keys;
    ``reversed_groups`` hold the number of the key read the other way round
    for a symmetric report (None otherwise). ``days`` count days since
    1970-01-01 of the event date, else of the publication date; None when the
    report has neither (it stands alone).
    """

    groups: Sequence[int]
    reversed_groups: Sequence[int | None]
    days: Sequence[int | None]
    countries: Sequence[str | None]


def group_keys(
    sources: Sequence[str | None],
    targets: Sequence[str | None],
    roots: Sequence[str | None],
    days: Sequence[int | None],
    countries: Sequence[str | None],
    symmetric: Sequence[bool],
) -> tuple[GroupKeys, dict[tuple[str | None, str | None, str | None], int]]:
    """Number the keys of reports given as codes; return the keys and the numbering.

    The store numbers them in SQL; this is the same for callers holding codes.
    """
    numbers: dict[tuple[str | None, str | None, str | None], int] = {}
    groups = [numbers.setdefault(key, len(numbers)) for key in zip(sources, targets, roots,
                                                                   strict=True)]  # fmt: skip
    reversed_groups = [
        numbers.setdefault((t, s, r), len(numbers)) if sym and t is not None else None
        for s, t, r, sym in zip(sources, targets, roots, symmetric, strict=True)
    ]
    return GroupKeys(groups, reversed_groups, days, countries), numbers


def plan_merge(
    keys: GroupKeys,
    stored: Sequence[StoredMatch | None],
    *,
    first_rank: int,
) -> list[str | int]:
    """Return, for each report, the stored event id it joins or the index of its creating report.

    ``stored`` holds, for each report, the best stored event it could join
    (gap in days, rank, id), found beforehand (the store does it in SQL), or
    None. A report that creates an event gets its own index. ``first_rank`` is
    the rank (GLOBALEVENTID) the batch's first new event will take; it exceeds
    every stored rank, so a stored event wins a tie.

    >>> keys, _ = group_keys(["USA", "USA", "RUS"], ["CHN", "CHN", "CHN"], ["04"] * 3,
    ...                      [100, 101, 100], [None] * 3, [True] * 3)
    >>> plan_merge(keys, [None] * 3, first_rank=1)
    [0, 0, 2]
    """
    # One flat index keyed by group and day folded into one int: a bulk load
    # plans hundreds of thousands of reports, so each probe must be cheap.
    index: dict[int, list[_Slot]] = {}
    plan: list[str | int] = []
    groups, reversed_groups, countries = keys.groups, keys.reversed_groups, keys.countries
    get = index.get
    for i, day in enumerate(keys.days):
        if day is None:
            plan.append(i)  # an undated report cannot be matched by date
            continue
        best: tuple[int, int, str | int] | None = stored[i]
        if best is not None and best[0] == 0:
            plan.append(best[2])  # nothing new can beat a stored event on the same day
            continue
        country = countries[i]
        here = groups[i] * _DAY_SPAN * 2 + day
        other = reversed_groups[i]
        bases = (here,) if other is None else (here, other * _DAY_SPAN * 2 + day)
        for base in bases:
            for offset in _OFFSETS:
                slots = get(base + offset)
                if slots is None:
                    continue
                for rank, place, found in slots:
                    if place is None or country is None or place == country:
                        gap = offset if offset >= 0 else -offset
                        if best is None or (gap, rank) < (best[0], best[1]):
                            best = (gap, rank, found)
                        break  # slots of one day are in rank order: the first that fits wins
        if best is None:
            index.setdefault(here, []).append((first_rank + i, country, i))
            plan.append(i)
        else:
            plan.append(best[2])
    return plan


_OFFSETS = tuple(range(-MAX_DAY_GAP, MAX_DAY_GAP + 1))
