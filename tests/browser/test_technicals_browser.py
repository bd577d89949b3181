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
        if now != before and any("1.618 · " in t for t in now) and stable >= SETTLE_POLLS:
            return now
        page.wait_for_timeout(POLL_MS)
    raise AssertionError(f"levels never settled on new values; last seen {seen}")


def test_lookback_slider_moves_targets_and_url(page, demo_server):
    page.goto(f"{demo_server}/technicals?as_of=2023-11-28")
    page.wait_for_selector(".js-plotly-plot .annotation-text", timeout=RENDER_TIMEOUT_MS)
    before = fib_annotations(page)
    assert any("1.618 · " in text for text in before)  # on the chart, or listed at its edge

    thumb = page.get_by_role("slider", name="Lookback (years)")
    box = thumb.bounding_box()
    # Drag the thumb left, as a user would, to the start of the track (1 year).
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] - 400, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()

    expect(page).to_have_url(re.compile(r"[?&]fib_years=1(&|$)"), timeout=RENDER_TIMEOUT_MS)
    after = settled_change(page, before)
    assert after != before and any("1.618 · " in text for text in after)


def test_indicator_download_is_the_data_behind_the_chart(page, demo_server):
    page.goto(f"{demo_server}/technicals?as_of=2023-11-28&bars=Weekly")
    button = page.get_by_role("button", name=re.compile(r"Download IWM weekly indicators"))
    button.wait_for(timeout=RENDER_TIMEOUT_MS)
    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "IWM_weekly_indicators_2023-11-28.csv"
    everything = open(download.path(), encoding="utf-8").read().splitlines()
    about = [line for line in everything if line.startswith("# ")]
    lines = [line for line in everything if not line.startswith("# ")]
    assert "# as_of: 2023-11-28" in about and "# source: Demo data (synthetic)" in about and "# bars: Weekly" in about
    header = lines[0].split(",")
    assert header[0] == "date" and {"close (price)", "SMA_50 (price)", "RSI_14 (0-100)",
                                    "MACDh_12_26_9 (price)"} <= set(header)
    # Weeks are labelled with their last trading day; the last one is cut at the as-of date
    # (Tuesday 2023-11-28), and the one before ends on a Friday.
    assert lines[-1].startswith("2023-11-28,")
    assert lines[-2].startswith("2023-11-24,")


def test_pinned_link_opens_the_same_targets(page, demo_server):
    # The as-of date is pinned: a manual anchor must lie inside the lookback window before it,
    # and "today" moves (this test once failed only because 2023-03-13 fell out of the window).
    page.goto(f"{demo_server}/technicals?as_of=2023-11-28&fib=Manual&fib_low=2023-03-13")
    before = settled_change(page, [])  # the run is over: a rerun would close the popover
    page.get_by_role("button", name=re.compile("Copy link")).click(timeout=RENDER_TIMEOUT_MS)
    link_box = page.locator("[data-testid='stCode'] code").filter(has_text="fib_low=2023-03-13")
    link_box.wait_for(timeout=RENDER_TIMEOUT_MS)
    link = link_box.inner_text().replace("\n", "")
    assert link.startswith(f"{demo_server}/technicals?") and "as_of=" in link and "fib_high=" in link
    page.goto(link)
    assert settled_change(page, []) == before
