"""Code one parsed sentence into events: who did what to whom, and when.

Pure: the sentence, its actor mentions, the lexicons and the publication date
come in as arguments. The source is the subject of the predicate (the agent of
a passive), the target its object or prepositional object ("with X", "against
X", "to X"); an intent verb ("agreed to deepen ties with X") is coded as the
intent, a light verb's object noun ("launched strikes on X") as the noun's event.
Anything ``modality.assess`` does not find asserted is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from polevents.coding.codebook import Codebook
from polevents.coding.modality import Modality, assess, is_conditional_act, is_offered_act
from polevents.coding.patterns import Match, PatternLexicon, children, match_noun, match_verb
from polevents.coding.timing import NotNow, event_date
from polevents.types import Actor, ActorMention, ParsedSentence, Token

# (sentence, token index) -> the actors a pronoun or "the two sides" stands for.
Anaphora = Callable[[ParsedSentence, int], list[Actor]]
# A bare name or adjective ("Philippine", "Tehran") -> its actor, if the lexicon knows it.
NameActor = Callable[[str], Actor | None]

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
# The subject's own people or posts: "recalled their ambassadors from Algiers".
_POSTED = frozenset(
    {
        "ambassador",
        "envoy",
        "diplomat",
        "embassy",
        "consulate",
        "troop",
        "force",
        "soldier",
        "staff",
        "citizen",
        "national",
        "mission",
        "delegation",
        "representative",
    }
)
_PAIR_WORDS = frozenset({"two", "both", "three"})
_HELD_OUT = frozenset({Modality.POSSIBLE, Modality.SCHEDULED})  # "could", "prepared to"
_DOMESTIC_ROLES = frozenset({"REB", "OPP", "CVL", "INS", "SEP", "EDU", "LAB", "REF", "MED"})
_ABOUT = frozenset({"to", "over", "against", "about"})
_ACCEPTING = frozenset({"recognise", "recognize", "accept", "acknowledge", "endorse"})
_SAYING = frozenset({"say", "tell", "insist", "stress", "add", "declare", "state"})
_MEANS_PREPS = frozenset({"by", "after", "before", "while", "upon", "on", "in"})
_BOUND = frozenset({"it", "they", "he", "she", "we"})  # pronouns bound by a reporting subject
TARGET_PREPS = (
    "with",
    "against",
    "to",
    "on",
    "at",
    "toward",
    "towards",
    "into",
    "over",
    "upon",
    "between",
    "from",
)
NOUN_TARGET_PREPS = ("of", *TARGET_PREPS, "for")
# Dependencies that stay inside one noun phrase when we look for its actor.
_NP_DEPS = frozenset(
    {"compound", "amod", "poss", "appos", "conj", "nmod", "nummod", "prep", "pobj", "npadvmod"}
)
_NP_PREPS = frozenset({"of", "for", "from", "between"})
_OWNED_BY = frozenset({"belong", "link", "tie", "connect", "own", "operate", "affiliate"})
# Acts against a place are acts against its country ("struck a refinery in Saratov").
_ATTACK_ROOTS = frozenset({"08", "14", "15", "16", "17", "18", "19", "20"})
_PLACE_PREPS = frozenset({"in", "near", "outside", "off"})
# Ships, troops and aircraft that "arrive" somewhere show force (CAMEO 15), not a visit.
_FORCE_NOUNS = frozenset(
    {
        "destroyer",
        "warship",
        "ship",
        "vessel",
        "carrier",
        "submarine",
        "frigate",
        "troop",
        "force",
        "soldier",
        "jet",
        "bomber",
        "aircraft",
        "warplane",
        "fleet",
        "navy",
        "group",
    }
)
_NAME_ENTS = frozenset({"NORP", "GPE"})
_INTENT_REFINE = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
_THREAT_REFINE = {"15": "138", "18": "138", "19": "138", "20": "138", "16": "131", "17": "137"}
# Reactions: criticism, rejection, denial. Aimed, when no target is named, at the author of
# the latest action reported before them.
REACTIVE_ROOTS = frozenset({"10", "11", "12", "13", "15"})
# Answers to an earlier act whatever their root: accepting an invitation, welcoming a move.
REACTIVE_LEMMAS = frozenset({"accept", "welcome"})
REACTIVE_CODES = frozenset({"016"})


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
class PriorAct:
    """An earlier act of the story: who did it and the words that named it."""

    actor: Actor
    words: frozenset[str]

    def names(self, word: str) -> bool:
        """Does ``word`` name this act ("deliveries" the act "delivered")?"""
        stem = word.lower()[:5]
        return len(stem) >= 4 and any(w.lower().startswith(stem) for w in self.words)


@dataclass(frozen=True, slots=True)
class _Side:
    actors: tuple[Actor, ...]
    anaphoric: bool = False


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence with what role-finding needs to look up actors in it."""

    parsed: ParsedSentence
    by_token: dict[int, ActorMention]
    anaphora: Anaphora | None
    name_actor: NameActor | None
    place_actor: NameActor | None = None
    places: bool = False  # may a place name stand for its country (targets of attacks)?
    source_countries: frozenset[str] = frozenset()  # a target is never the source itself
    titles: dict[int, ActorMention] = field(default_factory=dict)  # role-only mentions
    story_countries: tuple[str, ...] = ()  # the story's countries, most mentioned first
    guess_alone: bool = True  # may a lone unknown official be placed in a story country?
    patterns: PatternLexicon | None = None

    def kids(self, index: int) -> list[Token]:
        return children(self.parsed, index)

    def token(self, index: int) -> Token:
        return self.parsed.tokens[index]


