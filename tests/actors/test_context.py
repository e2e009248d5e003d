from datetime import date

import pytest

from polevents.actors.context import ActorContext
from polevents.actors.resolve import find_actors

ON = date(2025, 3, 1)


def _story(nlp_parse, lexicon, sentences):
    context = ActorContext(lexicon=lexicon, on=ON)
    for text in sentences[:-1]:
        for sentence in nlp_parse(text):
            context.observe(find_actors(sentence, lexicon=lexicon, on=ON))
    (last,) = nlp_parse(sentences[-1])
    return context, last


@pytest.mark.parametrize(
    ("story", "word", "expected"),
    [
        (
            ["Putin met Xi Jinping in Moscow.", "The two sides signed a pact."],
            "sides",
            ["RUS", "CHN"],
        ),
        (
            ["Iran and Saudi Arabia resumed ties.", "Both countries reopened embassies."],
            "countries",
            ["IRN", "SAU"],
        ),
        (
            ["Modi called Shehbaz Sharif.", "The two leaders agreed to talk."],
            "leaders",
            ["IND", "PAK"],
        ),
    ],
)
def test_context_resolves_pairs_to_two_actors(nlp_parse, actor_lexicon, story, word, expected):
    context, last = _story(nlp_parse, actor_lexicon, story)
    index = next(t.i for t in last.tokens if t.text == word)
    assert [a.country for a in context.resolve_anaphor(last, index)] == expected


@pytest.mark.parametrize(
    ("story", "word", "name"),
    [
        (
            ["Iranian Foreign Minister Abbas Araghchi arrived in Oman.", "He met officials."],
            "He",
            "Abbas Araghchi",
        ),
        (
            ["Lavrov spoke to reporters.", "The minister said talks failed."],
            "minister",
            "Sergei Lavrov",
        ),
        (
            ["Iran hosted the talks.", "The president said he was pleased."],
            "president",
            "Masoud Pezeshkian",
        ),
    ],
)
def test_context_resolves_pronoun_and_office(nlp_parse, actor_lexicon, story, word, name):
    context, last = _story(nlp_parse, actor_lexicon, story)
    index = next(t.i for t in last.tokens if t.text == word)
    (actor,) = context.resolve_anaphor(last, index)
    assert actor.name == name


@pytest.mark.parametrize(
    ("story", "code"),
    [(["Turkey criticised Israel.", "The ministry said it was concerned."], "ISRGOV")],
)
def test_context_resolve_mentions_replaces_role_only_mention(nlp_parse, actor_lexicon, story, code):
    context, last = _story(nlp_parse, actor_lexicon, story)
    mentions = find_actors(last, lexicon=actor_lexicon, on=ON)
    assert mentions[0].actor.kind == "role"
    assert context.resolve_mentions(last, mentions)[0].actor.code == code


@pytest.mark.parametrize("text", ["He said nothing."])
def test_context_returns_empty_without_antecedent(nlp_parse, actor_lexicon, text):
    context = ActorContext(lexicon=actor_lexicon, on=ON)
    (sentence,) = nlp_parse(text)
    assert context.resolve_anaphor(sentence, 0) == []


def _anaphor(nlp_parse, lexicon, story, word, *, begin=True):
    """Run the story through a context; resolve ``word`` in the last sentence."""
    context = ActorContext(lexicon=lexicon, on=ON)
    for text in story[:-1]:
        for sentence in nlp_parse(text):
            mentions = find_actors(sentence, lexicon=lexicon, on=ON)
            context.observe(context.begin_sentence(sentence, mentions))
    (last,) = nlp_parse(story[-1])
    if begin:
        context.begin_sentence(last, find_actors(last, lexicon=lexicon, on=ON))
    index = next(t.i for t in last.tokens if t.text == word)
    return [a.code for a in context.resolve_anaphor(last, index)]


@pytest.mark.parametrize(
    ("story", "word", "codes"),
    [
        (
            [
                "Ethiopia filled the dam.",
                "Egyptian President Sisi received Sudan's army chief al-Burhan on Monday,"
                " and the two leaders agreed to coordinate.",
            ],
            "two",
            ["EGYGOV", "SDNMIL"],
        ),
        (
            ["Lula spoke by phone with Nicolas Maduro and urged him to show restraint."],
            "him",
            ["VENGOV"],
        ),
        (
            ["Algeria expelled diplomats.", "France responded by recalling its ambassador."],
            "its",
            ["FRAGOV"],
        ),
        (
            ["South Korea and Japan held talks.", "They also called on North Korea to stop."],
            "They",
            ["KOR", "JPN"],
        ),
        (
            [
                "Seoul protested.",
                "Seoul voiced concern over ties between Moscow and Pyongyang,"
                " calling it a violation.",
            ],
            "it",
            ["PRK"],
        ),
    ],
)
def test_context_resolves_within_the_sentence_being_coded(
    nlp_parse, actor_lexicon, story, word, codes
):
    assert _anaphor(nlp_parse, actor_lexicon, story, word) == codes


