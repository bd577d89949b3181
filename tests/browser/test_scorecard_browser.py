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
