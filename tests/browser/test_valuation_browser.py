"""The Valuation page in Chromium: every chart draws, the sector group control moves the URL."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 60_000
CHARTS = 5  # records, treemap, sector mix, heatmap, rank change


def test_valuation_page_draws_and_switches_sector_group(page, demo_server):
    page.set_viewport_size({"width": 1400, "height": 5200})  # the page is long; draw it all at once
    page.goto(f"{demo_server}/valuation?as_of=2023-11-28")
    expect(page.get_by_text("Which sectors lead")).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {CHARTS}",
                           timeout=RENDER_TIMEOUT_MS)
    # The treemap draws one tile per sector and per holding (300 demo members, 11 sectors).
    assert page.locator(".js-plotly-plot .treemaplayer .slice").count() >= 300
    assert page.locator(".js-plotly-plot .hm image").count() == 1  # the sector heatmap
    expect(page.get_by_text(re.compile(r"Week to 2023-11-28: leaders XL"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Holdings as of 2025-05-13, later than the as-of date"))).to_be_visible()

    page.get_by_text("S&P SmallCap 600 sectors (Invesco)", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]val_group=S%26P\+SmallCap|[?&]val_group=S&P"), timeout=RENDER_TIMEOUT_MS)
    expect(page.get_by_text(re.compile(r"Week to 2023-11-28: leaders PSC"))).to_be_visible(timeout=RENDER_TIMEOUT_MS)
