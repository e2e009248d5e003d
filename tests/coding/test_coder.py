"""The coder on one sentence at a time: each CAMEO root, each trap class, each date kind.

Sentences are written for these tests. Expectations are (source country, target country,
CAMEO root); the publication date is Thursday 26 June 2025.
"""

from __future__ import annotations

from datetime import date

import pytest

from polevents.coding.engine import Coder
from polevents.settings import load_settings
from polevents.types import Article, Event

PUBLISHED = date(2025, 6, 26)


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.from_settings(load_settings())


def code(coder: Coder, text: str, published: date = PUBLISHED) -> list[Event]:
    article = Article("a1", "d1", "test.txt", 0, "Test", text, "en", published_on=published)
    return coder.code_articles([article])


def dyads(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {
        (e.source.country, e.target.country if e.target else None, e.cameo_root) for e in events
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Egypt told Ethiopia that the dam talks had failed.", ("EGY", "ETH", "01")),
        ("Ukraine urged Germany to send more air defence systems.", ("UKR", "DEU", "02")),
        ("China agreed to deepen military cooperation with Russia.", ("CHN", "RUS", "03")),
        (
            "Turkish President Recep Tayyip Erdogan met Azerbaijani President Ilham Aliyev "
            "in Ankara.",
            ("TUR", "AZE", "04"),
        ),
        ("Japan praised South Korea for its constructive approach.", ("JPN", "KOR", "05")),
        ("Russia shared intelligence with Belarus.", ("RUS", "BLR", "06")),
        ("Germany delivered two air defence systems to Ukraine.", ("DEU", "UKR", "07")),
        ("Russia released two Ukrainian soldiers.", ("RUS", "UKR", "08")),
        ("Polish prosecutors investigated Russia over the drone crash.", ("POL", "RUS", "09")),
        ("Iran demanded that the United States lift its sanctions.", ("IRN", "USA", "10")),
        ("France condemned Algeria for the expulsions.", ("FRA", "DZA", "11")),
        ("Pakistan rejected India's proposal.", ("PAK", "IND", "12")),
        ("North Korea threatened to strike South Korea.", ("PRK", "KOR", "13")),
        ("Armenian protesters rallied against Russia.", ("ARM", "RUS", "14")),
        ("Venezuela deployed warships against Guyana.", ("VEN", "GUY", "15")),
        ("Britain imposed sanctions on Russia.", ("GBR", "RUS", "16")),
        ("Chinese police arrested two Japanese citizens.", ("CHN", "JPN", "17")),
        ("Sudanese rebels abducted three Egyptian engineers.", ("SDN", "EGY", "18")),
        ("Israeli jets struck Iranian air defence sites on Monday.", ("ISR", "IRN", "19")),
        ("Syrian government forces gassed rebels in Douma on Monday.", ("SYR", "SYR", "20")),
    ],
)
def test_coder_codes_each_root(coder: Coder, text: str, expected: tuple[str, str, str]) -> None:
    found = dyads(code(coder, text))
    assert expected in found, found


@pytest.mark.parametrize(
    ("text", "forbidden_roots"),
    [
        ("Putin said Russia and China are not creating a military alliance.", {"03", "05", "06"}),
        ("Tehran would ship its uranium abroad if US sanctions were lifted.", {"08", "16"}),
        ("Had Iran struck first, Israel would have attacked its ports.", {"19", "18"}),
        ("Russia could arm North Korea with new missiles.", {"07"}),
        ("Analysts say China may impose sanctions on the Philippines.", {"16"}),
        ("Will Russia send more troops to Belarus?", {"15", "07"}),
        ("Iranian drones reportedly struck a Saudi tanker.", {"19", "18"}),
        ("Seoul warned that North Korea could send more troops to Russia.", {"15", "07", "06"}),
        ("Modi is due to meet Xi Jinping in Tianjin next week.", {"04"}),
        ("In 2019, Indian jets struck targets in Pakistan.", {"19", "18"}),
        ("Azerbaijan denied firing on Armenian positions.", {"19", "18"}),
        ("China has refrained from condemning Russia.", {"11"}),
    ],
)
def test_coder_never_codes_a_trap(coder: Coder, text: str, forbidden_roots: set[str]) -> None:
    roots = {e.cameo_root for e in code(coder, text)}
    assert not roots & forbidden_roots, roots


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    [
        ("Egypt condemned Israel on Monday.", date(2025, 6, 23), "sentence"),
        ("Egypt condemned Israel yesterday.", date(2025, 6, 25), "sentence"),
        ("Egypt condemned Israel on June 3.", date(2025, 6, 3), "sentence"),
        ("Egypt condemned Israel two days ago.", date(2025, 6, 24), "sentence"),
        ("Egypt condemned Israel.", PUBLISHED, "published"),
    ],
)
def test_coder_dates_the_event(coder: Coder, text: str, expected: date, source: str) -> None:
    events = [e for e in code(coder, text) if e.cameo_root == "11"]
    assert events and events[0].event_date == expected and events[0].date_source == source


