"""Code one parsed sentence into events: who did what to whom, and when.

Pure: the sentence, its actor mentions, the lexicons and the publication date
come in as arguments. The source is the subject of the predicate (the agent of
a passive), the target its object or prepositional object ("with X", "against
X", "to X"); an intent verb ("agreed to deepen ties with X") is coded as the
intent, a light verb's object noun ("launched strikes on X") as the noun's event.
Anything ``modality.assess`` does not find asserted is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from polevents.coding.codebook import Codebook
from polevents.coding.modality import Modality, assess
from polevents.coding.patterns import Match, PatternLexicon, children, match_noun, match_verb
from polevents.nlp.dates import is_future_expression, resolve_date, resolve_month, year_of
from polevents.types import Actor, ActorMention, EntitySpan, ParsedSentence, Token

# Anaphora: (sentence, token index) -> the actors a pronoun or "the two sides" stands for.
Anaphora = Callable[[ParsedSentence, int], list[Actor]]

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
TARGET_PREPS = (
    "with",
    "against",
    "to",
    "on",
    "at",
    "toward",
    "towards",
    "into",
    "for",
    "from",
    "over",
    "upon",
    "between",
    "in",
)
# Dependencies that stay inside one noun phrase when we look for its actor.
_NP_DEPS = frozenset(
    {
        "compound",
        "amod",
        "poss",
        "appos",
        "conj",
        "nmod",
        "det",
        "nummod",
        "cc",
        "prep",
        "pobj",
        "case",
        "npadvmod",
        "quantmod",
        "punct",
    }
)
_NP_PREPS = frozenset({"of", "for", "from", "in"})
_INTENT_REFINE = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
_THREAT_REFINE = {"15": "138", "18": "138", "19": "138", "20": "138", "16": "131", "17": "137"}
_YEAR = re.compile(r"^(19|20)\d\d$")
REACTIVE_ROOTS = frozenset({"01", "11", "12"})
_BACKGROUND_WORDS = frozenset({"years", "decade", "decades", "century", "centuries", "era"})
HISTORY_DAYS = 45


@dataclass(frozen=True, slots=True)
class SentenceEvent:
    """An event found in one sentence, before it is tied to its article."""

    source: Actor
    target: Actor | None
    code: str
    symmetric: bool
    rule: str
    trigger: int
    event_date: date | None
    anaphoric: bool = False


@dataclass(frozen=True, slots=True)
class _Side:
    actors: tuple[Actor, ...]
    anaphoric: bool = False


def code_sentence(
    sentence: ParsedSentence,
    *,
    mentions: list[ActorMention],
    patterns: PatternLexicon,
    codebook: Codebook,
    published: date | None,
    anaphora: Anaphora | None = None,
    recent: Sequence[Actor] = (),
) -> list[SentenceEvent]:
    """Return the events that ``sentence`` asserts, most specific pattern per dyad and root.

    ``recent`` lists the actors of the story's earlier sentences, latest last: a reaction
    with no named target ("Baku rejected the claim") is aimed at the latest other actor.
    A pledge in the future ("will provide", "said it would send") is coded as the intent.
    """
    if not mentions and anaphora is None:
        return []
    intent_lemmas = frozenset(
        verb for verb, items in patterns.verbs.items() if any(p.embeds_intent for p in items)
    )
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    found: dict[tuple[str, str | None, str], SentenceEvent] = {}
    for match in _matches(sentence, patterns, by_token):
        modality = assess(sentence, match.trigger, intent_lemmas=intent_lemmas)
        if modality is Modality.FUTURE:
            match = _as_intent(match)
        elif modality is not Modality.ASSERTED:
            continue
        if match is None:
            continue
        when = _event_date(sentence, match.trigger, published)
        if isinstance(when, _NotNow):
            continue
        events = _events_for(sentence, match, by_token, patterns, codebook, anaphora, when)
        if not events and match.code[:2] in REACTIVE_ROOTS:
            events = _reaction(sentence, match, by_token, anaphora, recent, when)
        for event in events:
            key = (event.source.code, event.target.code if event.target else None, event.code[:2])
            if key not in found or len(event.code) > len(found[key].code):
                found[key] = event
    return list(found.values())


def _as_intent(match: Match) -> Match | None:
    """A cooperative act announced for the future is an intent (03); force, a threat (13)."""
    root = match.code[:2]
    if root in _INTENT_REFINE:
        code = _INTENT_REFINE[root]
    elif root in _THREAT_REFINE:
        code = _THREAT_REFINE[root]
    elif root == "03":
        code = match.code
    else:
        return None
    return replace(match, code=code, rule=f"{match.rule}+future", embeds_intent=False)


def _reaction(
    sentence: ParsedSentence,
    match: Match,
    by_token: dict[int, ActorMention],
    anaphora: Anaphora | None,
    recent: Sequence[Actor],
    when: date | None,
) -> list[SentenceEvent]:
    """A reaction to something not named as an actor ("rejected the claim"): aim it at the
    latest earlier actor of another country."""
    if not any(c.dep == "dobj" for c in children(sentence, match.trigger)):
        return []
    source = _source(sentence, match.trigger, match, by_token, anaphora)
    if source is None or len(source.actors) != 1:
        return []
    src = source.actors[0]
    target = next((a for a in reversed(recent) if a.country and a.country != src.country), None)
    if target is None or src.country is None:
        return []
    return [
        SentenceEvent(
            src,
            target,
            match.code,
            match.symmetric,
            match.rule + "+context",
            match.trigger,
            when,
            anaphoric=True,
        )
    ]


def _matches(
    sentence: ParsedSentence, patterns: PatternLexicon, by_token: dict[int, ActorMention]
) -> Iterable[Match]:
    for token in sentence.tokens:
        if token.i in by_token:
            continue
        verb = match_verb(sentence, token.i, patterns)
        if verb:
            yield verb
            continue
        noun = match_noun(sentence, token.i, patterns) if token.pos in {"NOUN", "PROPN"} else None
        if noun and _noun_is_event(sentence, token, patterns):
            yield noun


def _noun_is_event(sentence: ParsedSentence, noun: Token, patterns: PatternLexicon) -> bool:
    """An event noun counts as the object of a light verb, or with its own actor modifier."""
    head = sentence.tokens[noun.head]
    if noun.dep in {"dobj", "attr", "nsubjpass"} and head.lemma.lower() in patterns.light_verbs:
        return match_verb(sentence, head.i, patterns) is None
    return noun.dep in {"nsubj", "ROOT"} and any(
        k.dep in {"poss", "amod", "compound"} and k.ent_type in {"NORP", "GPE", "ORG"}
        for k in children(sentence, noun.i)
    )


def _events_for(
    sentence: ParsedSentence,
    match: Match,
    by_token: dict[int, ActorMention],
    patterns: PatternLexicon,
    codebook: Codebook,
    anaphora: Anaphora | None,
    when: date | None,
) -> list[SentenceEvent]:
    code = match.code
    predicate = sentence.tokens[match.trigger]
    verb_index = (
        predicate.head if match.noun is not None and predicate.dep != "nsubj" else match.trigger
    )
    embedded = _embedded_clause(sentence, match.trigger) if match.embeds_intent else None
    if embedded is not None:
        code = _refine_intent(sentence, embedded, code, patterns)
    source = _source(sentence, verb_index, match, by_token, anaphora)
    target = _target(sentence, match, verb_index, by_token, anaphora)
    if source is None or (match.embeds_intent and embedded is None and target is None):
        return []
    if target is None or not target.actors:
        if match.symmetric and len(source.actors) >= 2:
            target, source = _Side(source.actors[1:2], source.anaphoric), _Side(source.actors[:1])
        else:
            target = _Side(())
    codebook.lookup(code)
    events = []
    for src in source.actors:
        targets = [t for t in target.actors if t.code != src.code or t.text != src.text] or [None]
        for tgt in targets:
            if tgt is not None and tgt.country == src.country and tgt.code == src.code:
                continue
            events.append(
                SentenceEvent(
                    src,
                    tgt,
                    code,
                    match.symmetric,
                    match.rule,
                    match.trigger,
                    when,
                    source.anaphoric or target.anaphoric,
                )
            )
    return events


def _embedded_clause(sentence: ParsedSentence, verb: int) -> int | None:
    for child in children(sentence, verb):
        if child.dep in {"xcomp", "ccomp"}:
            return child.i
    return None


def _refine_intent(
    sentence: ParsedSentence, embedded: int, code: str, patterns: PatternLexicon
) -> str:
    inner = match_verb(sentence, embedded, patterns)
    if inner is None:
        return code
    table = _THREAT_REFINE if code.startswith("13") else _INTENT_REFINE
    return table.get(inner.code[:2], code)


def _source(
    sentence: ParsedSentence,
    verb: int,
    match: Match,
    by_token: dict[int, ActorMention],
    anaphora: Anaphora | None,
) -> _Side | None:
    if match.noun is not None:
        own = _np_actors(sentence, match.noun, by_token, skip_preps=True)
        if own and sentence.tokens[match.noun].dep in {"nsubj", "ROOT"}:
            return _Side(tuple(own))
    for node in _subject_chain(sentence, verb):
        for child in children(sentence, node):
            if child.dep == "agent":
                pobj = [c for c in children(sentence, child.i) if c.dep == "pobj"]
                if pobj:
                    return _side_of(sentence, pobj[0].i, by_token, anaphora)
            if child.dep in SUBJECT_DEPS:
                return _side_of(sentence, child.i, by_token, anaphora)
    return None


def _subject_chain(sentence: ParsedSentence, verb: int) -> list[int]:
    """The verb, then the clauses it shares a subject with (xcomp and conj heads)."""
    chain = [verb]
    node = sentence.tokens[verb]
    while (
        node.dep in {"xcomp", "conj", "advcl", "pcomp"} and node.head != node.i and len(chain) < 6
    ):
        node = sentence.tokens[node.head]
        if node.dep == "prep":
            node = sentence.tokens[node.head]
        chain.append(node.i)
    return chain


def _target(
    sentence: ParsedSentence,
    match: Match,
    verb: int,
    by_token: dict[int, ActorMention],
    anaphora: Anaphora | None,
) -> _Side | None:
    places = [match.noun] if match.noun is not None else []
    places.append(verb)
    if match.embeds_intent:
        embedded = _embedded_clause(sentence, match.trigger)
        if embedded is not None:
            places.append(embedded)
            places.extend(c.i for c in children(sentence, embedded) if c.dep in {"dobj", "xcomp"})
    for place in places:
        kids = children(sentence, place)
        for child in kids:
            if child.dep in {"dobj", "dative", "nsubjpass", "attr"}:
                side = _side_of(sentence, child.i, by_token, anaphora)
                if side and side.actors:
                    return side
        for prep in TARGET_PREPS:
            for child in kids:
                if child.dep in {"prep", "dative"} and child.lemma.lower() == prep:
                    for pobj in children(sentence, child.i):
                        if pobj.dep == "pobj":
                            side = _side_of(sentence, pobj.i, by_token, anaphora)
                            if side and side.actors:
                                return side
    return None


def _side_of(
    sentence: ParsedSentence,
    head: int,
    by_token: dict[int, ActorMention],
    anaphora: Anaphora | None,
) -> _Side | None:
    actors = _np_actors(sentence, head, by_token)
    if actors:
        return _Side(tuple(actors))
    if anaphora is not None:
        resolved = anaphora(sentence, head)
        if resolved:
            return _Side(tuple(resolved), anaphoric=True)
    return None


def _np_actors(
    sentence: ParsedSentence,
    head: int,
    by_token: dict[int, ActorMention],
    *,
    skip_preps: bool = False,
) -> list[Actor]:
    """Actors named inside the noun phrase headed by ``head``, head mention first."""
    if head in by_token:
        first = by_token[head]
        rest = [a for a in _conjoined(sentence, head, by_token) if a is not first.actor]
        return [first.actor, *rest]
    ordered: list[Actor] = []
    stack = [head]
    seen: set[int] = set()
    while stack:
        node = stack.pop(0)
        if node in seen:
            continue
        seen.add(node)
        mention = by_token.get(node)
        if mention:
            if mention.actor not in ordered:
                ordered.append(mention.actor)
            stack.extend(
                c.i
                for i in range(mention.start, mention.end)
                for c in children(sentence, i)
                if c.dep == "conj" and not mention.start <= c.i < mention.end
            )
            continue
        for child in children(sentence, node):
            if child.dep not in _NP_DEPS:
                continue
            if child.dep == "prep" and (skip_preps or child.lemma.lower() not in _NP_PREPS):
                continue
            stack.append(child.i)
    return ordered


def _conjoined(
    sentence: ParsedSentence, head: int, by_token: dict[int, ActorMention]
) -> list[Actor]:
    actors = []
    for child in children(sentence, head):
        if child.dep == "conj":
            actors.extend(_np_actors(sentence, child.i, by_token))
    mention = by_token[head]
    for i in range(mention.start, mention.end):
        for child in children(sentence, i):
            if child.dep == "conj" and child.i not in range(mention.start, mention.end):
                actors.extend(_np_actors(sentence, child.i, by_token))
    return actors


class _NotNow:
    """Marker: the sentence dates the event outside the story's time."""


