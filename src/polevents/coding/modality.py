"""Did the event happen? Negation, condition, possibility, fear, rumour, question.

``assess(sentence, trigger)`` walks from the trigger token up its clause chain
and reports the first reason the text does not assert the event as fact:
"are not creating" (negated), "if sanctions are lifted" (conditional), "could
arm" (possible), "warned that X might strike" (feared), "reportedly" (rumour),
"will visit next week" (future), "denied firing" (denied), a question mark.
Only ``Modality.ASSERTED`` events are coded as having happened.
"""

from __future__ import annotations

from enum import StrEnum

from polevents.coding.patterns import children
from polevents.types import ParsedSentence, Token


class Modality(StrEnum):
    ASSERTED = "asserted"
    NEGATED = "negated"
    CONDITIONAL = "conditional"
    COUNTERFACTUAL = "counterfactual"
    POSSIBLE = "possible"
    FUTURE = "future"  # "will provide", "said it would provide": a pledge, coded as intent
    SCHEDULED = "scheduled"  # "is due to meet", "is expected to visit": not an event yet
    QUESTION = "question"
    RUMOUR = "rumour"
    FEARED = "feared"
    DENIED = "denied"
    ALLEGED = "alleged"  # the content of an accusation: "accused X of shelling the town"
    HISTORICAL = "historical"
    EMBEDDED = "embedded"  # governed by an intent verb ("agreed to deepen"): the intent is coded