def test_coder_fills_codebook_fields_and_evidence(coder: Coder) -> None:
    text = "Britain imposed sanctions on Russia on Wednesday."
    (event,) = [e for e in code(coder, text) if e.cameo_root == "16"]
    assert (event.quad_class, event.goldstein, event.plover_type) == (4, -8.0, "COERCE")
    assert event.sentence == text and event.rule.startswith("verb:")
    record = event.to_record()
    assert record["source_code"].startswith("GBR") and record["target_country"] == "RUS"


def test_coder_reads_a_reaction_target_from_the_story(coder: Coder) -> None:
    text = "Armenia accused Azerbaijan of shelling a border village. Baku rejected the claim."
    assert ("AZE", "ARM", "12") in dyads(code(coder, text))


def test_coder_codes_a_symmetric_event_between_conjoined_subjects(coder: Coder) -> None:
    events = code(coder, "Russia and China signed an energy agreement in Beijing.")
    signed = [e for e in events if e.cameo_root == "05"]
    assert signed and signed[0].symmetric
    assert {signed[0].source.country, signed[0].target.country} == {"RUS", "CHN"}


def test_coder_codes_a_pledge_in_reported_future_as_intent(coder: Coder) -> None:
    roots = {e.cameo_root for e in code(coder, "Xi said China would provide loans to Kazakhstan.")}
    assert "03" in roots and "07" not in roots


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a conjunct shares its head's partner
        (
            "Germany delivered two tanks to Ukraine and pledged more military aid.",
            ("DEU", "UKR", "03"),
        ),
        # refusing to recognise is a rejection
        ("Serbia said it did not recognise the decision of Kosovo.", ("SRB", "XKX", "12")),
        # an act held out under a condition by its own actor is a threat
        (
            "France said it was prepared to impose sanctions on Iran unless it restores access.",
            ("FRA", "IRN", "13"),
        ),
        # readiness to cooperate is an intent
        ("Baku said Azerbaijan was ready to sign a gas deal with Turkey.", ("AZE", "TUR", "03")),
        # what another should do is an appeal to it
        (
            "China told reporters that Washington should stop its provocations.",
            ("CHN", "USA", "02"),
        ),
        # "called on" a person, with no clause, is a visit
        (
            "Chinese Foreign Minister Wang Yi called on Prime Minister Narendra Modi.",
            ("CHN", "IND", "04"),
        ),
        # the purpose phrase carries the partner
        (
            "Somalia's president arrived in Addis Ababa for talks with Ethiopia.",
            ("SOM", "ETH", "04"),
        ),
        # a protest's civilians are the place's, aimed at the embassy's country
        (
            "Hundreds of students marched towards the Indian High Commission in Dhaka.",
            ("BGD", "IND", "14"),
        ),
    ],
)
def test_coder_codes_constructions(coder: Coder, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in dyads(code(coder, text))


def test_coder_resolves_a_surname_to_the_person_named_before(coder: Coder) -> None:
    text = "Chinese Foreign Minister Wang Yi arrived in Delhi. Wang praised India for its help."
    assert ("CHN", "IND", "05") in dyads(code(coder, text))


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        # topics of a discussion are not its partners
        (
            "Russia and China discussed Taiwan and Ukraine.",
            {("RUS", "TWN", "04"), ("RUS", "UKR", "04")},
        ),
        # a conjunct of the other polarity does not inherit the partner
        (
            "Moscow backed Beijing over Taiwan and criticized the provocations.",
            {("RUS", "CHN", "11")},
        ),
        # preparing to act is not a threat: no condition is held out
        (
            "Seoul said North Korea is preparing to send more troops to Russia.",
            {("PRK", "RUS", "15"), ("PRK", "RUS", "13")},
        ),
    ],
)
def test_coder_does_not_invent_partners(
    coder: Coder, text: str, forbidden: set[tuple[str, str, str]]
) -> None:
    found = dyads(code(coder, text))
    assert not forbidden & found, found
