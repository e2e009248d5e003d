"""A single word that names a country: "Egyptian", "Tehran", "Philippine".

``find_actors`` leaves a nationality adjective alone when it modifies a thing ("three
Egyptian engineers", "Iranian air defence sites"); the coder still needs to know that such
an object belongs to Egypt or Iran when it is the target of an act.
"""

from __future__ import annotations

import re
from datetime import date

from polevents.actors.lexicon import ActorLexicon
from polevents.types import Actor, ParsedSentence, Token

_COUNTRY_KINDS = frozenset({"country", "demonym", "capital", "people"})


def country_of_name(word: str, *, lexicon: ActorLexicon) -> Actor | None:
    """The country one word names (demonym, country or capital), as a country-level actor."""
    key = word.strip().lower()
    for alias in lexicon.index.get(key, ()):
        entry = alias.entry
        single = len(alias.tokens) == 1 and alias.tokens[0].lower() == key
        if single and entry.country and entry.kind in _COUNTRY_KINDS:
            return Actor(
                text=word,
                code=entry.country,
                country=entry.country,
                kind="country",
                name=entry.name,
            )
    return None


def country_of_place(name: str, *, lexicon: ActorLexicon) -> Actor | None:
    """The country a place name lies in ("Kharkiv" -> Ukraine), for targets of attacks."""
    place = lexicon.place_names.get(name.strip().lower().removeprefix("the "))
    if place is None or place[1] is None:
        return None
    return Actor(text=name, code=place[1], country=place[1], kind="country", name=place[0])


def countries_in_text(text: str, *, lexicon: ActorLexicon, on: date | None) -> list[str]:
    """Countries a short text such as a headline names, in order, without a parse."""
    from polevents.actors.resolve import find_actors

    tokens = tuple(
        Token(i, m.group(), m.group(), "", "", "", i, m.start())
        for i, m in enumerate(re.finditer(r"[\w'’.-]+|[^\w\s]", text))
    )
    sentence = ParsedSentence(text=text, tokens=tokens)
    return [
        m.actor.country for m in find_actors(sentence, lexicon=lexicon, on=on) if m.actor.country
    ]
