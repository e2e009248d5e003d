"""Predicate patterns: which verb (or event noun) in a parse is which CAMEO code.

Patterns live in ``data/lexicons/verbs/verbs.yaml``; ``load_patterns`` validates
them against the codebook, and ``match_verb`` / ``match_noun`` pick the most
specific pattern that fits a token of a ``ParsedSentence``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from polevents.coding.codebook import Codebook, load_codebook
from polevents.errors import LexiconError
from polevents.types import ParsedSentence, Token

PREP_DEPS = frozenset({"prep", "agent", "dative"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class VerbPattern:
    verb: str
    code: str
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    symmetric: bool = False
    embeds_intent: bool = False
    alone: str | None = None  # the code when an embedding verb governs no clause
    topic: bool = False  # the object is what is talked about, not a partner ("discussed Taiwan")

    @property
    def specificity(self) -> int:
        return 4 * bool(self.particle) + 2 * bool(self.objects) + bool(self.preps)

    @property
    def rule(self) -> str:
        parts = [self.verb]
        if self.particle:
            parts.append(self.particle)
        if self.objects:
            parts.append("+obj")
        if self.preps:
            parts.append("+" + "|".join(sorted(self.preps)))
        return "verb:" + " ".join(parts) + f"->{self.code}"


@dataclass(frozen=True, slots=True)
class NounPattern:
    noun: str
    code: str
    symmetric: bool = False

    @property
    def rule(self) -> str:
        return f"noun:{self.noun}->{self.code}"


@dataclass(frozen=True, slots=True)
class PatternLexicon:
    verbs: dict[str, tuple[VerbPattern, ...]]
    nouns: dict[str, NounPattern]
    light_verbs: frozenset[str]
    version: str
    intent_lemmas: frozenset[str] = frozenset()  # verbs whose clause is not coded as happened


@dataclass(frozen=True, slots=True)
class Match:
    """A pattern that fired on the token ``trigger`` of a sentence."""

    trigger: int
    code: str
    symmetric: bool
    rule: str
    embeds_intent: bool = False
    noun: int | None = None  # the event noun when a light verb carries it
    preps: frozenset[str] = frozenset()  # prepositions the pattern names: targets look there first
    specific: bool = False  # the pattern names a particle, an object or a preposition
    alone: str | None = None  # the code when the embedding verb governs no clause
    topic: bool = False  # the verb's object is a topic, never the target


@lru_cache(maxsize=4)
def load_patterns(path: Path | None = None, codebook: Codebook | None = None) -> PatternLexicon:
    """Load and validate the predicate patterns.

    Raises:
        LexiconError: an entry is malformed or names a code the codebook lacks.
    """
    book = codebook or load_codebook()
    if path is None:
        ref = resources.files("polevents.data.lexicons.verbs").joinpath("verbs.yaml")
        text, name = ref.read_text("utf-8"), "verbs.yaml"
    else:
        text, name = path.read_text("utf-8"), path.name
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{name}: {exc}") from exc
    if not isinstance(doc, dict) or not doc.get("version") or not doc.get("source"):
        raise LexiconError(f"{name}: needs 'version' and 'source'")
    verbs: dict[str, list[VerbPattern]] = {}
    for n, entry in enumerate(doc.get("verbs") or [], 1):
        pattern = _verb_pattern(entry, f"{name}: verbs[{n}]", book)
        verbs.setdefault(pattern.verb, []).append(pattern)
    nouns: dict[str, NounPattern] = {}
    for n, entry in enumerate(doc.get("nouns") or [], 1):
        noun = _noun_pattern(entry, f"{name}: nouns[{n}]", book)
        if noun.noun in nouns:
            raise LexiconError(f"{name}: nouns[{n}]: duplicate noun {noun.noun!r}")
        nouns[noun.noun] = noun
    ordered = {
        verb: tuple(sorted(items, key=lambda p: -p.specificity)) for verb, items in verbs.items()
    }
    _check_ambiguity(ordered, name)
    light = frozenset(str(v) for v in doc.get("light_verbs") or [])
    intent = frozenset(v for v, items in ordered.items() if any(p.embeds_intent for p in items))
    return PatternLexicon(ordered, nouns, light, str(doc["version"]), intent)


def _verb_pattern(entry: Any, where: str, book: Codebook) -> VerbPattern:
    if not isinstance(entry, dict) or "verb" not in entry or "code" not in entry:
        raise LexiconError(f"{where}: needs 'verb' and 'code'")
    unknown = set(entry) - {
        "verb",
        "code",
        "particle",
        "object",
        "prep",
        "symmetric",
        "embeds",
        "alone",
        "topic",
    }
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
    code = str(entry["code"])
    alone = str(entry["alone"]) if entry.get("alone") else None
    for value in (code, alone):
        if value is not None and value not in book:
            raise LexiconError(f"{where}: code {value!r} is not in the CAMEO codebook")
    for key in ("particle", "object", "prep"):
        values = entry.get(key)
        values = values if isinstance(values, list) else [values] if values is not None else []
        if any(not isinstance(v, str) for v in values):
            raise LexiconError(f"{where}: {key} values must be strings (quote on/off/yes/no)")
    embeds = entry.get("embeds")
    if embeds not in (None, "intent"):
        raise LexiconError(f"{where}: embeds must be 'intent'")
    return VerbPattern(
        verb=str(entry["verb"]).lower(),
        code=code,
        particle=str(entry["particle"]).lower() if entry.get("particle") else None,
        objects=frozenset(str(o).lower() for o in entry.get("object") or []),
        preps=frozenset(str(p).lower() for p in entry.get("prep") or []),
        symmetric=bool(entry.get("symmetric", False)),
        embeds_intent=embeds == "intent",
        alone=alone,
        topic=bool(entry.get("topic", False)),
    )


def _noun_pattern(entry: Any, where: str, book: Codebook) -> NounPattern:
    if not isinstance(entry, dict) or "noun" not in entry or "code" not in entry:
        raise LexiconError(f"{where}: needs 'noun' and 'code'")
    code = str(entry["code"])
    if code not in book:
        raise LexiconError(f"{where}: code {code!r} is not in the CAMEO codebook")
    return NounPattern(str(entry["noun"]).lower(), code, bool(entry.get("symmetric", False)))


def _check_ambiguity(verbs: dict[str, tuple[VerbPattern, ...]], name: str) -> None:
    for verb, items in verbs.items():
        seen: dict[tuple[Any, ...], str] = {}
        for p in items:
            key = (p.particle, p.objects, p.preps)
            if key in seen and seen[key] != p.code:
                raise LexiconError(f"{name}: verb {verb!r} has two codes for the same shape")
            seen[key] = p.code


def children(sentence: ParsedSentence, index: int) -> list[Token]:
    """Tokens whose head is ``index`` (the root, its own head, is not its child)."""
    if sentence.children_of:
        return [sentence.tokens[i] for i in sentence.children_of[index]]
    return [t for t in sentence.tokens if t.head == index and t.i != index]


def object_lemmas(sentence: ParsedSentence, verb: int) -> set[str]:
    """Lemmas of the verb's objects, with their compounds ("war game", "air defense")."""
    lemmas: set[str] = set()
    for child in children(sentence, verb):
        if child.dep in OBJECT_DEPS or (child.dep == "prep" and child.lemma in {"in", "on"}):
            heads = [child] if child.dep != "prep" else []
            if child.dep == "prep":
                heads = [c for c in children(sentence, child.i) if c.dep == "pobj"]
            for head in heads:
                lemmas.update(_noun_forms(sentence, head))
                for of in children(sentence, head.i):  # "a round of talks", "a batch of tanks"
                    if of.dep == "prep" and of.lemma.lower() == "of":
                        for pobj in children(sentence, of.i):
                            if pobj.dep == "pobj":
                                lemmas.update(_noun_forms(sentence, pobj))
                for conj in children(sentence, head.i):
                    if conj.dep == "conj":
                        lemmas.update(_noun_forms(sentence, conj))
    return lemmas


