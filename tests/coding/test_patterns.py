from pathlib import Path

import pytest

from polevents.coding.patterns import load_patterns, match_noun, match_verb
from polevents.errors import LexiconError


def test_patterns_load_and_every_code_exists() -> None:
    lexicon = load_patterns()
    assert lexicon.verbs["meet"][0].code == "040"
    assert lexicon.nouns["sanction"].code == "163"
    assert "launch" in lexicon.light_verbs


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("verbs:\n  - {verb: meet, code: '999'}\n", "not in the CAMEO codebook"),
        ("verbs:\n  - {verb: meet}\n", "needs 'verb' and 'code'"),
        ("verbs:\n  - {verb: meet, code: '040', colour: red}\n", "unknown keys"),
        ("verbs:\n  - {verb: call, particle: on, code: '020'}\n", "must be strings"),
        ("verbs:\n  - {verb: meet, code: '040'}\n  - {verb: meet, code: '042'}\n", "two codes"),
        (
            "nouns:\n  - {noun: talk, code: '040'}\n  - {noun: talk, code: '040'}\n",
            "duplicate noun",
        ),
    ],
)
def test_patterns_loader_rejects_bad_entries(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "verbs.yaml"
    path.write_text("version: '1'\nsource: test\n" + body)
    with pytest.raises(LexiconError, match=message):
        load_patterns(path)


def test_patterns_loader_needs_version_and_source(tmp_path: Path) -> None:
    path = tmp_path / "verbs.yaml"
    path.write_text("verbs: []\n")
    with pytest.raises(LexiconError, match="version"):
        load_patterns(path)


@pytest.mark.parametrize(
    ("sentence", "verb", "code"),
    [
        ("Russia imposed sanctions on Ukraine.", "imposed", "163"),
        ("India and Pakistan exchanged fire.", "exchanged", "190"),
        ("Japan lodged a protest with China.", "lodged", "114"),
        ("Turkey signed a memorandum with Azerbaijan.", "signed", "057"),
        ("Germany held talks with France.", "held", "040"),
        ("The army pulled out of the town.", "pulled", "0874"),
        ("Chile expelled two Peruvian diplomats.", "expelled", "161"),
    ],
)
def test_match_verb_picks_the_most_specific_pattern(
    parse, sentence: str, verb: str, code: str
) -> None:
    parsed = parse(sentence)[0]
    index = next(t.i for t in parsed.tokens if t.text == verb)
    match = match_verb(parsed, index, load_patterns())
    assert match is not None and match.code == code


def test_match_verb_ignores_a_verb_with_an_unlisted_particle(parse) -> None:
    parsed = parse("The minister backed down.")[0]
    index = next(t.i for t in parsed.tokens if t.text == "backed")
    assert match_verb(parsed, index, load_patterns()) is None


def test_match_noun_reads_compounds(parse) -> None:
    parsed = parse("The air strike hit a depot.")[0]
    index = next(t.i for t in parsed.tokens if t.text == "strike")
    match = match_noun(parsed, index, load_patterns())
    assert match is not None and match.code == "195"