def code_sentence(
    sentence: ParsedSentence,
    *,
    mentions: list[ActorMention],
    patterns: PatternLexicon,
    codebook: Codebook,
    published: date | None,
    anaphora: Anaphora | None = None,
    recent: Sequence[Actor] = (),
    acts: Sequence[PriorAct] = (),
    name_actor: NameActor | None = None,
    place_actor: NameActor | None = None,
    where: str | None = None,
    story_countries: Sequence[str] = (),
) -> list[SentenceEvent]:
    """Return the events that ``sentence`` asserts, most specific pattern per dyad and root.

    ``acts`` lists the authors of the story's earlier acts (not reactions), latest last, and
    ``recent`` the actors it named: a reaction with no named target ("Baku rejected the
    claim") is aimed at the latest act of another country, else the latest other actor.
    A pledge in the future ("will provide", "said it would send") is coded as the intent.
    ``name_actor`` and ``place_actor`` give the country a word or a place name stands for;
    ``where`` is the country the sentence happens in (protesters with no name are its
    civilians). ``story_countries`` (most mentioned first) place a titled official the
    lexicon does not know ("Foreign Minister Anita Anand") in the story's other country.
    """
    if not mentions and anaphora is None:
        return []
    intent_lemmas = patterns.intent_lemmas
    named = [m for m in mentions if is_usable(m.actor)]
    by_token = {i: m for m in named for i in range(m.start, m.end)}
    titles = {i: m for m in mentions if not is_usable(m.actor) for i in range(m.start, m.end)}
    ctx = _Sentence(
        sentence,
        by_token,
        anaphora,
        name_actor,
        place_actor,
        titles=titles,
        story_countries=tuple(story_countries),
        patterns=patterns,
    )
    found: dict[tuple[str, str | None, str], SentenceEvent] = {}
    for match in _matches(ctx, patterns):
        modality = assess(sentence, match.trigger, intent_lemmas=intent_lemmas)
        coded: Match | None = match
        if modality is Modality.FUTURE:
            coded = _as_intent(match)
        elif modality in _HELD_OUT:
            coded = None
            if is_conditional_act(sentence, match.trigger):
                coded = _as_threat(match)  # "prepared to reimpose sanctions unless ..."
            offered = match.code[:2] in _INTENT_REFINE or match.code[:2] == "03"
            if coded is None and offered and is_offered_act(sentence, match.trigger):
                coded = _as_intent(match)  # "said Azerbaijan was ready to sign a gas deal"
        elif modality is Modality.NEGATED and _is_acceptance(sentence, match):
            coded = replace(match, code="120", rule=f"{match.rule}+negated")  # "did not recognise"
        elif modality is not Modality.ASSERTED:
            continue
        if coded is None:
            continue
        when = event_date(sentence, coded.trigger, published)
        if isinstance(when, NotNow):
            continue
        events = _events_for(ctx, coded, patterns, codebook, when, where)
        lemma = sentence.tokens[coded.trigger].lemma.lower()
        if is_reaction(coded.code, lemma) and all(e.target is None for e in events):
            events = _reaction(ctx, coded, recent, acts, when) or events
        for event in events:
            key = (event.source.code, event.target.code if event.target else None, event.code[:2])
            if key not in found or len(event.code) > len(found[key].code):
                found[key] = event
    return _without_echoes(list(found.values()))


