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
