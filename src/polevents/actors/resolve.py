"""Find the actors a sentence names and give each a CAMEO code and a country; pure.

A sentence is first cut into *pieces*: the longest lexicon alias starting at each token
(one dict probe per token). Adjacent pieces are then joined into one mention per noun phrase:

* anchor ['s] role* [person]  "Russian President Vladimir Putin", "China's top diplomat"
* role+ [person | name]       "President Putin", "opposition leader", "Foreign Minister X"
* role+ of/in place           "the president of Iran", "protesters in Tbilisi"
* person | anchor             "Putin", "the Kremlin", "Moscow", "Hamas", "the UN"

Anchors are countries, capitals, seats of power, demonyms, organisations and groups. A
demonym is an actor only with a role noun ("Russian troops") or used as a noun ("the
Chinese said"), never as the modifier of another noun ("Russian oil").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from polevents.actors.lexicon import ActorLexicon
from polevents.actors.model import Entry, actor_role
from polevents.types import Actor, ActorMention, ParsedSentence, Token

__all__ = ["Piece", "find_actors", "find_pieces", "resolve_text"]

_DETS = frozenset({"the", "a", "an", "his", "her", "its", "their"})
_MODIFIERS = frozenset(
    {"former", "senior", "acting", "new", "outgoing", "incoming", "interim", "visiting", "then"}
)
_FORMER = frozenset({"former", "then"})
_ANCHORS = frozenset({"country", "capital", "demonym", "people", "seat", "igo", "ngo", "group"})
_STATE_ANCHORS = frozenset({"country", "capital", "demonym", "people", "seat"})
_PLACE_PREPS = frozenset({"in", "from"})
_LOCATIVE = frozenset({"in", "at", "near", "inside", "outside"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|Jr\.|'s\b|\w+(?:-\d\w*|'(?!s\b)\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Piece:
    """A lexicon alias found over tokens ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    entry: Entry


def find_pieces(tokens: tuple[Token, ...], lexicon: ActorLexicon) -> list[Piece]:
    """Return the longest alias starting at each token, left to right, never overlapping."""
    pieces: list[Piece] = []
    i, n = 0, len(tokens)
    while i < n:
        found = None
        for alias in lexicon.index.get(tokens[i].text.lower(), ()):
            size = len(alias.tokens)
            if i + size <= n and all(
                _same(tokens[i + k].text, alias.tokens[k]) for k in range(size)
            ):
                found = Piece(i, i + size, alias.entry)
                break
        if found is None:
            i += 1
        else:
            pieces.append(found)
            i = found.end
    return pieces


def _same(text: str, alias: str) -> bool:
    """Compare a token with an alias token: acronyms exactly, names capitalised, words freely."""
    if text == alias:
        return True
    if text.lower() != alias.lower():
        return False
    if alias[0].isupper():
        return text.isupper() if len(alias) > 1 and alias.isupper() else text[0].isupper()
    return True


def find_actors(
    sentence: ParsedSentence, *, lexicon: ActorLexicon, on: date | None
) -> list[ActorMention]:
    """Return every actor mention of the sentence, in order and non-overlapping.

    Args:
        sentence: the parsed sentence.
        lexicon: the loaded actor lexicon.
        on: the story's date; it decides who held an office ("the Iranian president").
    """
    tokens = sentence.tokens
    pieces = find_pieces(tokens, lexicon)
    mentions: list[ActorMention] = []
    k, floor = 0, 0
    while k < len(pieces):
        mention, k = _compose(sentence, pieces, k, lexicon, on, floor)
        if mention is not None:
            mentions.append(mention)
            floor = mention.end
    return mentions


def resolve_text(text: str, *, lexicon: ActorLexicon, on: date | None) -> Actor | None:
    """Resolve one phrase ("Iranian Foreign Minister Abbas Araghchi") without a parse.

    Returns the actor of the longest mention in the phrase, or None.
    """
    tokens = []
    for i, match in enumerate(_WORD.finditer(text)):
        word = match.group()
        tokens.append(Token(i, word, word, "", "", "", i, match.start()))
    sentence = ParsedSentence(text=text, tokens=tuple(tokens))
    mentions = find_actors(sentence, lexicon=lexicon, on=on)
    if not mentions:
        return None
    return max(mentions, key=lambda m: m.end - m.start).actor


def _compose(
    sentence: ParsedSentence,
    pieces: list[Piece],
    k: int,
    lexicon: ActorLexicon,
    on: date | None,
    floor: int,
) -> tuple[ActorMention | None, int]:
    tokens = sentence.tokens
    n = len(tokens)
    first = pieces[k]
    anchor: Piece | None = None
    roles: list[Piece] = []
    person: Piece | None = None
    j, pos = k, first.start
    if first.entry.kind in _ANCHORS:
        anchor, j, pos = first, k + 1, first.end
        if pos < n and tokens[pos].text in ("'s", "'") and _next_starts(pieces, j, pos + 1):
            pos += 1
    while j < len(pieces) and pieces[j].start == pos and pieces[j].entry.kind == "role":
        roles.append(pieces[j])
        pos, j = pieces[j].end, j + 1
    if j < len(pieces) and pieces[j].start == pos and pieces[j].entry.kind == "person":
        person, pos, j = pieces[j], pieces[j].end, j + 1
    place: str | None = None
    if roles and anchor is None and person is None:
        tail = _role_tail(sentence, pieces, j, pos, lexicon)
        if tail is not None:
            place_piece, place, pos, j = tail
            if place_piece is not None:
                anchor = place_piece
    if roles and person is None:
        while pos < n and tokens[pos].ent_type == "PERSON" and tokens[pos].pos == "PROPN":
            pos += 1
    start = first.start
    while start - 1 >= floor and tokens[start - 1].text.lower() in _DETS | _MODIFIERS:
        start -= 1
    former = any(t.text.lower() in _FORMER for t in tokens[start : first.start])
    actor, pattern = _actor(sentence, anchor, roles, person, place, former, lexicon, on)
    if actor is None:
        return None, max(j, k + 1)
    used = [p for p in (anchor, *roles, person) if p is not None]
    rule = pattern + ":" + "+".join(p.entry.source for p in used)
    text = "".join(t.text + t.whitespace for t in tokens[start:pos]).strip()
    actor = Actor(
        text=text,
        code=actor.code,
        country=actor.country,
        role=actor.role,
        kind=actor.kind,
        name=actor.name,
    )
    return ActorMention(actor=actor, start=start, end=pos, rule=rule), max(j, k + 1)


