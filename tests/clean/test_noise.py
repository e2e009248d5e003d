"""The line classifier on short hand-written lines."""

from __future__ import annotations

import pytest

from polevents.clean.noise import classify_line, zone_of


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Kenya and Ethiopia Agree to Reopen Border Post", "headline"),
        ("Seoul: North Korea Suspected of Preparing to Launch Satellite", "headline"),
        ("The two ministers signed a trade memorandum in Nairobi on Sunday.", "body"),
        ('"We will not accept any threats," the minister said.', "body"),
        ("Soldiers patrol near the border town of Moyale. (AFP)", "caption"),
        ("Troops parade in the capital in 2023. (AP Photo/Jane Roe)", "caption"),
        ("Prime Minister meets envoys. Reuters file photo", "caption"),
        ("Border guards on patrol. Photo: Ministry of Defence", "caption"),
        ("File photo: soldiers at the crossing", "caption"),
        ("Monday, 3 March, 2025 - 09:15", "date"),
        ("Published: 22 May 2025, 13:10 | Updated: 22 May 2025, 17:45", "date"),
        ("  • 25 Jul 2025 13:10", "date"),
        ("By Jane Roe", "byline"),
        ("Diplomatic Correspondent", "byline"),
        ("We use cookies to improve your experience on our site.", "banner"),
        ("Copyright 2025 World Desk Daily. All rights reserved.", "banner"),
        ("Subscribe to our newsletter", "banner"),
        ("Download the World Desk app today", "banner"),
        ("Read also: Chile and Peru sign fishing accord", "teaser"),
        ("Home | World | Politics | Business | Sport", "menu"),
        ("  • Politics", "menu"),
        ("Home » Politics » Region", "menu"),
        ("(This story was generated from a syndicated feed.)", "banner"),
        ("(END)", "note"),
        ("Tags: Kenya, Ethiopia, trade", "note"),
        ("- - - - - - - -", "separator"),
        ("Most Read", "marker"),
        ("", "blank"),
        ("WORLD NEWS TODAY", "short"),
    ],
)
def test_noise_classify_line(line: str, kind: str) -> None:
    assert classify_line(line) == kind


@pytest.mark.parametrize(
    ("label", "zone"),
    [
        ("Related Articles", "related"),
        ("MORE FROM MERIDIAN", "related"),
        ("Comments (12)", "comments"),
        ('4 thoughts on "Kenya and Ethiopia Agree to Reopen Border Post"', "comments"),
        ("BREAKING", "ticker"),
        ("Ukraine", None),
        ("Energy sector", None),
    ],
)
def test_noise_zone_of_labels(label: str, zone: str | None) -> None:
    assert zone_of(label) == zone
