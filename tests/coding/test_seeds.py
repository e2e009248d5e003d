"""The five real scraped seed pages (../shared/corpus/seeds): what a reader sees is coded,
and nothing a careful reader would reject is. Expectations written by reading the pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevents.service import run_pipeline
from polevents.settings import load_settings
from polevents.types import Event


@pytest.fixture(scope="module")
def seed_events(shared_dir: Path) -> dict[str, list[Event]]:
    seeds = sorted((shared_dir / "corpus" / "seeds").glob("*.txt"))
    by_page: dict[str, list[Event]] = {}
    for result in run_pipeline(seeds, settings=load_settings()):
        by_page[result.doc[:3]] = list(result.events)
    return by_page


def _dyads(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    found = set()
    for e in events:
        target = e.target.country if e.target else None
        found.add((e.source.country, target, e.cameo_root))
        if e.symmetric:
            found.add((target, e.source.country, e.cameo_root))
    return found


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("000", ("RUS", "CHN", "04")),  # Patrushev met China's top diplomat Yang Jiechi
        ("001", ("ISR", "IRN", "19")),  # an Israeli airstrike on Iran's capital last month
        ("003", ("RUS", "CHN", "05")),  # Putin and Xi ratify a joint declaration
        ("003", ("RUS", "CHN", "04")),  # Putin's state visit to China / talks with Xi
        ("003", ("RUS", "USA", "11")),  # Russia and China condemned US missile deployments
        ("004", ("IRN", "CHN", "03")),  # Raisi: Tehran wants to expand strategic ties with China
    ],
)
def test_seed_pages_code_what_a_reader_sees(
    seed_events: dict[str, list[Event]], page: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _dyads(seed_events[page])


@pytest.mark.parametrize(
    ("page", "phrase", "forbidden_roots"),
    [
        ("001", "not creating", {"03", "05", "06"}),  # Putin's denial of a military alliance
        ("001", "could arm", {"07"}),  # Washington fears Beijing could arm Russia
        ("001", "in early 2022", {"05", "03"}),  # background: the 2022 "no limits" accord
        ("004", "In 2021", {"05", "03", "06"}),  # background: the 2021 cooperation agreement
        ("000", "Since the invasion", {"18", "19", "16"}),  # background narration
    ],
)
def test_seed_pages_never_code_denials_or_background(
    seed_events: dict[str, list[Event]], page: str, phrase: str, forbidden_roots: set[str]
) -> None:
    hits = [
        e for e in seed_events[page] if phrase in e.sentence and e.cameo_root in forbidden_roots
    ]
    assert not hits, [(e.cameo_code, e.sentence) for e in hits]
