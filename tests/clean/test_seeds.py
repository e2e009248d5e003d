"""Every story of the five seed pages is found with its title and publication date.

The expected list was written by reading the pages; a page that prints no
publication date for a story expects ``None`` (a photo's date is not one).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polevents.clean.articles import clean_document
from polevents.ingest.readers import iter_documents
from polevents.settings import Settings
from polevents.types import RawDocument

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"

EXPECTED = {
    "000_c7fa92cbe96cd0e3.txt": [
        ("Russia and China Agree to Deepen Defense Cooperation, Joint Exercises", None),
        ("Case of Italian Journalist Detained in Iran ‘Complicated’, Rome Says", None),
    ],
    "001_461b9aee2abb2f28.txt": [
        ("Putin: Russia, China Are not Creating Military Alliance", None),
        ("Iran Says 5 Inmates at Evin Prison Were Killed in Israel's Airstrike on Tehran", None),
    ],
    "002_d93ae70667fec127.txt": [
        ("Russia-China Relations Stronger than Ever: Defense Minister", "2025-06-26"),
    ],
    "003_d74d3e3d1cd4878b.txt": [
        ("Russia, China defense coop. effectively strengthens global security", "2024-05-16"),
    ],
    "004_3b13e1d28c208596.txt": [
        ("Iran Wants to Expand Strategic Ties with China to Confront US", None),
        ("Seoul: North Korea Suspected of Preparing to Send More Troops to Russia", None),
    ],
}
NEVER_IN_BODY = ["(AFP)", "(EPA)", "File photo", "Reuters file photo", "Related Articles",
                 "Download the App", "Most Read", "All Rights Reserved", "Trump cut off contact",
                 "No comments yet", "France to impose handling fee"]  # fmt: skip


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED.items()))
def test_seeds_stories_titles_dates(name: str, expected: list[tuple[str, str | None]]) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"shared seeds not present at {SEEDS}")
    [raw] = list(iter_documents([SEEDS / name], settings=Settings()))
    assert isinstance(raw, RawDocument)
    articles = clean_document(raw, settings=Settings())
    found = [(a.title, a.published_on.isoformat() if a.published_on else None) for a in articles]
    assert found == expected
    for article in articles:
        assert not any(noise in article.body for noise in NEVER_IN_BODY)