def _without_echoes(events: list[SentenceEvent]) -> list[SentenceEvent]:
    """Drop a target-less event that another event of the sentence already says with its
    target ("met China's top diplomat ... to discuss": one consultation, not two)."""
    aimed = {(e.source.code, e.code[:2]) for e in events if e.target is not None}
    return [e for e in events if e.target is not None or (e.source.code, e.code[:2]) not in aimed]


def is_usable(actor: Actor) -> bool:
    """A role with no country ("the military", "officials") names nobody: anaphora may."""
    return actor.country is not None or actor.kind != "role"


def _is_acceptance(sentence: ParsedSentence, match: Match) -> bool:
    """Refusing to recognise or accept is a rejection (CAMEO 12)."""
    return sentence.tokens[match.trigger].lemma.lower() in _ACCEPTING


def _as_threat(match: Match) -> Match | None:
    """A negative act an actor holds out under a condition is a threat (CAMEO 13)."""
    code = _THREAT_REFINE.get(match.code[:2])
    if code is None:
        return None
    return replace(match, code=code, rule=f"{match.rule}+conditional", embeds_intent=False)


def _as_intent(match: Match) -> Match | None:
    """A cooperative act announced for the future is an intent (03); force, a threat (13)."""
    root = match.code[:2]
    if root in _INTENT_REFINE:
        code = _INTENT_REFINE[root]
    elif root in _THREAT_REFINE:
        code = _THREAT_REFINE[root]
    else:  # an intent to intend, a future statement or demand: nothing has happened
        return None
    return replace(match, code=code, rule=f"{match.rule}+future", embeds_intent=False)


def _matches(ctx: _Sentence, patterns: PatternLexicon) -> Iterable[Match]:
    for token in ctx.parsed.tokens:
        if token.i in ctx.by_token:
            continue
        appeal = _reported_appeal(ctx, token)
        if appeal is not None:
            yield appeal
            continue
        verb = match_verb(ctx.parsed, token.i, patterns)
        if verb and not _defers_to_noun(ctx, verb, patterns):
            yield verb
            continue
        noun = match_noun(ctx.parsed, token.i, patterns) if token.pos in {"NOUN", "PROPN"} else None
        if noun and _noun_is_event(ctx, token, patterns):
            yield noun


def _reported_appeal(ctx: _Sentence, token: Token) -> Match | None:
    """ "X said Washington should stop ...": a statement of what another should do is an
    appeal (CAMEO 02) to the subject of the reported clause."""
    if token.lemma.lower() not in _SAYING or token.pos != "VERB":
        return None
    for clause in ctx.kids(token.i):
        auxes = {k.text.lower() for k in ctx.kids(clause.i) if k.dep == "aux"}
        if clause.dep == "ccomp" and auxes & {"should", "must"}:
            return Match(
                token.i, "020", False, f"verb:{token.lemma} + should->020", embeds_intent=True
            )
    return None


def _defers_to_noun(ctx: _Sentence, verb: Match, patterns: PatternLexicon) -> bool:
    """A bare light verb ("ordered the expulsion") lets its event-noun object speak."""
    if verb.specific or ctx.token(verb.trigger).lemma.lower() not in patterns.light_verbs:
        return False
    return any(
        k.dep == "dobj" and match_noun(ctx.parsed, k.i, patterns) for k in ctx.kids(verb.trigger)
    )


def _noun_is_event(ctx: _Sentence, noun: Token, patterns: PatternLexicon) -> bool:
    """An event noun counts as the object of a light verb, or with its own actor modifier."""
    head = ctx.token(noun.head)
    if noun.dep in {"dobj", "attr", "nsubjpass"} and head.lemma.lower() in patterns.light_verbs:
        verb = match_verb(ctx.parsed, head.i, patterns)
        return verb is None or _defers_to_noun(ctx, verb, patterns)
    return noun.dep in {"nsubj", "ROOT"} and any(
        k.dep in {"poss", "amod", "compound"} and k.ent_type in {"NORP", "GPE", "ORG"}
        for k in ctx.kids(noun.i)
    )