# Relations along which a governing clause's modality reaches the trigger.
_PASS_UP = frozenset(
    {
        "conj",
        "xcomp",
        "ccomp",
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "advcl",
        "attr",
        "acomp",
        "oprd",
        "nsubj",
        "nsubjpass",
        "compound",
        "amod",
        "csubj",
        "auxpass",
        "acl",
    }
)
_COMPLEMENT = frozenset(
    {"xcomp", "ccomp", "dobj", "pcomp", "prep", "pobj", "advcl", "acomp", "attr", "acl"}
)
_POSSIBLE_MODALS = frozenset({"could", "may", "might", "would", "should", "can", "must", "ought"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_CONDITION_MARKS = frozenset({"if", "unless", "whether", "provided", "once", "lest"})
_HEDGES = frozenset(
    {
        "reportedly",
        "allegedly",
        "purportedly",
        "possibly",
        "probably",
        "perhaps",
        "maybe",
        "potentially",
        "supposedly",
        "apparently",
        "likely",
        "ostensibly",
    }
)
_RUMOUR_WORDS = frozenset(
    {
        "rumor",
        "rumour",
        "rumored",
        "rumoured",
        "unconfirmed",
        "unverified",
        "speculation",
        "speculate",
        "hypothetical",
        "hypothetically",
        "unnamed",
    }
)
_SPECULATION_HEADS = frozenset(
    {
        "expect",
        "likely",
        "unlikely",
        "possible",
        "speculate",
        "predict",
        "consider",
        "weigh",
        "mull",
        "contemplate",
        "suggest",
        "believe",
        "think",
        "suspect",
        "imagine",
        "assume",
        "may",
        "able",
        "ready",
        "prepared",
        "poised",
        "willing",
        "considering",
        "option",
    }
)
_FUTURE_HEADS = frozenset(
    {"set", "due", "schedule", "slate", "expect", "go", "prepare", "preparing"}
)
_FEAR_HEADS = frozenset(
    {
        "fear",
        "worry",
        "warn",
        "caution",
        "concern",
        "risk",
        "alarm",
        "dread",
        "afraid",
        "threaten",
        "danger",
        "prospect",
        "warning",
        "concerned",
        "worried",
        "fearful",
        "nervous",
    }
)
_DENY_HEADS = frozenset({"deny", "dismiss", "refute", "rebut", "disclaim", "reject"})
_ALLEGE_HEADS = frozenset({"accuse", "blame", "allege", "charge", "claim", "suspect"})
_NEGATIVE_HEADS = frozenset(
    {
        "refrain",
        "fail",
        "avoid",
        "decline",
        "cease",
        "stop",
        "halt",
        "abandon",
        "forgo",
        "without",
        "instead",
        "rather",
        "neither",
        "nor",
        "unable",
        "refuse",
        "reluctant",
        "hesitate",
    }
)
# Nouns whose content clause is a claim, not a fact: "claims that its forces shelled the town".
_CLAIM_NOUNS = frozenset(
    {
        "claim",
        "allegation",
        "accusation",
        "report",
        "rumor",
        "rumour",
        "suggestion",
        "assertion",
        "speculation",
        "charge",
        "story",
        "reports",
        "claims",
    }
)
_HABITUAL = frozenset(
    {
        "repeatedly",
        "previously",
        "often",
        "frequently",
        "formerly",
        "traditionally",
        "historically",
        "routinely",
        "regularly",
        "long",
    }
)
_OFFER_WORDS = frozenset({"ready", "willing", "prepared", "eager", "keen"})
_READY_HEADS = frozenset({"prepared", "ready", "willing", "poised", "prepare"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_SPEECH_HEADS = frozenset(
    {
        "say",
        "tell",
        "announce",
        "state",
        "add",
        "declare",
        "confirm",
        "stress",
        "pledge",
        "promise",
        "vow",
        "insist",
        "write",
        "assure",
        "reaffirm",
        "reiterate",
    }
)
_NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nothing", "none"})


def assess(
    sentence: ParsedSentence,
    trigger: int,
    *,
    intent_lemmas: frozenset[str] = frozenset(),
) -> Modality:
    """Return how the sentence presents the event whose predicate is token ``trigger``.

    >>> from polevents.types import ParsedSentence, Token
    >>> toks = (Token(0, "Jets", "jet", "NOUN", "NNS", "nsubj", 2, 0),
    ...         Token(1, "could", "could", "AUX", "MD", "aux", 2, 5),
    ...         Token(2, "strike", "strike", "VERB", "VB", "ROOT", 2, 11),
    ...         Token(3, ".", ".", "PUNCT", ".", "punct", 2, 17))
    >>> assess(ParsedSentence("Jets could strike.", toks), 2)
    <Modality.POSSIBLE: 'possible'>
    """
    if sentence.text.rstrip().rstrip("\"'”’)").endswith("?"):
        return Modality.QUESTION
    if any(
        t.lemma.lower() in _RUMOUR_WORDS or t.text.lower() in _RUMOUR_WORDS for t in sentence.tokens
    ):
        return Modality.RUMOUR
    node = sentence.tokens[trigger]
    previous = node
    came_by: str | None = None
    seen: set[int] = set()
    while node.i not in seen:
        seen.add(node.i)
        if came_by == "conj" and previous.tag in _FINITE:
            # "did not recognise X and denied Y": a finite conjunct has its own negation
            found = _governed_only(sentence, node, came_by, intent_lemmas)
        else:
            found = _clause_modality(
                sentence, node, came_by, is_trigger=node.i == trigger, intent_lemmas=intent_lemmas
            )
        if found is not Modality.ASSERTED:
            return found
        if node.dep not in _PASS_UP or node.head == node.i:
            break
        came_by = node.dep
        previous = node
        node = sentence.tokens[node.head]
    return Modality.ASSERTED


def _clause_modality(
    sentence: ParsedSentence,
    node: Token,
    came_by: str | None,
    *,
    is_trigger: bool,
    intent_lemmas: frozenset[str],
) -> Modality:
    kids = children(sentence, node.i)
    lemma = node.lemma.lower()
    if not is_trigger and came_by in _COMPLEMENT:
        governed = _governed_modality(sentence, lemma, node, intent_lemmas)
        if governed is not Modality.ASSERTED:
            return governed
    if any(k.dep == "neg" or (k.dep == "det" and k.text.lower() in _NEGATORS) for k in kids):
        return Modality.NEGATED
    auxes = [k.text.lower() for k in kids if k.dep in {"aux", "auxpass"}]
    if "would" in auxes and "have" in auxes:
        return Modality.COUNTERFACTUAL
    if auxes == ["would"] and _is_reported(sentence, node):
        return Modality.FUTURE
    if any(a in _POSSIBLE_MODALS for a in auxes):
        return Modality.POSSIBLE
    if any(a in _FUTURE_AUX for a in auxes) or _is_going_to(sentence, node, kids):
        return Modality.FUTURE
    if (
        is_trigger
        and "had" in auxes
        and node.tag == "VBN"
        and not _is_reported_past(sentence, node)
    ):
        return Modality.HISTORICAL
    if node.dep == "advcl" and any(
        k.dep == "mark" and k.text.lower() in _CONDITION_MARKS for k in kids
    ):
        return Modality.CONDITIONAL
    if any(k.dep == "advmod" and k.text.lower() in _HEDGES for k in kids):
        return Modality.RUMOUR
    if (is_trigger or came_by == "conj") and _is_habitual(sentence, kids):
        return Modality.HISTORICAL
    return Modality.ASSERTED


def _governed_only(
    sentence: ParsedSentence, node: Token, came_by: str | None, intent_lemmas: frozenset[str]
) -> Modality:
    """Only what a governing word imposes (not the head's own negation or modals)."""
    if came_by in _COMPLEMENT:
        return _governed_modality(sentence, node.lemma.lower(), node, intent_lemmas)
    return Modality.ASSERTED


def _governed_modality(
    sentence: ParsedSentence, lemma: str, node: Token, intent_lemmas: frozenset[str]
) -> Modality:
    """Modality that a governing word imposes on the clause below it."""
    if lemma in _CLAIM_NOUNS and node.pos in {"NOUN", "PROPN"}:
        denied = sentence.tokens[node.head].lemma.lower() in _DENY_HEADS
        return Modality.DENIED if denied else Modality.RUMOUR
    if lemma in _DENY_HEADS:
        return Modality.DENIED
    if lemma in _ALLEGE_HEADS:
        return Modality.ALLEGED
    if lemma in _NEGATIVE_HEADS:
        return Modality.NEGATED
    if lemma in _FEAR_HEADS:
        return Modality.FEARED
    if lemma in _FUTURE_HEADS and node.tag in {"VBN", "JJ", "VBG"}:
        return Modality.SCHEDULED
    if lemma in _SPECULATION_HEADS:
        return Modality.POSSIBLE
    if lemma in intent_lemmas:
        return Modality.EMBEDDED
    return Modality.ASSERTED


def is_conditional_act(sentence: ParsedSentence, trigger: int) -> bool:
    """An act held out under a condition by its own actor: "would end its cooperation if the
    Europeans go ahead", "prepared to reimpose sanctions unless it restores access". Not a
    third party's speculation ("analysts say X could strike")."""
    node = sentence.tokens[trigger]
    if node.pos in {"NOUN", "PROPN"} and node.dep in {"dobj", "nsubjpass"}:
        node = sentence.tokens[node.head]  # "reimpose sanctions unless ...": the verb's clause
    for _ in range(3):
        kids = children(sentence, node.i)
        if any(k.dep == "advcl" and _has_condition_mark(sentence, k.i) for k in kids):
            return True
        if node.head == node.i or node.dep not in {"xcomp", "acomp", "conj"}:
            break
        node = sentence.tokens[node.head]
    return False


def is_offered_act(sentence: ParsedSentence, trigger: int) -> bool:
    """A cooperative act its actor declares itself ready or willing to do (an intent)."""
    node = sentence.tokens[trigger]
    if node.pos in {"NOUN", "PROPN"} and node.dep in {"dobj", "nsubjpass"}:
        node = sentence.tokens[node.head]  # "ready to sign a deal": the verb's clause
    head = sentence.tokens[node.head]
    return node.dep == "xcomp" and head.text.lower() in _OFFER_WORDS


def _has_condition_mark(sentence: ParsedSentence, clause: int) -> bool:
    return any(
        k.dep == "mark" and k.text.lower() in {"if", "unless"} for k in children(sentence, clause)
    )


def _is_habitual(sentence: ParsedSentence, kids: list[Token]) -> bool:
    """ "has repeatedly threatened", "has warned in the past": background, not an event."""
    for kid in kids:
        if kid.dep == "advmod" and kid.text.lower() in _HABITUAL:
            return True
        if kid.dep == "prep" and kid.lemma.lower() in {"in", "over"}:
            words = (
                {children(sentence, kid.i)[0].text.lower()} if children(sentence, kid.i) else set()
            )
            if words & {"past", "years", "decades"}:
                return True
    return False


def _is_reported(sentence: ParsedSentence, node: Token) -> bool:
    """ "X said Y would do": a reported future, unless the sentence states a condition."""
    if not _is_reported_past(sentence, node):
        return False
    return not any(t.dep == "mark" and t.text.lower() in _CONDITION_MARKS for t in sentence.tokens)


def _is_reported_past(sentence: ParsedSentence, node: Token) -> bool:
    """A clause reported by a speech verb ("X said Germany had delivered ..."): its past
    perfect is news, not background."""
    head = sentence.tokens[node.head]
    return node.dep == "ccomp" and head.lemma.lower() in _SPEECH_HEADS


def _is_going_to(sentence: ParsedSentence, node: Token, kids: list[Token]) -> bool:
    return node.lemma == "go" and node.tag == "VBG" and any(k.dep == "xcomp" for k in kids)