def _noun_forms(sentence: ParsedSentence, noun: Token) -> set[str]:
    lemma = noun.lemma.lower()
    forms = {lemma, noun.text.lower()}
    for child in children(sentence, noun.i):
        if child.dep == "compound" and child.i == noun.i - 1:
            forms.add(f"{child.lemma.lower()} {lemma}")
            forms.add(f"{child.text.lower()} {lemma}")
    return forms


def match_verb(sentence: ParsedSentence, index: int, lexicon: PatternLexicon) -> Match | None:
    """Return the most specific verb pattern that fits token ``index``, if any."""
    token = sentence.tokens[index]
    candidates = lexicon.verbs.get(token.lemma.lower())
    if not candidates or (token.pos not in {"VERB", "AUX"} and token.tag != "VBN"):
        return None
    kids = children(sentence, index)
    particles = {c.lemma.lower() for c in kids if c.dep == "prt"}
    preps = {c.lemma.lower() for c in kids if c.dep in PREP_DEPS and not _is_time(sentence, c)}
    objects = object_lemmas(sentence, index)
    for pattern in candidates:
        if pattern.particle and pattern.particle not in particles | preps:
            continue
        if not pattern.particle and particles - {"up"}:
            continue
        if pattern.objects and not pattern.objects & objects:
            continue
        if pattern.preps and not pattern.preps & preps:
            continue
        return Match(
            index,
            pattern.code,
            pattern.symmetric,
            pattern.rule,
            pattern.embeds_intent,
            preps=pattern.preps,
            specific=pattern.specificity > 0,
            alone=pattern.alone,
            topic=pattern.topic,
        )
    return None


def _is_time(sentence: ParsedSentence, prep: Token) -> bool:
    """ "on Wednesday", "in March": a time phrase, not the preposition of a phrasal verb."""
    return any(
        c.dep == "pobj" and c.ent_type in {"DATE", "TIME"} for c in children(sentence, prep.i)
    )


def match_noun(sentence: ParsedSentence, index: int, lexicon: PatternLexicon) -> Match | None:
    """Return the event-noun pattern for token ``index`` (with its compound, if any)."""
    token = sentence.tokens[index]
    if token.pos not in {"NOUN", "PROPN"}:
        return None
    for form in sorted(_noun_forms(sentence, token), key=len, reverse=True):
        pattern = lexicon.nouns.get(form)
        if pattern:
            return Match(index, pattern.code, pattern.symmetric, pattern.rule, noun=index)
    return None