def _events_for(
    ctx: _Sentence,
    match: Match,
    patterns: PatternLexicon,
    codebook: Codebook,
    when: date | None,
    where: str | None = None,
) -> list[SentenceEvent]:
    code = match.code
    predicate = ctx.token(match.trigger)
    verb = predicate.head if match.noun is not None and predicate.dep != "nsubj" else match.trigger
    embedded = _embedded_clause(ctx, match.trigger) if match.embeds_intent else None
    if match.embeds_intent and embedded is None and match.alone:
        code = match.alone  # "Wang called on Prime Minister Modi": a visit, not an appeal
    if embedded is not None and code[:2] in {"03", "13"}:
        code = _refine_intent(ctx, embedded, code, patterns)
    source = _source(ctx, verb, match)
    if code[:2] == "14" and where and _unnamed(source):
        source = _Side((Actor("protesters", f"{where}CVL", where, "CVL", "group"),))
    if code[:2] == "04" and source and _force_moves(ctx, verb):
        code = "150"  # "three US Navy destroyers arrived off Venezuela's coast"
    attack = code[:2] in _ATTACK_ROOTS
    own = frozenset(a.country for a in source.actors if a.country) if source else frozenset()
    target = _target(replace(ctx, places=attack, source_countries=own), match, verb, embedded)
    if target is None and source is not None:
        target = _domestic_group(ctx, verb, own, where)
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
        anaphoric = source.anaphoric or target.anaphoric
        targets = [
            t for t in target.actors if _distinct(src, t, anaphoric=anaphoric) and _fits(code, t)
        ]
        if target.actors and not targets:
            continue
        if code == "010" and (target.anaphoric or not targets):
            continue  # "X told parliament": a statement needs a named addressee
        targets = targets or [None]
        for tgt in targets:
            events.append(
                SentenceEvent(
                    src,
                    tgt,
                    code,
                    match.symmetric,
                    match.rule,
                    match.trigger,
                    when,
                    anaphoric,
                )
            )
    return events


def _domestic_group(
    ctx: _Sentence, verb: int, own: frozenset[str], where: str | None
) -> _Side | None:
    """An unnamed group acted on at home ("forces gassed rebels in Douma"): rebels,
    opposition, civilians of the place the sentence happens in, else of the source's country."""
    for child in ctx.kids(verb):
        if child.dep not in {"dobj", "nsubjpass"} or child.i not in ctx.titles:
            continue
        group = ctx.titles[child.i].actor
        country = where or (next(iter(own)) if len(own) == 1 else None)
        if group.role in _DOMESTIC_ROLES and country:
            return _Side(
                (Actor(group.text, f"{country}{group.code}", country, group.role, "group"),)
            )
    return None


def _force_moves(ctx: _Sentence, verb: int) -> bool:
    subjects = [c for c in ctx.kids(verb) if c.dep in SUBJECT_DEPS]
    return any(s.lemma.lower() in _FORCE_NOUNS for s in subjects)


def _unnamed(side: _Side | None) -> bool:
    """No one named: protesters, students, crowds (whoever context would guess)."""
    return side is None or side.anaphoric or all(a.kind == "role" for a in side.actors)


def _distinct(source: Actor, target: Actor, *, anaphoric: bool = False) -> bool:
    """Two sides of one event: other countries, or one country's different roles (named)."""
    if source.country != target.country:
        return True
    if anaphoric or source.role is None or target.role is None:
        return False
    return source.role != target.role


def _fits(code: str, target: Actor) -> bool:
    """A statement "to reporters" is no event between the speaker and the press."""
    return not (code[:2] == "01" and target.role == "MED")


def is_reaction(code: str, lemma: str = "") -> bool:
    """Criticism, rejection, denial, demands: answers to an earlier act."""
    return code[:2] in REACTIVE_ROOTS or code in REACTIVE_CODES or lemma in REACTIVE_LEMMAS


