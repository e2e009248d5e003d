"""Carry the actors of one story from sentence to sentence to resolve anaphora.

The coder makes one ``ActorContext`` per story, calls ``observe`` with each sentence's
mentions, and asks ``resolve_anaphor`` about a pronoun ("he"), a bare office ("the minister",
"the president", "the ministry") or a pair ("the two sides", "both countries").
Own rules: a pronoun takes the last person named; a bare office takes the last person who
held it (by the lexicon, on the story's date), else the last state actor's holder of it; a
pair takes the last two actors of different countries (or different persons for "leaders").
"""

from __future__ import annotations

from datetime import date

from polevents.actors.lexicon import ActorLexicon
from polevents.actors.model import actor_role
from polevents.actors.resolve import find_pieces
from polevents.types import Actor, ActorMention, ParsedSentence

__all__ = ["ActorContext"]

_PERSONAL = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
_NEUTER = frozenset({"it", "its"})
_PAIR_WORDS = frozenset({"two", "both"})
_PAIR_STATES = frozenset(
    {
        "sides",
        "countries",
        "nations",
        "governments",
        "states",
        "capitals",
        "neighbours",
        "neighbors",
        "parties",
        "allies",
        "rivals",
        "delegations",
    }
)
_PAIR_PEOPLE = frozenset({"leaders", "men", "women", "presidents", "ministers", "heads"})
_MEMORY = 30


class ActorContext:
    """The actors named so far in one story, most recent last."""

    def __init__(self, *, lexicon: ActorLexicon, on: date | None) -> None:
        self.lexicon = lexicon
        self.on = on
        self.history: list[Actor] = []

    def observe(self, mentions: list[ActorMention]) -> None:
        """Remember the resolved actors of a sentence (role-only mentions are skipped)."""
        for mention in mentions:
            if mention.actor.kind != "role":
                self.history.append(mention.actor)
        del self.history[:-_MEMORY]

    def resolve_anaphor(self, sentence: ParsedSentence, token_index: int) -> list[Actor]:
        """Return the actor(s) the phrase at ``token_index`` refers to; [] if unknown."""
        tokens = sentence.tokens
        word = tokens[token_index].text.lower()
        if word in _PERSONAL:
            return self._last(lambda a: a.kind == "person" or (a.name is not None and _is_gov(a)))
        if word in _NEUTER:
            return self._last(lambda a: a.kind in ("country", "igo", "group") and a.name != "")
        pair = self._pair(sentence, token_index)
        if pair is not None:
            return pair
        for piece in find_pieces(tokens, self.lexicon):
            if piece.start <= token_index < piece.end and piece.entry.kind == "role":
                return self._office(piece.entry.code or "GOV", piece.entry.title)
        return []

    def resolve_mentions(
        self, sentence: ParsedSentence, mentions: list[ActorMention]
    ) -> list[ActorMention]:
        """Replace role-only mentions ("the minister") with the actor they refer to."""
        resolved = []
        for mention in mentions:
            if mention.actor.kind == "role":
                found = self.resolve_anaphor(sentence, mention.end - 1)
                if len(found) == 1:
                    actor = found[0]
                    mention = ActorMention(
                        actor=Actor(
                            mention.actor.text,
                            actor.code,
                            actor.country,
                            actor.role,
                            actor.kind,
                            actor.name,
                        ),
                        start=mention.start,
                        end=mention.end,
                        rule=mention.rule + "+anaphor",
                    )
            resolved.append(mention)
        return resolved

    def _last(self, keep) -> list[Actor]:  # type: ignore[no-untyped-def]
        for actor in reversed(self.history):
            if keep(actor):
                return [actor]
        return []

    def _pair(self, sentence: ParsedSentence, index: int) -> list[Actor] | None:
        tokens = sentence.tokens
        lo, hi = max(0, index - 2), min(len(tokens), index + 3)
        words = [t.text.lower() for t in tokens[lo:hi]]
        for offset, word in enumerate(words[:-1]):
            noun = words[offset + 1]
            if word in _PAIR_WORDS and (noun in _PAIR_STATES or noun in _PAIR_PEOPLE):
                people = noun in _PAIR_PEOPLE
                return self._two(people=people)
        return None

    def _two(self, *, people: bool) -> list[Actor]:
        found: list[Actor] = []
        keys: set[str | None] = set()
        for actor in reversed(self.history):
            if people and actor.kind != "person":
                continue
            key = actor.name if people else (actor.country or actor.code)
            if key in keys:
                continue
            keys.add(key)
            found.append(actor)
            if len(found) == 2:
                return found[::-1]
        if people:
            return self._two(people=False)
        return []

    def _office(self, code: str, title: str | None) -> list[Actor]:
        for actor in reversed(self.history):
            if actor.kind == "person" and title and actor.name:
                person = self.lexicon.persons.get(actor.name)
                term = person.term_on(self.on) if person else None
                if term is not None and term.title == title:
                    return [actor]
            if actor.kind == "person" and not title and actor.role == actor_role(code):
                return [actor]
            if actor.kind in ("country", "person") and actor.country:
                if title:
                    holder = self.lexicon.holder(actor.country, title, self.on)
                    if holder is None:
                        continue
                    full = actor.country + code
                    return [
                        Actor(
                            holder.name,
                            full,
                            actor.country,
                            actor_role(full),
                            "person",
                            holder.name,
                        )
                    ]
                full = actor.country + code
                return [Actor(actor.country, full, actor.country, actor_role(full), "country")]
        return []


def _is_gov(actor: Actor) -> bool:
    return actor.role in ("GOV", "MIL", "OPP", "REB")
