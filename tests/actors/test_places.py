import pytest

from polevents.actors.places import locate


@pytest.mark.parametrize(
    ("text", "dateline", "name", "country"),
    [
        ("Protesters gathered in Tbilisi on Sunday.", None, "Tbilisi", "GEO"),
        ("Russia struck targets in Ukraine.", None, "Ukraine", "UKR"),
        ("Russia said the talks failed.", "MOSCOW", "Moscow", "RUS"),
        ("Officials met in Kharkiv.", None, "Kharkiv", "UKR"),
        ("Putin met Xi.", "KYIV, Ukraine (Reuters) -", "Kyiv", "UKR"),
    ],
)
def test_locate_finds_place_or_dateline(nlp_parse, actor_lexicon, text, dateline, name, country):
    (sentence,) = nlp_parse(text)
    location = locate(sentence, dateline=dateline, lexicon=actor_lexicon)
    assert location is not None
    assert (location.name, location.country) == (name, country)
    assert location.lat is not None and location.lon is not None


@pytest.mark.parametrize(
    "text", ["Russia warned Ukraine.", "Moscow condemned the move.", "China's economy grew."]
)
def test_locate_ignores_states_named_as_actors(nlp_parse, actor_lexicon, text):
    (sentence,) = nlp_parse(text)
    assert locate(sentence, dateline=None, lexicon=actor_lexicon) is None