def _reaction(
    ctx: _Sentence,
    match: Match,
    recent: Sequence[Actor],
    acts: Sequence[PriorAct],
    when: date | None,
) -> list[SentenceEvent]:
    """A reaction to something not named as an actor ("rejected the claim"): aim it at the
    author of the earlier act it names ("condemned the deliveries" <- "delivered"), else of
    the latest act by another country, else the latest other country named."""
    clause_deps = {"dobj", "ccomp"} if match.code[:2] == "13" else {"dobj"}
    objects = [c for c in ctx.kids(match.trigger) if c.dep in clause_deps]
    objects += [  # "objected to the inclusion of ...", "protested over the move"
        g
        for p in ctx.kids(match.trigger)
        if p.dep == "prep" and p.lemma.lower() in _ABOUT
        for g in ctx.kids(p.i)
        if g.dep == "pobj"
    ]
    if not objects or "+conditional" in match.rule:
        return []
    source = _source(ctx, match.trigger, match)
    if source is None or len(source.actors) != 1 or source.actors[0].country is None:
        return []
    src = source.actors[0]
    others = [a for a in reversed(acts) if a.actor.country and a.actor.country != src.country]
    act = next((a for a in others if a.names(objects[0].lemma)), others[0] if others else None)
    target = (
        act.actor
        if act
        else next((a for a in reversed(recent) if a.country and a.country != src.country), None)
    )
    if target is None:
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


def _embedded_clause(ctx: _Sentence, verb: int) -> int | None:
    return next((c.i for c in ctx.kids(verb) if c.dep in {"xcomp", "ccomp"}), None)


def _refine_intent(ctx: _Sentence, embedded: int, code: str, patterns: PatternLexicon) -> str:
    inner = match_verb(ctx.parsed, embedded, patterns)
    if inner is None:
        return code
    table = _THREAT_REFINE if code.startswith("13") else _INTENT_REFINE
    return table.get(inner.code[:2], code)


def _source(ctx: _Sentence, verb: int, match: Match) -> _Side | None:
    if match.noun is not None:
        own = _np_actors(ctx, match.noun, skip_preps=True)
        if own and ctx.token(match.noun).dep in {"nsubj", "ROOT"}:
            return _Side(tuple(own))
    fallback: _Side | None = None
    for node in _subject_chain(ctx, verb):
        kids = ctx.kids(node)
        for child in kids:
            if child.dep == "agent":
                pobj = [c for c in ctx.kids(child.i) if c.dep == "pobj"]
                if pobj:
                    return _side_of(ctx, pobj[0].i)
        subjects = [c for c in kids if c.dep in SUBJECT_DEPS]
        if subjects:
            side = _subjects_side(ctx, node, subjects)
            if side is not None and side.actors:
                return side
            fallback = fallback or side
    # A conjunct hung on a reported clause by the parser ("said that the ships had ...
    # and urged Tokyo"): the reporting subject is the one who urged.
    top = ctx.token(chain[-1]) if (chain := _subject_chain(ctx, verb)) else None
    if top is not None and top.dep == "ccomp" and ctx.token(verb).dep == "conj":
        outer = [c for c in ctx.kids(top.head) if c.dep in SUBJECT_DEPS]
        if outer:
            side = _subjects_side(ctx, top.head, outer)
            if side is not None and side.actors:
                return side
    return fallback


def _subjects_side(ctx: _Sentence, verb: int, subjects: list[Token]) -> _Side | None:
    """All subjects of the verb ("Lee and Ishiba held talks" may parse as two nsubj); a
    pronoun subject of a reported clause is the reporting verb's subject ("Iran said it
    would ...")."""
    head = ctx.token(verb)
    if subjects[0].text.lower() in {"who", "which", "that"} and head.dep == "relcl":
        named = _np_actors(ctx, head.head)  # "Modi, who accepted": named only, never guessed
        return _Side(tuple(named)) if named else None
    if len(subjects) == 1 and subjects[0].pos == "PRON" and subjects[0].text.lower() in _BOUND:
        head = ctx.token(verb)
        if head.dep == "ccomp" and head.head != head.i:
            outer = [c for c in ctx.kids(head.head) if c.dep in SUBJECT_DEPS]
            if outer:
                return _subjects_side(ctx, head.head, outer)
    named = [_side_of(replace(ctx, guess_alone=False), s.i) for s in subjects]
    known = frozenset(a.country for side in named if side for a in side.actors if a.country)
    others = replace(ctx, source_countries=ctx.source_countries | known)
    sides = [
        side if side and side.actors else _side_of(others, s.i)
        for side, s in zip(named, subjects, strict=True)
    ]
    sides = [side for side in sides if side and side.actors]
    if not sides:
        return _side_of(ctx, subjects[0].i)
    actors = tuple(a for side in sides for a in side.actors)
    return _Side(actors, anaphoric=any(side.anaphoric for side in sides))


