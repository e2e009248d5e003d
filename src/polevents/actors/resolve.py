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
_POSSESSIVE = frozenset({"'s", "'"})
_POSS_PRONOUNS = frozenset({"its", "their", "his", "her", "our"})
_CONJ = frozenset({"and", "or", ",", "&"})
# Words between a country and its body: "North Korea's official KCNA news agency".
_GAP_DEPS = frozenset({"amod", "compound", "nmod", "nummod"})
_MAX_GAP = 3
_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|Jr\.|'s\b|\w+(?:-\d\w*|'(?!s\b)\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Piece:
    """A lexicon alias found over tokens ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    entry: Entry


def find_pieces(tokens: tuple[Token, ...], lexicon: ActorLexicon) -> list[Piece]:
    """Return the longest alias starting at each token, left to right, never overlapping.

    A token matches an alias word as written, or in another case: acronyms in capitals,
    capitalised names capitalised, other words freely. Each token is normalised once, not
    once per alias it is compared with, and the test is written out in the loop (a
    function call per pair was most of the time of this fifth of coding).
    """
    pieces: list[Piece] = []
    texts = [_plain(token.text) for token in tokens]
    lowered = [text.lower() for text in texts]
    index = lexicon.index
    i, n = 0, len(tokens)
    while i < n:
        found = None
        for alias in index.get(lowered[i], ()):
            size = len(alias.tokens)
            if i + size > n:
                continue
            for k, word in enumerate(alias.tokens):
                text = texts[i + k]
                if text == word:
                    continue
                if lowered[i + k] != word.lower():
                    break
                if word[0].isupper() and not (
                    text.isupper() if len(word) > 1 and word.isupper() else text[0].isupper()
                ):
                    break
            else:
                found = Piece(i, i + size, alias.entry)
                break
        if found is None:
            i += 1
        else:
            pieces.append(found)
            i = found.end
    return pieces


def _plain(text: str) -> str:
    """Write typographic apostrophes as ASCII ("Algeria’s" -> "Algeria's")."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


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
    if _is_hyphen_modifier(tokens, first.end):
        return None, k + 1  # "army-led government", "US-brokered truce": a modifier
    anchor: Piece | None = None
    roles: list[Piece] = []
    person: Piece | None = None
    shared: Piece | None = None
    j, pos = k, first.start
    if first.entry.kind in _ANCHORS:
        anchor, j, pos = first, k + 1, first.end
        shared = _shared_role(sentence, pieces, k)
        if shared is not None:  # "Indian and Pakistani troops": Indian troops, own mention
            roles.append(shared)
        else:
            if pos < n and _plain(tokens[pos].text) in _POSSESSIVE:
                pos += 1
            pos = _skip_gap(sentence, pieces, j, pos, anchor=anchor)
            if pos != first.end and not _next_starts(pieces, j, pos, anchor=anchor):
                pos = first.end
    while (
        shared is None
        and j < len(pieces)
        and pieces[j].start == pos
        and _is_role(pieces[j], anchor)
    ):
        roles.append(pieces[j])
        pos, j = pieces[j].end, j + 1
        gap = _skip_gap(sentence, pieces, j, pos, anchor=anchor)
        if (
            gap != pos
            and j < len(pieces)
            and pieces[j].start == gap
            and _is_role(pieces[j], anchor)
        ):
            pos = gap
    if j < len(pieces) and pieces[j].start == pos and pieces[j].entry.kind == "person":
        person, pos, j = pieces[j], pieces[j].end, j + 1
    start = first.start
    while start - 1 >= floor and tokens[start - 1].text.lower() in _DETS | _MODIFIERS:
        start -= 1
    owned = any(t.text.lower() in _POSS_PRONOUNS for t in tokens[start : first.start])
    place: str | None = None
    if roles and anchor is None and person is None:
        tail = _role_tail(sentence, pieces, j, pos, lexicon, posted=owned or _posted(roles))
        if tail is not None:
            place_piece, place, pos, j = tail
            if place_piece is not None:
                anchor = place_piece
    if roles and person is None:
        while pos < n and tokens[pos].ent_type == "PERSON" and tokens[pos].pos == "PROPN":
            pos += 1
    former = any(t.text.lower() in _FORMER for t in tokens[start : first.start])
    actor, pattern = _actor(sentence, anchor, roles, person, place, former, lexicon, on)
    if actor is None:
        return None, max(j, k + 1)
    used = [p for p in (anchor, *roles, person) if p is not None]
    rule = pattern + ":" + "+".join(p.entry.source for p in used)
    if shared is not None:
        pos, j = first.end, k + 1
        rule = "shared-" + rule
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


