"""The dashboard in a real Chromium: pick a dyad, see the chart, open an event, read it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def _open(browser: Any, url: str, *, width: int, height: int) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: errors.append(f"request failed: {req.url}"))
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=15_000)
    return page, errors


@pytest.mark.parametrize(("width", "height"), [(1280, 860), (390, 844)])
def test_dashboard_dyad_chart_opens_event_sentence(
    browser: Any, live_url: str, tmp_path: Path, width: int, height: int
) -> None:
    page, errors = _open(browser, f"{live_url}/?view=dyad", width=width, height=height)
    page.fill("#dyad-form input[name=a]", "RUS")
    page.fill("#dyad-form input[name=b]", "CHN")
    page.click("#dyad-form button[type=submit]")
    bars = page.locator("#dyad-chart svg g.mark-rect path")
    bars.first.wait_for(timeout=15_000)
    assert bars.count() >= 12  # 15 months, one bar per non-empty QuadClass
    assert "a=RUS" in page.url and "b=CHN" in page.url  # the view is shareable
    bars.first.click()
    rows = page.locator("#dyad-events tbody tr")
    rows.first.wait_for(timeout=10_000)
    rows.first.click()
    sentence = page.locator("#event-detail .sentence")
    sentence.wait_for(timeout=10_000)
    assert "Russia" in sentence.inner_text()
    assert page.locator("#event-detail .sentence mark.source").count() == 1
    assert page.locator("#event-detail .mentions a[href^='https://example.org/']").count() == 1
    assert "event=ev_" in page.url
    page.screenshot(path=str(tmp_path / f"dyad-{width}.png"), full_page=True)
    assert (tmp_path / f"dyad-{width}.png").stat().st_size > 10_000
    assert errors == []
    page.close()


@pytest.mark.parametrize("query", ["view=network&min=1"])
def test_dashboard_network_draws_blocs(browser: Any, live_url: str, query: str) -> None:
    page, errors = _open(browser, f"{live_url}/?{query}", width=1280, height=860)
    nodes = page.locator("#network-chart svg g.mark-symbol path")
    nodes.first.wait_for(timeout=15_000)
    assert nodes.count() == 4
    assert "CHN, RUS" in page.locator("#network-blocs").inner_text()
    assert errors == []
    page.close()


@pytest.mark.parametrize(("query", "rows"), [("view=events", 14), ("view=events&q=accused", 7)])
def test_dashboard_events_table_filters(browser: Any, live_url: str, query: str, rows: int) -> None:
    page, errors = _open(browser, f"{live_url}/?{query}", width=1280, height=860)
    assert page.locator("#events-table tbody tr").count() == rows
    assert errors == []
    page.close()
