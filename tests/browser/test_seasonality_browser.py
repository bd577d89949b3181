"""Seasonality & crypto in Chromium: the heatmap draws, picking a symbol redraws it and the URL."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 60_000
HEATMAP = ".js-plotly-plot:has(.heatmaplayer)"


def heatmap_title(page) -> str:
    return page.locator(f"{HEATMAP} .gtitle").first.text_content()


def test_heatmap_draws_with_cells_and_partial_mark(page, demo_server):
    page.goto(f"{demo_server}/seasonality?as_of=2023-11-28", timeout=RENDER_TIMEOUT_MS)
    plot = page.locator(HEATMAP).first
    plot.wait_for(timeout=RENDER_TIMEOUT_MS)
    page.locator(f"{HEATMAP} .heatmaplayer image").first.wait_for(state="attached", timeout=RENDER_TIMEOUT_MS)
    assert heatmap_title(page).startswith("IWM: monthly returns")
    cells = page.locator(f"{HEATMAP} .heatmaplayer text").all_text_contents()
    # 2000 (from June) to 2023 (to November): well over a hundred labelled months.
    assert len([c for c in cells if re.fullmatch(r"[+-]\d+\.\d\*?", c)]) > 200
    assert any(c.endswith("*") for c in cells)  # November 2023 is partial at the as-of date
    box = plot.bounding_box()
    assert box["height"] > 400 and box["width"] > 600
    # The Santa bars and the three crypto charts draw too.
    expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=RENDER_TIMEOUT_MS)


def test_picking_a_symbol_redraws_the_heatmap_and_writes_the_url(page, demo_server):
    page.goto(f"{demo_server}/seasonality?as_of=2023-11-28", timeout=RENDER_TIMEOUT_MS)
    page.locator(HEATMAP).first.wait_for(timeout=RENDER_TIMEOUT_MS)
    page.locator("[data-testid='stButtonGroup'] button").filter(has_text=re.compile(r"^SPY$")).first.click(
        timeout=RENDER_TIMEOUT_MS)
    expect(page).to_have_url(re.compile(r"[?&]sea_sym=SPY(&|$)"), timeout=RENDER_TIMEOUT_MS)
    expect(page.locator(f"{HEATMAP} .gtitle").first).to_have_text(re.compile(r"^SPY: monthly returns"),
                                                                  timeout=RENDER_TIMEOUT_MS)
