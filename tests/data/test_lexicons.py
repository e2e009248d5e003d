"""Actor lexicons: every shipped file loads, and the loader refuses bad entries."""

from datetime import date
from importlib import resources

import pytest
import yaml

from polevents.actors.lexicon import FILES, load_actor_lexicon
from polevents.actors.resolve import resolve_text
from polevents.errors import LexiconError


@pytest.fixture(scope="module")
def lexicon():
    return load_actor_lexicon()


@pytest.mark.parametrize("name", FILES)
def test_actor_lexicon_file_opens_with_version_and_source(name):
    text = (resources.files("polevents.data") / "lexicons" / "actors" / name).read_text("utf-8")
    doc = yaml.safe_load(text)
    assert doc["version"] and doc["source"]


@pytest.mark.parametrize(
    ("kind", "minimum"),
    [("country", 190), ("person", 180), ("igo", 45), ("group", 25), ("role", 30)],
)
def test_actor_lexicon_has_enough_entries(lexicon, kind, minimum):
    kinds = {}
    for aliases in lexicon.index.values():
        for alias in aliases:
            kinds.setdefault(alias.entry.kind, set()).add(alias.entry.key)
    assert len(kinds[kind]) >= minimum


@pytest.mark.parametrize("name", FILES)
def test_actor_lexicon_aliases_tokenise_like_spacy(lexicon, name):
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    for aliases in lexicon.index.values():
        for alias in aliases:
            if alias.entry.source.startswith(name):
                words = tuple(t.text for t in tokenizer(_joined(alias.tokens)))
                assert words == alias.tokens, alias.entry.source


def _joined(tokens):
    text = ""
    for token in tokens:
        glue = "" if token in ("'s", "-") or text.endswith("-") or not text else " "
        text += glue + token
    return text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("roles:\n  - {aliases: [troops], code: XYZ}\n", "unknown role code"),
        ("organisations:\n  - {code: IGOun, kind: igo, names: [Foo]}\n", "does not match"),
        ("countries:\n  - {code: XXA, names: [Atlantis]}\n", "not an ISO 3166-1"),
        (
            "organisations:\n  - {code: IGOUNO, names: [Foo]}\n  - {code: IGOICC, names: [foo]}\n",
            "already names",
        ),
        (
            "leaders:\n  - {name: A B, country: RUS, aliases: [A B],"
            " terms: [{title: president, start: 2020-01-01, end: 2019-01-01}]}\n",
            "after its end",
        ),
        (
            "leaders:\n  - {name: A B, country: RUS, aliases: [A B],"
            " terms: [{title: president, start: 2020-13-01}]}\n",
            "bad start date",
        ),
        ("leaders:\n  - {name: A B, country: RUS, terms: [{title: tsar}]}\n", "unknown title"),
        ("roles: [\n", "invalid YAML"),
    ],
)
def test_load_actor_lexicon_rejects_bad_entry(tmp_path, body, message):
    (tmp_path / "mine.yaml").write_text(f"version: '1'\nsource: test\n{body}", "utf-8")
    with pytest.raises(LexiconError, match=message) as caught:
        load_actor_lexicon(tmp_path)
    assert str(caught.value).startswith("mine.yaml")


@pytest.mark.parametrize("body", ["countries: []\n"])
def test_load_actor_lexicon_requires_version_and_source(tmp_path, body):
    (tmp_path / "mine.yaml").write_text(body, "utf-8")
    with pytest.raises(LexiconError, match="missing 'version'"):
        load_actor_lexicon(tmp_path)


@pytest.mark.parametrize(
    ("body", "phrase", "code"),
    [
        (
            "leaders:\n  - {name: Jane Roe, country: FRA, aliases: [Jane Roe],"
            " terms: [{title: foreign_minister, start: 2030-01-01}]}\n",
            "Jane Roe",
            "FRAGOV",
        ),
    ],
)
def test_load_actor_lexicon_overlays_user_folder(tmp_path, body, phrase, code):
    folder = tmp_path / "actors"
    folder.mkdir()
    (folder / "leaders.yaml").write_text(f"version: '1'\nsource: test\n{body}", "utf-8")
    lexicon = load_actor_lexicon(tmp_path)
    actor = resolve_text(phrase, lexicon=lexicon, on=date(2031, 1, 1))
    assert actor is not None and actor.code == code
    assert resolve_text("Putin", lexicon=lexicon, on=date(2024, 1, 1)).code == "RUSGOV"
