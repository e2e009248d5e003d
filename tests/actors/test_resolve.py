from datetime import date

import pytest

from polevents.actors.resolve import find_actors, resolve_text

D2025 = date(2025, 3, 1)


def _mentions(nlp_parse, lexicon, text, on=D2025):
    (sentence,) = nlp_parse(text)
    return [
        (m.actor.text, m.actor.code, m.actor.country)
        for m in find_actors(sentence, lexicon=lexicon, on=on)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia and China signed a deal.", [("Russia", "RUS", "RUS"), ("China", "CHN", "CHN")]),
        (
            "The United States warned Türkiye.",
            [("The United States", "USA", "USA"), ("Türkiye", "TUR", "TUR")],
        ),
        (
            "The US and Britain met the UK envoy.",
            [
                ("The US", "USA", "USA"),
                ("Britain", "GBR", "GBR"),
                ("the UK envoy", "GBRGOV", "GBR"),
            ],
        ),
        (
            "U.S. officials criticised Turkey.",
            [("U.S. officials", "USAGOV", "USA"), ("Turkey", "TUR", "TUR")],
        ),
    ],
)
def test_find_actors_resolves_country_names(nlp_parse, actor_lexicon, text, expected):
    assert _mentions(nlp_parse, actor_lexicon, text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pakistani troops fired across the border.", "PAKMIL"),
        ("The Indian Army said it was ready.", "INDMIL"),
        ("Israeli jets struck overnight.", "ISRMIL"),
        ("Russian police detained dozens.", "RUSCOP"),
        ("Iranian state media reported the attack.", "IRNMED"),
        ("Emirati officials denied it.", "AREGOV"),
        ("North Korean soldiers crossed the line.", "PRKMIL"),
        ("The Chinese side rejected the claim.", "CHNGOV"),
        ("China's top diplomat warned Washington.", "CHNGOV"),
        ("Tehran's top diplomat arrived on Monday.", "IRNGOV"),
        ("Russian Defence Minister Andrei Belousov spoke.", "RUSGOVMIL"),
        ("Iranian Foreign Minister Abbas Araghchi spoke.", "IRNGOV"),
    ],
)
def test_find_actors_joins_demonym_or_country_with_role(nlp_parse, actor_lexicon, text, code):
    assert _mentions(nlp_parse, actor_lexicon, text)[0][1] == code


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Russian oil flowed to India.", ("India", "IND", "IND")),
        ("Chinese goods flooded Kenya.", ("Kenya", "KEN", "KEN")),
    ],
)
def test_find_actors_ignores_demonym_modifying_a_thing(nlp_parse, actor_lexicon, text, first):
    assert _mentions(nlp_parse, actor_lexicon, text) == [first]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Kremlin said talks would go on.", "RUSGOV"),
        ("Downing Street declined to comment.", "GBRGOV"),
        ("The White House said nothing.", "USAGOV"),
        ("The Pentagon sent more ships.", "USAMIL"),
        ("Beijing protested.", "CHN"),
        ("Pyongyang fired a missile.", "PRK"),
        ("Seoul responded.", "KOR"),
        ("Kyiv asked for help.", "UKR"),
        ("Baku and Yerevan traded blame.", "AZE"),
        ("New Delhi summoned the envoy.", "IND"),
        ("Islamabad denied it.", "PAK"),
    ],
)
def test_find_actors_reads_capitals_and_seats_as_states(nlp_parse, actor_lexicon, text, code):
    assert _mentions(nlp_parse, actor_lexicon, text)[0][1] == code


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Russian President Vladimir Putin met Xi.", [(0, 4), (5, 6)]),
        ("China's top diplomat Yang Jiechi left.", [(0, 6)]),
        ("Moscow and Beijing agreed.", [(0, 1), (2, 3)]),
    ],
)
def test_find_actors_spans_whole_noun_phrase(nlp_parse, actor_lexicon, text, spans):
    (sentence,) = nlp_parse(text)
    found = find_actors(sentence, lexicon=actor_lexicon, on=D2025)
    assert [(m.start, m.end) for m in found] == spans