@pytest.mark.parametrize("begin", [True, False])
def test_context_finds_the_sentence_without_begin_sentence(nlp_parse, actor_lexicon, begin):
    story = ["Lula spoke by phone with Nicolas Maduro and urged him to show restraint."]
    assert _anaphor(nlp_parse, actor_lexicon, story, "him", begin=begin) == ["VENGOV"]


@pytest.mark.parametrize(
    ("story", "code"),
    [
        (
            [
                "North Korea fired a missile, South Korea said.",
                "The North's defense ministry denounced the drills.",
            ],
            "PRKGOVMIL",
        ),
        (["Pyongyang fired a missile.", "The South said it would respond."], "KOR"),
    ],
)
def test_context_begin_sentence_resolves_the_north_in_a_korea_story(
    nlp_parse, actor_lexicon, story, code
):
    context = ActorContext(lexicon=actor_lexicon, on=ON)
    for text in story[:-1]:
        (sentence,) = nlp_parse(text)
        context.observe(find_actors(sentence, lexicon=actor_lexicon, on=ON))
    (last,) = nlp_parse(story[-1])
    mentions = context.begin_sentence(last, find_actors(last, lexicon=actor_lexicon, on=ON))
    assert mentions[0].actor.code == code


@pytest.mark.parametrize("text", ["The North Atlantic alliance met.", "The South said so."])
def test_context_leaves_the_north_outside_a_korea_story(nlp_parse, actor_lexicon, text):
    context = ActorContext(lexicon=actor_lexicon, on=ON)
    (sentence,) = nlp_parse(text)
    mentions = context.begin_sentence(sentence, find_actors(sentence, lexicon=actor_lexicon, on=ON))
    assert all(m.actor.country not in ("PRK", "KOR") for m in mentions)


@pytest.mark.parametrize(
    ("story", "word", "codes"),
    [
        (
            ["Nigeria and Niger signed a deal.", "The two countries agreed to patrol."],
            "two",
            ["NGA", "NER"],
        ),
        (
            ["India and Pakistan clashed.", "The heads of the two armies spoke."],
            "two",
            ["INDMIL", "PAKMIL"],
        ),
        (
            ["Prince Faisal met Araghchi.", "Araghchi thanked the kingdom for its help."],
            "kingdom",
            ["SAU"],
        ),
    ],
)
def test_context_pairs_and_state_nouns_name_different_countries(
    nlp_parse, actor_lexicon, story, word, codes
):
    assert _anaphor(nlp_parse, actor_lexicon, story, word) == codes


@pytest.mark.parametrize(
    ("story", "word"),
    [
        (
            ["India and Pakistan clashed.", "The Directors General of Military Operations spoke."],
            "Military",
        )
    ],
)
def test_context_ignores_role_word_inside_a_name(nlp_parse, actor_lexicon, story, word):
    assert _anaphor(nlp_parse, actor_lexicon, story, word) == []


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (
            [
                "Indian and Pakistani troops exchanged fire on Saturday.",
                "The United States urged restraint.",
                "The two armies agreed to observe the ceasefire.",
            ],
            {"IND", "PAK"},
        ),
    ],
)
def test_context_pair_of_a_role_prefers_countries_named_with_that_role(
    nlp_parse, actor_lexicon, story, expected
):
    context, last = _story(nlp_parse, actor_lexicon, story)
    index = next(t.i for t in last.tokens if t.text == "armies")
    assert {a.country for a in context.resolve_anaphor(last, index)} == expected


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (
            [
                "Iran summoned the envoys of Britain, France and Germany.",
                "Tehran said it would respond.",
                "The three European countries said they were ready.",
            ],
            {"GBR", "FRA", "DEU"},
        ),
    ],
)
def test_context_count_phrase_keeps_to_the_region_it_names(
    nlp_parse, actor_lexicon, story, expected
):
    context, last = _story(nlp_parse, actor_lexicon, story)
    index = next(t.i for t in last.tokens if t.text == "countries")
    assert {a.country for a in context.resolve_anaphor(last, index)} == expected