def _subject_chain(ctx: _Sentence, verb: int) -> list[int]:
    """The verb, then the clauses it shares a subject with (xcomp and conj heads)."""
    chain = [verb]
    node = ctx.token(verb)
    while node.head != node.i and len(chain) < 6:
        if node.dep in {"xcomp", "conj", "advcl", "acomp"}:
            node = ctx.token(node.head)
        elif node.dep == "pcomp" and ctx.token(node.head).lemma.lower() in _MEANS_PREPS:
            node = ctx.token(ctx.token(node.head).head)  # "responded by expelling"
        else:
            break
        chain.append(node.i)
    return chain


def _target(ctx: _Sentence, match: Match, verb: int, embedded: int | None) -> _Side | None:
    places = [match.noun] if match.noun is not None else []
    places.append(verb)
    objects = [c.i for c in ctx.kids(verb) if c.dep == "dobj" and c.i not in ctx.by_token]
    places.extend(objects)
    # "members wanted on charges to the United States": the parser hangs it on a participle
    places.extend(a.i for o in objects for a in ctx.kids(o) if a.dep == "acl")
    places.extend(_purpose_nouns(ctx, verb))
    # "deployed soldiers to support Moscow's forces": the purpose clause names the partner
    places.extend(
        c.i for c in ctx.kids(verb) if c.dep in {"advcl", "xcomp"} and _is_purpose(ctx, c.i)
    )
    if embedded is not None:
        places.append(embedded)
        places.extend(c.i for c in ctx.kids(embedded) if c.dep in {"dobj", "xcomp"})
    for place in places:
        skip_object = match.topic and place == verb
        side = (None if skip_object else _object_side(ctx, place)) or _prep_side(
            ctx, place, match, is_noun=place == match.noun
        )
        if side is not None:
            return side
    head = ctx.token(verb)
    if (
        head.dep == "conj"
        and match.noun is None
        and not match.embeds_intent
        and _same_polarity(ctx, match, head.head)
    ):
        # "delivered two systems to Ukraine and pledged ...": the conjunct's partner
        partner = _target(ctx, replace(match, preps=frozenset()), head.head, None)
        if partner is not None:
            return partner
    if embedded is not None:  # "demanded that the United States lift ...": who is asked
        for child in ctx.kids(embedded):
            if child.dep in SUBJECT_DEPS:
                side = _side_of(ctx, child.i)
                if _useful(ctx, side):
                    return side
    return None


def _useful(ctx: _Sentence, side: _Side | None) -> bool:
    """A candidate target names someone other than the source."""
    if side is None or not side.actors:
        return False
    return any(a.country is None or a.country not in ctx.source_countries for a in side.actors)


def _is_purpose(ctx: _Sentence, clause: int) -> bool:
    return any(k.dep == "aux" and k.text.lower() == "to" for k in ctx.kids(clause))


def _same_polarity(ctx: _Sentence, match: Match, other: int) -> bool:
    """Both acts cooperative or both conflictual ("backed Beijing ... and criticized" share
    no partner)."""
    theirs = match_verb(ctx.parsed, other, ctx.patterns) if ctx.patterns else None
    if theirs is None:
        return False
    return (match.code[:2] <= "09") == (theirs.code[:2] <= "09")


def _purpose_nouns(ctx: _Sentence, verb: int) -> list[int]:
    """ "arrived in Addis Ababa for talks with X": the purpose noun carries the partner."""
    nouns = []
    for prep in ctx.kids(verb):
        if prep.dep == "prep" and prep.lemma.lower() in {"for", "to"}:
            nouns.extend(c.i for c in ctx.kids(prep.i) if c.dep == "pobj")
    return nouns