@pytest.mark.parametrize(
    ("phrase", "on", "code", "name"),
    [
        ("Putin", date(2024, 1, 1), "RUSGOV", "Vladimir Putin"),
        ("Xi Jinping", date(2024, 1, 1), "CHNGOV", "Xi Jinping"),
        ("Erdogan", date(2024, 1, 1), "TURGOV", "Recep Tayyip Erdogan"),
        ("Netanyahu", date(2024, 1, 1), "ISRGOV", "Benjamin Netanyahu"),
        ("Netanyahu", date(2022, 1, 1), "ISROPP", "Benjamin Netanyahu"),
        ("Modi", date(2024, 1, 1), "INDGOV", "Narendra Modi"),
        ("Zelensky", date(2024, 1, 1), "UKRGOV", "Volodymyr Zelensky"),
        ("Pezeshkian", date(2023, 1, 1), "IRNLEG", "Masoud Pezeshkian"),
        ("Pezeshkian", date(2025, 1, 1), "IRNGOV", "Masoud Pezeshkian"),
        ("Trump", date(2022, 6, 1), "USAELI", "Donald Trump"),
        ("Trump", date(2025, 6, 1), "USAGOV", "Donald Trump"),
        ("Wang Yi", date(2024, 1, 1), "CHNGOV", "Wang Yi"),
        ("Shoigu", date(2023, 1, 1), "RUSGOVMIL", "Sergei Shoigu"),
        ("Shoigu", date(2025, 1, 1), "RUSGOV", "Sergei Shoigu"),
        ("the Iranian president", date(2023, 6, 1), "IRNGOV", "Ebrahim Raisi"),
        ("the Iranian president", date(2025, 6, 1), "IRNGOV", "Masoud Pezeshkian"),
        ("the president of Iran", date(2025, 6, 1), "IRNGOV", "Masoud Pezeshkian"),
        ("Russian Defence Minister", date(2023, 6, 1), "RUSGOVMIL", "Sergei Shoigu"),
        ("Russian Defence Minister", date(2025, 6, 1), "RUSGOVMIL", "Andrei Belousov"),
        ("former president Rouhani", date(2023, 6, 1), "IRNELI", "Hassan Rouhani"),
    ],
)
def test_resolve_text_uses_terms_on_the_story_date(actor_lexicon, phrase, on, code, name):
    actor = resolve_text(phrase, lexicon=actor_lexicon, on=on)
    assert actor is not None
    assert (actor.code, actor.name) == (code, name)


@pytest.mark.parametrize(
    ("phrase", "code", "kind"),
    [
        ("the UN Security Council", "IGOUNO", "igo"),
        ("NATO", "IGOWSTNAT", "igo"),
        ("the European Commission", "IGOEUREEC", "igo"),
        ("the IAEA", "IGOUNOIAE", "igo"),
        ("BRICS", "IGOBRI", "igo"),
        ("the Organization of Turkic States", "IGOCASOTS", "igo"),
        ("the ICC", "IGOICC", "igo"),
        ("Amnesty International", "NGOAMN", "ngo"),
        ("Hamas", "PSEREBHMS", "group"),
        ("Hezbollah", "LBNREBHEZ", "group"),
        ("Ansar Allah", "YEMREB", "group"),
        ("the Houthis", "YEMREB", "group"),
        ("the Islamic State", "IMGMOS", "group"),
        ("Wagner", "RUSMIL", "group"),
    ],
)
def test_resolve_text_codes_organisations_and_groups(actor_lexicon, phrase, code, kind):
    actor = resolve_text(phrase, lexicon=actor_lexicon, on=D2025)
    assert actor is not None
    assert (actor.code, actor.kind) == (code, kind)


@pytest.mark.parametrize(
    ("phrase", "on", "code"),
    [
        ("the Taliban", date(2019, 1, 1), "AFGREBTAL"),
        ("the Taliban", date(2022, 1, 1), "AFGGOVTAL"),
        ("the RSF", date(2020, 1, 1), "SDNMIL"),
        ("the RSF", date(2024, 1, 1), "SDNREB"),
    ],
)
def test_resolve_text_switches_group_role_by_date(actor_lexicon, phrase, on, code):
    actor = resolve_text(phrase, lexicon=actor_lexicon, on=on)
    assert actor is not None and actor.code == code


@pytest.mark.parametrize(
    ("text", "code", "country"),
    [
        ("Protesters in Tbilisi clashed with police.", "GEOCVL", "GEO"),
        ("The opposition leader was arrested.", "OPP", None),
    ],
)
def test_find_actors_role_takes_country_from_place_or_none(
    nlp_parse, actor_lexicon, text, code, country
):
    first = _mentions(nlp_parse, actor_lexicon, text)[0]
    assert first[1:] == (code, country)


@pytest.mark.parametrize("text", ["They went to the other side of the river.", "Prices rose."])
def test_find_actors_finds_nothing_without_actor(nlp_parse, actor_lexicon, text):
    assert _mentions(nlp_parse, actor_lexicon, text) == []


