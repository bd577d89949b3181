"""Dragging a Fibonacci slider in Chromium moves the targets on the chart and the URL."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 45_000
SETTLE_POLLS = 4
POLL_MS = 250


def fib_annotations(page) -> list[str]:
    return page.locator(".js-plotly-plot .annotation-text").all_text_contents()


def settled_change(page, before: list[str]) -> list[str]:
    """Level labels once they differ from ``before`` and hold still for a second.

    A rerun redraws the chart in steps, so one look can catch it halfway.
    """
    seen, stable = None, 0
    for _ in range(RENDER_TIMEOUT_MS // POLL_MS):
        now = fib_annotations(page)
        stable = stable + 1 if now == seen else 0
        seen = now
        if now != before and any(t.startswith("1.618 · ") for t in now) and stable >= SETTLE_POLLS:
            return now
        page.wait_for_timeout(POLL_MS)
    raise AssertionError(f"levels never settled on new values; last seen {seen}")


def test_lookback_slider_moves_targets_and_url(page, demo_server):
    page.goto(f"{demo_server}/technicals?as_of=2023-11-28")
    page.wait_for_selector(".js-plotly-plot .annotation-text", timeout=RENDER_TIMEOUT_MS)
    before = fib_annotations(page)
    assert any(text.startswith("1.618 · ") for text in before)

    thumb = page.get_by_role("slider", name="Lookback (years)")
    box = thumb.bounding_box()
    # Drag the thumb left, as a user would, to the start of the track (1 year).
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] - 400, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()

    expect(page).to_have_url(re.compile(r"[?&]fib_years=1(&|$)"), timeout=RENDER_TIMEOUT_MS)
    after = settled_change(page, before)
    assert after != before and any(text.startswith("1.618 · ") for text in after)
