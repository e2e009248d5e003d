"""When did the event of a sentence happen, and is it inside the story's time?

``event_date`` picks the date expression of the trigger's own clause and resolves it
against the publication date. Background ("in 2019", "in recent years", "in June
last year") and the future ("next week", a day after publication) come back as
``NOT_NOW``: such events are not coded as news of the day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from polevents.coding.patterns import children
from polevents.nlp.dates import is_future_expression, resolve_date, resolve_month, year_of
from polevents.types import EntitySpan, ParsedSentence

HISTORY_DAYS = 45  # an event dated longer before publication is background
_YEAR = re.compile(r"^(19|20)\d\d$")
_BACKGROUND_WORDS = frozenset({"years", "decade", "decades", "century", "centuries", "era"})
_YEAR_PREPS = frozenset({"in", "since", "during", "until", "by"})
_CLAUSE_STOP = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj"})


class NotNow:
    """Marker: the sentence dates the event outside the story's time."""

    def __repr__(self) -> str:
        return "NOT_NOW"


NOT_NOW = NotNow()


def event_date(
    sentence: ParsedSentence, trigger: int, published: date | None
) -> date | NotNow | None:
    """The day the sentence gives the event; ``NOT_NOW`` for background or future dates."""
    spans = date_spans(sentence)
    if not spans:
        return None
    for scope in _scopes(sentence, trigger):
        local = [e for e in spans if any(i in scope for i in range(e.start, e.end))]
        for span in local:
            verdict = _judge(span.text, published)
            if verdict is not None:
                return verdict
        if local:
            return None
    return None


def _scopes(sentence: ParsedSentence, trigger: int) -> list[set[int]]:
    """Where a date may sit, nearest first: the trigger's clause, then the date modifiers of
    each clause above it ("In January 2024, X signed ..., prompting Y to expel ...")."""
    scopes = [clause_tokens(sentence, trigger)]
    node = sentence.tokens[trigger]
    while node.head != node.i and len(scopes) < 8:
        node = sentence.tokens[node.head]
        own: set[int] = set()
        for child in children(sentence, node.i):
            if child.dep in {"prep", "npadvmod", "advmod"} or child.ent_type in {"DATE", "TIME"}:
                own.add(child.i)
                own.update(g.i for g in children(sentence, child.i))
        scopes.append(own)
    return scopes


def _judge(text: str, published: date | None) -> date | NotNow | None:
    words = set(text.lower().split())
    if is_future_expression(text):
        return NOT_NOW
    year = year_of(text)
    if year and not _has_day(text) and (published is None or year < published.year):
        return NOT_NOW  # "in 2021", "in early 2022": news of the day does not name its year
    if words & _BACKGROUND_WORDS and "ago" not in words:
        return NOT_NOW
    if published is None:
        return None
    day = resolve_date(text, published)
    if day is None:
        month = resolve_month(text, published)
        if month and month < published - timedelta(days=HISTORY_DAYS):
            return NOT_NOW
        return None
    if day > published or day < published - timedelta(days=HISTORY_DAYS):
        return NOT_NOW
    return day


def date_spans(sentence: ParsedSentence) -> list[EntitySpan]:
    """DATE/TIME entities, plus bare years after "in"/"since" that NER sometimes calls CARDINAL."""
    spans = [e for e in sentence.entities if e.label in {"DATE", "TIME"}]
    covered = {i for e in spans for i in range(e.start, e.end)}
    for token in sentence.tokens:
        if token.i in covered or not _YEAR.match(token.text) or token.dep != "pobj":
            continue
        if sentence.tokens[token.head].lemma.lower() in _YEAR_PREPS:
            spans.append(EntitySpan(token.i, token.i + 1, "DATE", token.text))
    return spans


def clause_tokens(sentence: ParsedSentence, trigger: int) -> set[int]:
    """Tokens of the trigger's own clause: its subtree without embedded clauses, plus the
    dates hung on the verb that governs it ("on Monday agreed to meet")."""
    keep: set[int] = set()
    stack = [trigger]
    while stack:
        node = stack.pop()
        keep.add(node)
        stack.extend(c.i for c in children(sentence, node) if c.dep not in _CLAUSE_STOP)
    head = sentence.tokens[trigger]
    if head.dep in {"xcomp", "conj", "dobj"} and head.head != trigger:
        for child in children(sentence, head.head):
            if child.ent_type in {"DATE", "TIME"}:
                keep.add(child.i)
            if child.dep in {"prep", "npadvmod"}:
                keep.add(child.i)
                keep.update(g.i for g in children(sentence, child.i))
    return keep


def _has_day(text: str) -> bool:
    return any(part.isdigit() and len(part) <= 2 for part in text.replace(",", " ").split())