def _next_starts(pieces: list[Piece], j: int, pos: int) -> bool:
    return j < len(pieces) and pieces[j].start == pos and pieces[j].entry.kind in ("role", "person")


def _role_tail(
    sentence: ParsedSentence, pieces: list[Piece], j: int, pos: int, lexicon: ActorLexicon
) -> tuple[Piece | None, str | None, int, int] | None:
    """Read "of [the] ANCHOR" or "in [the] PLACE" after a role; return (piece, country, end, j)."""
    tokens = sentence.tokens
    if pos >= len(tokens):
        return None
    word = tokens[pos].text.lower()
    after = pos + 1
    if after < len(tokens) and tokens[after].text.lower() == "the":
        after += 1
    if (
        word == "of"
        and j < len(pieces)
        and pieces[j].start == after
        and pieces[j].entry.kind in _ANCHORS - {"demonym"}
    ):
        return pieces[j], pieces[j].entry.country, pieces[j].end, j + 1
    if word in _PLACE_PREPS:
        for ent in sentence.entities:
            if ent.start == after and ent.label in ("GPE", "LOC"):
                place = lexicon.place_names.get(ent.text.lower().removeprefix("the "))
                if place is not None and place[1] is not None:
                    while j < len(pieces) and pieces[j].start < ent.end:
                        j += 1
                    return None, place[1], ent.end, j
    return None


def _actor(
    sentence: ParsedSentence,
    anchor: Piece | None,
    roles: list[Piece],
    person: Piece | None,
    place: str | None,
    former: bool,
    lexicon: ActorLexicon,
    on: date | None,
) -> tuple[Actor | None, str]:
    if person is not None:
        entry = person.entry
        code = entry.code_on(on)
        country = entry.country if entry.country and code.startswith(entry.country) else None
        if former and country and actor_role(code) == "GOV":
            code = country + "ELI"
        return _make(code, country, "person", entry.name), "person"
    role_code, title = _pick_role(roles)
    if anchor is not None and anchor.entry.kind in ("igo", "ngo", "group"):
        entry = anchor.entry
        return _make(entry.code_on(on), entry.country, entry.kind, entry.name), entry.kind
    iso = anchor.entry.country if anchor is not None else place
    if iso is not None and roles:
        code = iso + ("ELI" if former and role_code.startswith("GOV") else role_code)
        holder = lexicon.holder(iso, title, on) if title and not former else None
        name = holder.name if holder else None
        kind = anchor.entry.kind if anchor is not None else "place"
        return _make(code, iso, "country", name), f"{kind}+role"
    if anchor is not None and iso is not None:
        entry = anchor.entry
        if entry.kind == "demonym" and not _used_as_noun(sentence, anchor):
            return None, ""
        if entry.kind == "capital" and _after_locative(sentence, anchor.start):
            return None, ""  # "talks in Moscow": a place (see places.locate), not the state
        return _make(entry.code or iso, iso, "country", entry.name), entry.kind
    if roles and any(r.entry.standalone for r in roles):
        code = "ELI" if former and role_code.startswith("GOV") else role_code
        return _make(code, None, "role", None), "role"
    return None, ""


def _pick_role(roles: list[Piece]) -> tuple[str, str | None]:
    """Return the role code (the first one that is not plain GOV) and the first title."""
    codes = [r.entry.code or "" for r in roles]
    code = next((c for c in codes if c != "GOV"), codes[0] if codes else "")
    title = next((r.entry.title for r in roles if r.entry.title), None)
    return code, title


def _used_as_noun(sentence: ParsedSentence, piece: Piece) -> bool:
    """Return True for "the Chinese said" (a noun), False for "Russian oil" (a modifier)."""
    tokens = sentence.tokens
    last = tokens[piece.end - 1]
    if last.dep == "amod":
        return False
    if piece.end < len(tokens) and tokens[piece.end].pos in _NOUNS:
        return False
    return bool(last.dep)


def _after_locative(sentence: ParsedSentence, start: int) -> bool:
    before = start - 1
    while before >= 0 and sentence.tokens[before].text.lower() == "the":
        before -= 1
    return before >= 0 and sentence.tokens[before].text.lower() in _LOCATIVE


def _make(code: str, country: str | None, kind: str, name: str | None) -> Actor:
    return Actor(text="", code=code, country=country, role=actor_role(code), kind=kind, name=name)
