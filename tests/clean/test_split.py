"""Story splitting, titles, dates and datelines on our own pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from polevents.clean.split import split_dateline, split_stories

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


@pytest.mark.parametrize("name", ["two_stories.txt"])
def test_split_two_stories_with_titles_and_dates(name: str) -> None:
    stories = split_stories((PAGES / name).read_text(encoding="utf-8"))
    assert [(s.title, s.published_on) for s in stories] == [
        ("Kenya and Ethiopia Agree to Reopen Moyale Border Post", date(2025, 3, 3)),
        ("Chile Recalls Ambassador From Caracas Over Election Dispute", date(2025, 3, 2)),
    ]
    assert stories[0].dateline == "Nairobi"
    assert stories[0].paragraphs[0].startswith("Kenyan Foreign Minister")


@pytest.mark.parametrize(
    "noise",
    [
        "(AFP)",
        "Markets open higher in Tokyo",
        "Ghana Signs Cocoa Deal",
        "Peru Protests",
        "newsletter",
        "All rights reserved",
        "Home | World",
    ],
)
def test_split_keeps_noise_out_of_bodies(noise: str) -> None:
    stories = split_stories((PAGES / "two_stories.txt").read_text(encoding="utf-8"))
    assert all(noise not in paragraph for s in stories for paragraph in s.paragraphs)


@pytest.mark.parametrize(
    ("page", "kept", "dropped"),
    [
        (
            "Title of a Quiet Story About Talks\n\n1 May 2025\n\n"
            "The ministers met in Oslo on Monday to discuss fishing rights.\n\n"
            "They agreed to meet again in June, officials said.\n\n"
            "Comments (2)\n\nAnna: Norway should walk out of these talks at once!\n"
            "Reply\n\nBen: Fishing rights belong to the coastal villages, full stop.\n",
            "agreed to meet again",
            "walk out",
        ),
        (
            "Leaders Meet in Geneva for Climate Talks\n\n2 May 2025\n\n"
            "The leaders met in Geneva on Tuesday for talks on climate finance.\n\n"
            "Related News\n\nOther Country Signs Unrelated Deal\n\n"
            "They also agreed to set up a joint fund, the statement said.\n\n"
            "The fund will open next year with an initial budget, officials added.\n",
            "joint fund",
            "Unrelated Deal",
        ),
    ],
)
def test_split_zones_end_where_they_should(page: str, kept: str, dropped: str) -> None:
    [story] = split_stories(page)
    body = " ".join(story.paragraphs)
    assert kept in body and dropped not in body


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("MOSCOW — Russia said on Monday it would respond to the sanctions.", "Moscow"),
        ("BEIJING (Reuters) - China said on Monday it would respond to the tariffs.", "Beijing"),
        ("SEOUL, Nov. 7 -- North Korea fired two missiles into the sea on Friday.", "Seoul"),
        ("Addis Ababa (MM) - Somalia and Ethiopia agreed to restore full ties.", "Addis Ababa"),
        ("Russia and China agreed on Monday to expand their military drills.", None),
    ],
)
def test_split_dateline_place(paragraph: str, place: str | None) -> None:
    found, rest = split_dateline(paragraph)
    assert found == place
    assert rest.endswith(".") and (place is None or not rest.upper().startswith(place.upper()))
