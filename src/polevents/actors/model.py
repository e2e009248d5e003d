"""Typed lexicon entries shared by the loader, the resolver and the context (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["ROLE_CODES", "Entry", "Term", "actor_role"]

# CAMEO 1.1b3 chapter 3: primary, party, secondary and tertiary roles, generic international
# codes and organisation elements that stand as types (cameo_actors.md section 2).
ROLE_CODES = frozenset(
    [
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "SPY",
        "OPP",
        "REB",
        "INS",
        "SEP",
        "UAF",
        "PTY",
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "DEV",
        "EDU",
        "ELI",
        "ENV",
        "HLH",
        "HRI",
        "LAB",
        "LEG",
        "MED",
        "REF",
        "MOD",
        "RAD",
        "IGO",
        "IMG",
        "NGO",
        "NGM",
        "MNC",
        "INT",
        "UIS",
        "SET",
        "UNO",
        "PKO",
        "AMN",
        "IRC",
        "GRP",
    ]
)
_GENERIC = frozenset({"IGO", "IMG", "NGO", "NGM", "MNC", "INT", "UIS"})


@dataclass(frozen=True, slots=True)
class Term:
    """One stretch of time in which an entry has ``code``; ``end`` is exclusive."""

    start: date | None
    end: date | None
    code: str
    title: str | None = None

    def covers(self, on: date) -> bool:
        """Return True when ``on`` falls in the term.

        >>> Term(date(2020, 1, 1), date(2021, 1, 1), "USAGOV").covers(date(2021, 1, 1))
        False
        """
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a phrase can name: a country (or its capital, seat, demonym), a role word,
    an organisation, a group or a person. ``source`` is ``file.yaml:LINE``. A ``posted`` role
    (ambassador, embassy) serves abroad: "in PLACE" after it is not its country."""

    key: str
    kind: str
    name: str
    source: str
    code: str | None = None
    country: str | None = None
    role: str | None = None
    title: str | None = None
    standalone: bool = True
    posted: bool = False
    terms: tuple[Term, ...] = ()
    otherwise: str = "ELI"

    def term_on(self, on: date | None) -> Term | None:
        """Return the term in force on ``on``; the latest term when ``on`` is None."""
        if on is None:
            return self.terms[-1] if self.terms else None
        for term in reversed(self.terms):
            if term.covers(on):
                return term
        return None

    def code_on(self, on: date | None) -> str:
        """Return the entry's CAMEO code on ``on`` (fixed code, term code, or ``otherwise``)."""
        if self.code is not None:
            return self.code
        term = self.term_on(on)
        if term is not None:
            return term.code
        return (self.country or "") + self.otherwise


def actor_role(code: str) -> str | None:
    """Return the primary role element of a code, skipping a leading country or generic code.

    >>> actor_role("RUSGOVMIL"), actor_role("PSEREBHMS"), actor_role("IGOUNO")
    ('GOV', 'REB', None)
    """
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    for part in parts:
        if part in ROLE_CODES and part not in _GENERIC and part not in ("UNO", "PKO"):
            return part
    return None
