"""robots.txt parsing and caching."""

from __future__ import annotations

import pytest

from polevents.collect.robots import RobotsCache, parse_robots

RULES = (
    "User-agent: *\nDisallow: /private/\nCrawl-delay: 5\n\n"
    "User-agent: polevents\nDisallow: /nopolevents/\n"
)


@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/news/1", True), ("/nopolevents/1", False), ("/private/1", True)],
)
def test_parse_robots_matches_polevents_group(path: str, allowed: bool) -> None:
    """The polevents group replaces the * group, as RFC 9309 says."""
    assert parse_robots(200, RULES).allows(f"https://a.com{path}") is allowed


@pytest.mark.parametrize(
    ("text", "delay"),
    [
        ("User-agent: *\nCrawl-delay: 5\n", 5.0),
        ("User-agent: *\nCrawl-delay: 600\n", 30.0),
        ("", None),
    ],
)
def test_parse_robots_reads_capped_crawl_delay(text: str, delay: float | None) -> None:
    assert parse_robots(200, text).crawl_delay_s == delay


@pytest.mark.parametrize(
    ("status", "allowed", "unreachable"),
    [(404, True, False), (401, True, False), (503, False, False), (None, False, True)],
)
def test_parse_robots_handles_missing_and_broken(
    status: int | None, allowed: bool, unreachable: bool
) -> None:
    rules = parse_robots(status, "")
    assert (rules.allows("https://a.com/x"), rules.unreachable) == (allowed, unreachable)


@pytest.mark.parametrize("origins", [["https://a.com"] * 3, ["https://a.com", "https://b.com"]])
def test_robots_cache_loads_each_origin_once(origins: list[str]) -> None:
    loaded: list[str] = []

    def loader(url: str) -> tuple[int | None, str]:
        loaded.append(url)
        return 404, ""

    cache = RobotsCache(loader)
    for origin in origins:
        cache.rules_for(origin)
    assert loaded == [f"{o}/robots.txt" for o in dict.fromkeys(origins)]