@pytest.mark.parametrize("text", ["us", "who said so"])
def test_resolve_text_keeps_acronyms_case_sensitive(actor_lexicon, text):
    assert resolve_text(text, lexicon=actor_lexicon, on=D2025) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Indian and Pakistani troops exchanged fire.",
            [("Indian", "INDMIL"), ("Pakistani troops", "PAKMIL")],
        ),
        (
            "Israeli and Syrian officials met.",
            [("Israeli", "ISRGOV"), ("Syrian officials", "SYRGOV")],
        ),
        ("Polish and allied aircraft were scrambled.", [("Polish", "POLMIL")]),
        (
            "British, French and German diplomats met.",
            [("British", "GBRGOV"), ("French", "FRAGOV"), ("German diplomats", "DEUGOV")],
        ),
    ],
)
def test_find_actors_gives_each_coordinated_adjective_the_shared_role(
    nlp_parse, actor_lexicon, text, expected
):
    assert [m[:2] for m in _mentions(nlp_parse, actor_lexicon, text)] == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pakistan's Foreign Office accused India.", "PAKGOV"),
        ("Algeria\u2019s foreign ministry said it was surprised.", "DZAGOV"),
        ("North Korea's official KCNA news agency said so.", "PRKMED"),
        ("Seoul's Unification Ministry said talks were off.", "KORGOV"),
        ("South Korea's Joint Chiefs of Staff said so.", "KORMIL"),
        ("Ukraine's Security and Defence Council met.", "UKRGOV"),
        ("China's Ministry of Commerce announced curbs.", "CHNGOV"),
        ("Russia's Black Sea Fleet moved.", "RUSMIL"),
        ("Iran's nuclear negotiators arrived.", "IRNGOV"),
    ],
)
def test_find_actors_composes_possessive_country_with_body(nlp_parse, actor_lexicon, text, code):
    first = _mentions(nlp_parse, actor_lexicon, text)[0]
    assert first[1] == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Ministry of External Affairs summoned the envoy.", "INDGOV"),
        ("The Department of Foreign Affairs protested.", "PHLGOV"),
        ("The Foreign Office said nothing.", "GBRGOV"),
        ("The FCDO said nothing.", "GBRGOV"),
        ("The Quai d\u2019Orsay said nothing.", "FRAGOV"),
        ("The Joint Chiefs of Staff said so.", "USAMIL"),
        ("The Guyana Defence Force said so.", "GUYMIL"),
        ("The Nigerian Armed Forces said so.", "NGAMIL"),
        ("The Philippine Coast Guard said so.", "PHLMIL"),
        ("The Saudi Press Agency said so.", "SAUMED"),
    ],
)
def test_find_actors_knows_country_specific_bodies(nlp_parse, actor_lexicon, text, code):
    assert _mentions(nlp_parse, actor_lexicon, text)[0][1] == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kosovo police arrested a man.", ("Kosovo police", "XKXCOP", "XKX")),
        ("Pristina rejected the accusations.", ("Pristina", "XKX", "XKX")),
        (
            "Kosovo Prime Minister Albin Kurti spoke.",
            ("Kosovo Prime Minister Albin Kurti", "XKXGOV", "XKX"),
        ),
    ],
)
def test_find_actors_codes_kosovo_as_xkx(nlp_parse, actor_lexicon, text, expected):
    assert _mentions(nlp_parse, actor_lexicon, text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China summoned Japan's ambassador in Beijing.", ("Japan's ambassador", "JPNGOV", "JPN")),
        ("France recalled its ambassador in Algiers.", ("its ambassador", "GOV", None)),
        ("Tehran moved its troops in Syria.", ("its troops", "MIL", None)),
    ],
)
def test_find_actors_posted_or_owned_role_takes_no_country_from_place(
    nlp_parse, actor_lexicon, text, expected
):
    assert expected in _mentions(nlp_parse, actor_lexicon, text)


@pytest.mark.parametrize(
    "text", ["The army-led government filed a case.", "The US-brokered truce held."]
)
def test_find_actors_skips_hyphenated_modifier(nlp_parse, actor_lexicon, text):
    assert all(
        code not in ("MIL", "USA") for _, code, _ in _mentions(nlp_parse, actor_lexicon, text)
    )


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Prince Faisal", "Faisal bin Farhan"),
        ("Nikolai Patrushev", "Nikolai Patrushev"),
        ("Scott Bessent", "Scott Bessent"),
        ("Touhid Hossain", "Touhid Hossain"),
        ("Vjosa Osmani", "Vjosa Osmani"),
    ],
)
def test_resolve_text_knows_officials_from_dev_and_seed_pages(actor_lexicon, phrase, name):
    actor = resolve_text(phrase, lexicon=actor_lexicon, on=D2025)
    assert actor is not None and actor.name == name