def _object_side(ctx: _Sentence, place: int) -> _Side | None:
    for child in ctx.kids(place):
        if child.dep in {"dobj", "dative", "nsubjpass", "attr"} and not _owned(ctx, child.i):
            side = _side_of(ctx, child.i)
            if _useful(ctx, side):
                return side
    return None


def _owned(ctx: _Sentence, noun: int) -> bool:
    """ "recalled their ambassadors", "its troops": the subject's own people, not a target."""
    if ctx.token(noun).lemma.lower() not in _POSTED:
        return False
    return any(
        k.dep == "poss" and k.text.lower() in {"its", "their", "his", "her", "our", "my"}
        for k in ctx.kids(noun)
    )


def _prep_side(ctx: _Sentence, place: int, match: Match, *, is_noun: bool) -> _Side | None:
    order = (*sorted(match.preps), *(NOUN_TARGET_PREPS if is_noun else TARGET_PREPS))
    if ctx.places:
        order = (*order, *sorted(_PLACE_PREPS))
    kids = ctx.kids(place)
    for prep in order:
        for child in kids:
            if child.dep in {"prep", "dative"} and child.lemma.lower() == prep:
                for pobj in ctx.kids(child.i):
                    if pobj.dep == "pobj":
                        side = _side_of(ctx, pobj.i)
                        if _useful(ctx, side):
                            return side
    return None


def _side_of(ctx: _Sentence, head: int) -> _Side | None:
    """The actors of the noun phrase at ``head``: named, else from the story's context."""
    actors, tokens = _np_actors_and_tokens(ctx, head)
    if any(a.country for a in actors):
        named = tuple(a for a in actors if a.country) or tuple(actors)
        extra = _unknown_officials(ctx, tokens, avoid={a.country for a in named if a.country})
        return _Side(named + extra, anaphoric=bool(extra))
    if ctx.anaphora is not None:
        pairs = [ctx.token(i).head for i in tokens if ctx.token(i).text.lower() in _PAIR_WORDS]
        for token in pairs:  # "the Directors General ... of the two armies"
            resolved = ctx.anaphora(ctx.parsed, token)
            if resolved:
                return _Side(tuple(resolved), anaphoric=True)
    if ctx.anaphora is not None and _is_bare(ctx, head, tokens):
        for token in tokens:
            resolved = ctx.anaphora(ctx.parsed, token)
            if resolved:
                return _Side(tuple(resolved), anaphoric=True)
    official = _unknown_official(ctx, tokens) if ctx.guess_alone else None
    if official is not None:
        return _Side((official,), anaphoric=True)
    return _Side(tuple(actors)) if actors else None


def _unknown_officials(ctx: _Sentence, tokens: list[int], *, avoid: set[str]) -> tuple[Actor, ...]:
    """Titled, named people beside named actors ("Foreign Minister Anita Anand and External
    Affairs Minister S. Jaishankar"): each unknown one is of another story country."""
    found: list[Actor] = []
    seen: set[int] = set()
    for i in tokens:
        title = ctx.titles.get(i)
        if title is None or title.start in seen:
            continue
        seen.add(title.start)
        span = range(title.start, title.end)
        if any(j in ctx.by_token for j in span):
            continue  # the person is known ("Jaishankar" inside the title phrase)
        if not any(ctx.token(j).ent_type == "PERSON" for j in span):
            continue
        taken = avoid | {a.country for a in found if a.country}
        official = _placed_official(ctx, title, avoid=taken)
        if official is not None:
            found.append(official)
    return tuple(found)


def _placed_official(ctx: _Sentence, title: ActorMention, *, avoid: set[str]) -> Actor | None:
    """The titled person as an official of the story's most mentioned country that is not
    the other side (nor ``avoid``)."""
    taken = avoid | ctx.source_countries
    country = next((c for c in ctx.story_countries if c not in taken), None)
    if country is None:
        return None
    role = title.actor
    return Actor(role.text, f"{country}{role.code}", country, role.role, "person")


