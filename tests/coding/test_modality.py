"""Each trap class of the issue: only asserted events are coded as having happened."""

import pytest

from polevents.coding.modality import Modality, assess
from polevents.coding.patterns import load_patterns

INTENT = frozenset(
    v for v, items in load_patterns().verbs.items() if any(p.embeds_intent for p in items)
)


def _assess(parse, sentence: str, trigger: str) -> Modality:
    parsed = parse(sentence)[0]
    index = next(t.i for t in parsed.tokens if t.text == trigger)
    return assess(parsed, index, intent_lemmas=INTENT)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Russia and China signed a defence pact on Monday.", "signed", Modality.ASSERTED),
        (
            "Putin said Russia and China are not creating a military alliance.",
            "creating",
            Modality.NEGATED,
        ),
        ("Seoul never recognised the decision.", "recognised", Modality.NEGATED),
        ("China has refrained from condemning Russia.", "condemning", Modality.NEGATED),
        (
            "Tehran would ship its uranium abroad if sanctions were lifted.",
            "lifted",
            Modality.CONDITIONAL,
        ),
        ("If the talks fail, Egypt could strike the dam.", "strike", Modality.POSSIBLE),
        (
            "Had they been able to, they would have attacked the base.",
            "attacked",
            Modality.COUNTERFACTUAL,
        ),
        ("Russia could arm North Korea with new missiles.", "arm", Modality.POSSIBLE),
        ("Analysts believe Beijing may impose sanctions on Manila.", "impose", Modality.POSSIBLE),
        ("The two presidents are due to meet in Astana.", "meet", Modality.SCHEDULED),
        ("Modi is expected to visit Moscow.", "visit", Modality.SCHEDULED),
        ("Germany will deliver more tanks to Ukraine.", "deliver", Modality.FUTURE),
        ("Xi said China would provide loans to Kazakhstan.", "provide", Modality.FUTURE),
        ("Will Russia send troops to Belarus?", "send", Modality.QUESTION),
        ("Iranian drones reportedly struck a tanker.", "struck", Modality.RUMOUR),
        ("Unconfirmed reports said Turkish jets bombed the village.", "bombed", Modality.RUMOUR),
        ("Officials fear that Pyongyang might test a missile.", "test", Modality.POSSIBLE),
        (
            "Analysts worry that Moscow supplies Pyongyang with jets.",
            "supplies",
            Modality.FEARED,
        ),
        (
            "Seoul said Pyongyang is preparing to send more troops.",
            "send",
            Modality.SCHEDULED,
        ),
        ("Azerbaijan denied firing on Armenian positions.", "firing", Modality.DENIED),
        ("Kyiv rejected claims that its forces shelled the town.", "shelled", Modality.DENIED),
        (
            "Moscow and Beijing had declared a partnership before the war.",
            "declared",
            Modality.HISTORICAL,
        ),
        ("China agreed to deepen cooperation with Russia.", "deepen", Modality.EMBEDDED),
    ],
)
def test_assess_finds_the_modality(parse, sentence: str, trigger: str, expected: Modality) -> None:
    assert _assess(parse, sentence, trigger) is expected
