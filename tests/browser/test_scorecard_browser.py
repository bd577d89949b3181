"""The sidebar's replay and step buttons move the date on every page, URL included."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 60_000


def test_replay_the_article_date_then_step_a_month(page, demo_server):
    page.goto(f"{demo_server}/overview", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=RENDER_TIMEOUT_MS)
    page.get_by_role("button", name=re.compile("Replay the article")).click()
    expect(page).to_have_url(re.compile(r"[?&]as_of=2023-11-28"), timeout=RENDER_TIMEOUT_MS)
    page.get_by_text("Everything below is as of 2023-11-28").wait_for(timeout=RENDER_TIMEOUT_MS)
    page.get_by_role("button", name="−1m").click()
    expect(page).to_have_url(re.compile(r"[?&]as_of=2023-10-28"), timeout=RENDER_TIMEOUT_MS)
    page.get_by_text("Everything below is as of 2023-10-28").wait_for(timeout=RENDER_TIMEOUT_MS)


def test_scorecard_is_the_first_page_and_fills_every_row(page, demo_server):
    page.goto(f"{demo_server}/?as_of=2023-11-28", timeout=RENDER_TIMEOUT_MS)
    page.get_by_text("The thesis, claim by claim").wait_for(timeout=RENDER_TIMEOUT_MS)
    page.get_by_text("claims supported").wait_for(timeout=RENDER_TIMEOUT_MS)
    assert "loading…" not in page.inner_text("body")
    card = page.locator("table.text-table").first
    # The card's text is shown as written: a rule "> 0 pp" is not turned into a quote.
    rules = [t.replace("\u00a0", " ") for t in card.locator("td").all_inner_texts()]  # unbroken cells
    assert "> 0 pp" in rules and "< 70" in rules
    assert card.locator("blockquote, ul, ol, h1, h2, h3").count() == 0
    link = card.get_by_role("link", name="open the page ↗").first
    assert re.search(r"/overview\?as_of=2023-11-28$", link.get_attribute("href"))


def test_clicking_a_timeline_column_replays_its_date(page, demo_server):
    # A short timeline (2023-11-28 to 2024-01-30, ten weekly columns): hover a cell for its
    # claim, date, value and rule, click it, and the whole dashboard moves to that date.
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{demo_server}/?as_of=2024-01-30", timeout=RENDER_TIMEOUT_MS)
    page.get_by_text("Download scorecard timeline").wait_for(timeout=RENDER_TIMEOUT_MS)
    cells = page.locator('.nsewdrag[data-subplot="x2y2"]')
    cells.scroll_into_view_if_needed()
    box = cells.bounding_box()
    x, y = box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.5
    page.mouse.move(x - 10, y - 10)
    page.mouse.move(x, y, steps=5)
    hover_text = "() => [...document.querySelectorAll('.hoverlayer')].map(e => e.textContent).join('')"
    page.wait_for_function(f"({hover_text})().includes('rule')", timeout=RENDER_TIMEOUT_MS)
    hover = page.evaluate(hover_text)
    day = re.search(r"(\d{4}-\d{2}-\d{2}): .*\(rule ", hover).group(1)
    assert "2023-11-28" <= day < "2024-01-30"
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(rf"[?&]as_of={day}"), timeout=RENDER_TIMEOUT_MS)
    page.get_by_text(f"One column per week from 2023-11-28 to {day}").wait_for(timeout=RENDER_TIMEOUT_MS)