def _unknown_official(ctx: _Sentence, tokens: list[int]) -> Actor | None:
    """A titled, named person the lexicon lacks ("Defence Minister Yassin Ibrahim"): an
    official of the story's most mentioned country that is not the other side."""
    title = next((ctx.titles[i] for i in tokens if i in ctx.titles), None)
    named = any(ctx.token(i).ent_type == "PERSON" for i in tokens)
    if title is None or not named:
        return None
    return _placed_official(ctx, title, avoid=set())


def _is_bare(ctx: _Sentence, head: int, tokens: list[int]) -> bool:
    """A phrase with no name of its own ("he", "the two sides", "the ministry"): anaphora may
    resolve it; "the North's defence ministry" names someone we did not resolve, so no."""
    return not any(
        i != head
        and (
            ctx.token(i).pos == "PROPN"
            or (ctx.token(i).dep == "poss" and ctx.token(i).pos != "PRON")
        )
        for i in tokens
    )


def _np_actors(ctx: _Sentence, head: int, *, skip_preps: bool = False) -> list[Actor]:
    return _np_actors_and_tokens(ctx, head, skip_preps=skip_preps)[0]


def _np_actors_and_tokens(
    ctx: _Sentence, head: int, *, skip_preps: bool = False
) -> tuple[list[Actor], list[int]]:
    """Actors named inside the noun phrase headed by ``head`` (head mention first), and the
    phrase's own tokens, for anaphora when no actor is named."""
    ordered: list[Actor] = []
    visited: list[int] = []
    stack = [head]
    while stack:
        node = stack.pop(0)
        if node in visited:
            continue
        visited.append(node)
        mention = ctx.by_token.get(node)
        if mention:
            if mention.actor not in ordered:
                ordered.append(mention.actor)
            title = ctx.titles.get(node)  # "External Affairs Minister S. Jaishankar" around it
            start = min(mention.start, title.start) if title else mention.start
            end = max(mention.end, title.end) if title else mention.end
            stack.extend(
                c.i
                for i in range(start, end)
                for c in ctx.kids(i)
                if c.dep in {"conj", "amod", "nmod", "appos"} and not start <= c.i < end
            )
            continue
        named = _named_actor(ctx, node)
        if named is not None and named not in ordered:
            ordered.append(named)
        for child in ctx.kids(node):
            owner = _ownership_clause(ctx, child)
            if owner is not None:
                stack.extend(  # "tankers it said belonged to Russia's shadow fleet"
                    g.i for p in ctx.kids(owner) if p.dep == "prep" for g in ctx.kids(p.i)
                )
                continue
            if child.dep not in _NP_DEPS:
                continue
            prep = child.lemma.lower()
            if child.dep == "prep" and (
                skip_preps or (prep not in _NP_PREPS and not (ctx.places and prep in _PLACE_PREPS))
            ):
                continue
            stack.append(child.i)
    return ordered, visited


def _ownership_clause(ctx: _Sentence, child: Token) -> int | None:
    """The clause that says whose a thing is: "belonging to X", "it said belonged to X"."""
    if child.dep not in {"relcl", "acl"}:
        return None
    if child.lemma.lower() in _OWNED_BY:
        return child.i
    if child.lemma.lower() in _SAYING | {"believe", "claim", "report"}:
        inner = [c for c in ctx.kids(child.i) if c.dep == "ccomp" and c.lemma.lower() in _OWNED_BY]
        return inner[0].i if inner else None
    return None


def _named_actor(ctx: _Sentence, index: int) -> Actor | None:
    """A nationality or country word the resolver left alone ("a Philippine boat", "from
    Algiers"), or, for attacks, a place that stands for its country ("areas of Kharkiv")."""
    token = ctx.token(index)
    if ctx.name_actor is None or token.ent_type not in _NAME_ENTS | {"LOC", "FAC"}:
        return None
    if token.dep not in {"amod", "compound", "poss", "conj", "nmod", "pobj", "dobj", "appos"}:
        return None
    found = ctx.name_actor(token.text) if token.ent_type in _NAME_ENTS else None
    if found is None and ctx.places and ctx.place_actor is not None:
        span = next((e for e in ctx.parsed.entities if e.start <= index < e.end), None)
        found = ctx.place_actor(span.text if span else token.text)
    return found


__all__ = ["Anaphora", "NameActor", "PriorAct", "SentenceEvent", "code_sentence"]