_NOT_NOW = _NotNow()


def _event_date(
    sentence: ParsedSentence, trigger: int, published: date | None
) -> date | _NotNow | None:
    """The day the sentence gives the event; ``_NOT_NOW`` for background or future dates."""
    spans = _date_spans(sentence)
    if not spans:
        return None
    close = _clause_tokens(sentence, trigger)
    local = [e for e in spans if any(i in close for i in range(e.start, e.end))] or (
        spans if len(spans) == 1 else []
    )
    for span in local:
        words = set(span.text.lower().split())
        if is_future_expression(span.text):
            return _NOT_NOW
        year = year_of(span.text)
        if published and year and year < published.year and not _has_day(span.text):
            return _NOT_NOW
        if words & _BACKGROUND_WORDS and "ago" not in words:
            return _NOT_NOW
        if published is None:
            continue
        day = resolve_date(span.text, published)
        if day is None:
            month = resolve_month(span.text, published)
            if month and month < published - timedelta(days=HISTORY_DAYS):
                return _NOT_NOW
            continue
        if day > published or day < published - timedelta(days=HISTORY_DAYS):
            return _NOT_NOW
        return day
    return None


def _date_spans(sentence: ParsedSentence) -> list[EntitySpan]:
    """DATE/TIME entities, plus bare years after "in"/"since" that NER sometimes calls CARDINAL."""
    spans = [e for e in sentence.entities if e.label in {"DATE", "TIME"}]
    covered = {i for e in spans for i in range(e.start, e.end)}
    for token in sentence.tokens:
        if (
            token.i not in covered
            and _YEAR.match(token.text)
            and token.dep == "pobj"
            and sentence.tokens[token.head].lemma.lower()
            in {"in", "since", "during", "until", "by"}
        ):
            spans.append(EntitySpan(token.i, token.i + 1, "DATE", token.text))
    return spans


def _has_day(text: str) -> bool:
    return any(part.isdigit() and len(part) <= 2 for part in text.replace(",", " ").split())


def _clause_tokens(sentence: ParsedSentence, trigger: int) -> set[int]:
    """Tokens of the trigger's own clause: its subtree without embedded clauses."""
    stop = {"ccomp", "advcl", "relcl", "parataxis", "csubj"}
    keep: set[int] = set()
    stack = [trigger]
    while stack:
        node = stack.pop()
        keep.add(node)
        stack.extend(c.i for c in children(sentence, node) if c.dep not in stop)
    head = sentence.tokens[trigger]
    if head.dep in {"xcomp", "conj", "dobj"} and head.head != trigger:
        keep.update(c.i for c in children(sentence, head.head) if c.ent_type in {"DATE", "TIME"})
        for child in children(sentence, head.head):
            if child.dep in {"prep", "npadvmod"}:
                keep.update(g.i for g in children(sentence, child.i))
                keep.add(child.i)
    return keep