def _is_role(piece: Piece, anchor: Piece | None) -> bool:
    """A role word, or after a state a body named like a seat ("Pakistan's Foreign Office")."""
    kind = piece.entry.kind
    return kind == "role" or (
        kind == "seat" and anchor is not None and anchor.entry.kind in _STATE_ANCHORS
    )


def _role_code(piece: Piece) -> str:
    """The role part of a role or seat entry ("GBRGOV" seat -> "GOV")."""
    code = piece.entry.code or ""
    return code[3:] if piece.entry.kind == "seat" else code


def _posted(roles: list[Piece]) -> bool:
    return any(r.entry.posted for r in roles)


def _is_hyphen_modifier(tokens: tuple[Token, ...], end: int) -> bool:
    return (
        end + 1 < len(tokens)
        and tokens[end].text == "-"
        and not tokens[end - 1].whitespace
        and not tokens[end].whitespace
    )


def _skip_gap(
    sentence: ParsedSentence, pieces: list[Piece], j: int, pos: int, *, anchor: Piece | None
) -> int:
    """Skip up to three modifiers before a role ("Iran's nuclear negotiators"); else ``pos``."""
    tokens = sentence.tokens
    if j >= len(pieces):
        return pos
    nxt = pieces[j].start
    if nxt <= pos or nxt - pos > _MAX_GAP or not _is_role(pieces[j], anchor):
        return pos
    for token in tokens[pos:nxt]:
        if token.dep not in _GAP_DEPS or token.head < nxt or token.head >= pieces[j].end:
            return pos
    return nxt


def _shared_role(sentence: ParsedSentence, pieces: list[Piece], k: int) -> Piece | None:
    """Return the role a coordinated adjective shares: "Indian and Pakistani troops" gives
    Indian the troops; "Polish and allied aircraft" gives Polish the aircraft."""
    tokens = sentence.tokens
    first = pieces[k]
    if first.entry.kind != "demonym" and not (
        first.entry.kind == "country" and tokens[first.end - 1].dep in _GAP_DEPS
    ):
        return None
    pos, j = first.end, k + 1
    if pos >= len(tokens) or tokens[pos].text.lower() not in _CONJ:
        return None
    limit = pos + 8
    while pos < min(limit, len(tokens)):
        if j < len(pieces) and pieces[j].start == pos:
            kind = pieces[j].entry.kind
            if kind == "role":
                return pieces[j] if tokens[pos - 1].text.lower() not in _CONJ else None
            if kind not in ("demonym", "country"):
                return None
            pos, j = pieces[j].end, j + 1
            continue
        token = tokens[pos]
        if token.text.lower() not in _CONJ and token.pos not in ("ADJ", "VERB"):
            return None
        pos += 1
    return None


def _next_starts(pieces: list[Piece], j: int, pos: int, *, anchor: Piece | None = None) -> bool:
    return (
        j < len(pieces)
        and pieces[j].start == pos
        and (pieces[j].entry.kind == "person" or _is_role(pieces[j], anchor))
    )


def _role_tail(
    sentence: ParsedSentence,
    pieces: list[Piece],
    j: int,
    pos: int,
    lexicon: ActorLexicon,
    *,
    posted: bool,
) -> tuple[Piece | None, str | None, int, int] | None:
    """Read "of [the] ANCHOR" or "in [the] PLACE" after a role; return (piece, country, end, j).

    A posted role ("ambassador", "embassy") or an owned one ("its troops") is only where it
    serves: "in PLACE" does not give its country."""
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
    if word in _PLACE_PREPS and not posted:
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
    codes = [_role_code(r) for r in roles]
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
