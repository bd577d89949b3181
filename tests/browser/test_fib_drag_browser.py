"""Dragging the Fibonacci anchors on the Technicals chart in Chromium: the overlay's formula is
Python's, the levels follow the pointer, one release updates the URL and the tables, touch works,
the sliders move the handles, Auto switches to Manual, and where the handles cannot run the page
falls back to the chart and the sliders and says so."""
from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

from analytics.data.demo import DemoSource
from analytics.technicals import fibonacci
from analytics.technicals.report import dragged_levels
from analytics.technicals.view import fib_result
from tests.browser.conftest import demo_app
from tests.browser.fib_drag_helpers import (
    ANCHORS_CAPTION,
    CHART_TAGS,
    LIVE_PCTS,
    LIVE_TAGS,
    POINT_OF,
    STAND_IN,
    TIMEOUT_MS,
    HeldServer,
    as_json,
    handle_center,
    handle_date,
    held_slider_moves,
    level_row,
    mouse_drag,
    open_chart,
    point_of,
    touch_drag,
)
from tests.browser.test_copy_link_browser import pinned_link
from tests.unit.technicals.test_fib_snap import BARS

pytestmark = pytest.mark.browser
AS_OF = "2023-11-28"
MANUAL = f"technicals?as_of={AS_OF}&fib=Manual"
ANCHOR_SETS = 12  # per kind of move: 2-point falls and rises, 3-point moves up and down
#: How far a drag moves the swing low: later in time, and up (the handle follows both axes).
DRAG_DAYS, DRAG_UP_PX = 120, 60
CENT = 0.01
TAG_1618 = re.compile(r"1\.618 · ([\d,]+\.\d\d)")


def later_point(page, key: str, days: int = DRAG_DAYS) -> tuple[dict, dict]:
    """The handle of ``key``, and a point ``days`` later and a little higher on the chart."""
    start = handle_center(page, key)
    later = pd.Timestamp(handle_date(page, key)) + pd.Timedelta(days=days)
    return start, {"x": point_of(page, f"{later:%Y-%m-%d}")["x"], "y": start["y"] - DRAG_UP_PX}


def tag_1618(tags: list[str]) -> float:
    return next(float(m.group(1).replace(",", "")) for t in tags if (m := TAG_1618.search(t)))


def _walk(seed: int, n: int = 160) -> pd.DataFrame:
    """A seeded random walk of daily bars with highs above and lows below the closes."""
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.02, n)))
    spread = close * rng.uniform(0.002, 0.03, (2, n))
    return pd.DataFrame({"open": close, "high": close + spread[0], "low": close - spread[1], "close": close},
                        index=pd.bdate_range("2022-01-03", periods=n))


def _component_levels(page, bars: pd.DataFrame, keys: list[str], at: list[int], basis: str) -> dict | None:
    data = {"keys": keys, "basis": basis, "ratios": list(fibonacci.RATIO_CHOICES),
            "bars": {k: [float(v) for v in bars[k]] for k in ("high", "low", "close")}}
    levels = page.evaluate("([d, at]) => window.fibDrag.levelsFor(d, at).levels",
                           [data, dict(zip(keys, at))])
    return None if levels is None else {r: p for r, p in levels}


def test_browser_formula_is_analytics_fibonacci(page, demo_server):
    open_chart(page, f"{demo_server}/{MANUAL}")
    rng = np.random.default_rng(15)
    ratios = list(fibonacci.RATIO_CHOICES)
    # The formulas alone, on random prices.
    for _ in range(ANCHOR_SETS):
        low, high = sorted(rng.uniform(20, 400, 2))
        for high_first, python in ((True, fibonacci.two_point_levels), (False, fibonacci.rise_levels)):
            js = dict(page.evaluate("([h, l, f, r]) => window.fibDrag.twoPoint(h, l, f, r)",
                                    [high, low, high_first, ratios]))
            assert js == pytest.approx(python(high, low, ratios), abs=CENT)
        a, b, c = rng.uniform(20, 400, 3)
        for a_, b_ in ((a, b), (b, a)):  # the move up and the move down
            js = dict(page.evaluate("([a, b, c, r]) => window.fibDrag.threePoint(a, b, c, r)",
                                    [a_, b_, c, ratios]))
            assert js == pytest.approx(fibonacci.trend_extension(a_, b_, c, ratios), abs=CENT)
    # The whole reading the handles use (which price each anchor takes, the direction, the
    # levels kept) against analytics.technicals.view.fib_result, anchor sets on seeded bars.
    kinds = {"fall": 0, "rise": 0, "3-point up": 0, "3-point down": 0}
    for seed in range(400):
        if min(kinds.values()) >= ANCHOR_SETS:
            break
        bars, three = _walk(seed), seed % 2 == 1
        at = sorted(rng.choice(len(bars), 3 if three else 2, replace=False).tolist())
        if not three and seed % 4 == 0:
            at = at[::-1]  # the swing low first: a rise
        keys = ["fib_a", "fib_b", "fib_c"] if three else ["fib_high", "fib_low"]
        basis = "close" if seed % 5 == 0 else "high/low"
        result = fib_result(bars, bars.index[-1], "3-point" if three else "Manual",
                            [bars.index[i] for i in at], ratios, basis)
        js = _component_levels(page, bars, keys, at, basis)
        if result.problem:
            assert js is None, (seed, at, result.problem)
            continue
        assert js == pytest.approx(result.levels, abs=CENT), (seed, at, basis)
        down = bars["close"].iloc[at[1]] < bars["close"].iloc[at[0]]
        kind = ("3-point down" if down else "3-point up") if three else "fall" if at[0] < at[1] else "rise"
        kinds[kind] += 1
    assert min(kinds.values()) >= ANCHOR_SETS // 2 and sum(kinds.values()) >= 20, kinds
    # The snap rule: the hand-built bars of the unit test, dropped around a weekend and a holiday.
    times = [int(t.value // 1_000_000) for t in BARS.index]
    for dropped in pd.date_range(BARS.index[0] - pd.Timedelta(days=1), BARS.index[-1] + pd.Timedelta(days=1),
                                 freq="7h"):
        i = page.evaluate("([t, x]) => window.fibDrag.snapIndex(t, x)", [times, int(dropped.value // 1_000_000)])
        assert BARS.index[i] == fibonacci.snap_to_bar(BARS, dropped, "high").date, dropped


def test_mouse_drag_moves_levels_then_one_release_updates_url_and_tables(page, demo_server):
    open_chart(page, f"{demo_server}/{MANUAL}")
    before_tags, before_caption = page.evaluate(CHART_TAGS), page.evaluate(ANCHORS_CAPTION)
    before_row = level_row(page, "1.618")
    start, end = later_point(page, "fib_low")
    halfway = {"x": (start["x"] + end["x"]) / 2, "y": (start["y"] + end["y"]) / 2}
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(halfway["x"], halfway["y"], steps=6)
    page.wait_for_function(f"prev => JSON.stringify(({LIVE_TAGS})()) !== prev", arg=as_json(before_tags),
                           timeout=TIMEOUT_MS)
    midway, pcts = page.evaluate(LIVE_TAGS), page.evaluate(LIVE_PCTS)
    page.mouse.move(end["x"], end["y"], steps=6)
    page.wait_for_function(f"prev => JSON.stringify(({LIVE_TAGS})()) !== prev", arg=as_json(midway),
                           timeout=TIMEOUT_MS)
    at_release = page.evaluate(LIVE_TAGS)
    landed = handle_date(page, "fib_low")
    # The tags moved twice while the button was down, each with its percent from the close;
    # Python's tags stood still meanwhile (nothing went to the server).
    assert any("1.618 · " in t for t in midway) and all(p.endswith("from close") for p in pcts)
    assert midway != before_tags and at_release != midway
    assert page.evaluate(CHART_TAGS) == before_tags
    page.mouse.up()

    expect(page).to_have_url(re.compile(f"fib_low={landed}"), timeout=TIMEOUT_MS)
    # The browser's tables at once, then Python's (the stand-in gone), for the anchor it landed on.
    page.wait_for_function(f"""day => !({STAND_IN})() && ({ANCHORS_CAPTION})().includes('on ' + day)""",
                           arg=landed, timeout=TIMEOUT_MS)
    assert page.evaluate(ANCHORS_CAPTION) != before_caption
    # Python's levels, redrawn by the rerun, are the ones the overlay showed at release (which
    # of them sit beyond the axis, with an arrow, may differ: the axis range changes with them).
    unarrowed = f"() => ({CHART_TAGS})().map(t => t.replace(/^[↑↓] /, '')).sort()"
    page.wait_for_function(f"want => JSON.stringify(({unarrowed})()) === want",
                           arg=as_json(sorted(t.lstrip("↑↓ ") for t in at_release)), timeout=TIMEOUT_MS)
    assert page.get_by_role("slider", name="Swing low").get_attribute("aria-valuetext") == landed
    row = level_row(page, "1.618")
    assert row != before_row and float(row[1]) == pytest.approx(tag_1618(at_release), abs=0.005 + 1e-9)
    expect(page.locator(".fib-live")).to_be_hidden(timeout=TIMEOUT_MS)  # back to rest: the figure's levels


def test_touch_drag_on_a_phone(browser, demo_server):
    context = browser.new_context(viewport={"width": 412, "height": 915}, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    try:
        page = context.new_page()
        open_chart(page, f"{demo_server}/{MANUAL}")
        page.evaluate("() => document.addEventListener('pointerdown', e => { window.__pointer = e.pointerType; },"
                      " true)")
        before = page.evaluate(ANCHORS_CAPTION)
        start, end = later_point(page, "fib_low", days=60)
        scroll = page.evaluate("() => window.scrollY")
        during = touch_drag(page, start, end, during=lambda: page.wait_for_function(
            f"() => ({LIVE_TAGS})().length > 0", timeout=TIMEOUT_MS) and page.evaluate(LIVE_TAGS))
        assert page.evaluate("() => window.__pointer") == "touch"
        assert page.evaluate("() => window.scrollY") == scroll  # the finger dragged the handle, not the page
        assert any("1.618 · " in t for t in during)
        expect(page).to_have_url(re.compile(r"fib_low=\d{4}-\d\d-\d\d"), timeout=TIMEOUT_MS)
        page.wait_for_function(f"prev => ({ANCHORS_CAPTION})() !== prev", arg=before, timeout=TIMEOUT_MS)
    finally:
        context.close()


def test_slider_moves_the_handle(page, demo_server):
    open_chart(page, f"{demo_server}/{MANUAL}")
    slider = page.get_by_role("slider", name="Swing low")
    start = handle_center(page, "fib_low")
    slider.focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    value = date.fromisoformat(slider.get_attribute("aria-valuetext"))
    expect(page).to_have_url(re.compile(f"fib_low={value:%Y-%m-%d}"), timeout=TIMEOUT_MS)
    expect(page.locator('.fib-handle[data-key="fib_low"]')).to_have_attribute("data-date", f"{value:%Y-%m-%d}",
                                                                              timeout=TIMEOUT_MS)
    # On the new bar of the redrawn chart, to the pixel (polled while Python's rerun may be
    # replacing the chart under the overlay: a handle or a graph not there yet is "not yet").
    page.wait_for_function(f"""([x0, date]) => {{
      const node = document.querySelector('.fib-handle[data-key="fib_low"]');
      const gd = document.querySelector('.st-key-price_chart .js-plotly-plot');
      if (!node || !gd || !gd._fullLayout || !gd._fullLayout.xaxis) return false;
      const h = node.getBoundingClientRect();
      const want = ({POINT_OF})([date, 0]).x, x = h.x + h.width / 2;
      return Math.abs(x - x0) > 5 && Math.abs(x - want) < 1;
    }}""", arg=[start["x"], f"{value:%Y-%m-%d}"], timeout=TIMEOUT_MS)


def test_a_slider_move_redraws_handle_and_levels_before_python_answers(page, demo_server):
    """The server's messages are held back after the key presses: the handle and every level
    must already be on the slider's new day, with Python's numbers, before any answer."""
    server = HeldServer(page)
    open_chart(page, f"{demo_server}/{MANUAL}")
    before = page.evaluate(CHART_TAGS)
    high = handle_date(page, "fib_high")
    day = held_slider_moves(page, server, "Swing low", "ArrowRight", 15)
    expect(page.locator('.fib-handle[data-key="fib_low"]')).to_have_attribute("data-date", day, timeout=TIMEOUT_MS)
    page.wait_for_function(f"() => ({LIVE_TAGS})().some(t => t.includes('1.618 · '))", timeout=TIMEOUT_MS)
    live = page.evaluate(LIVE_TAGS)
    page.wait_for_timeout(500)
    assert server.held, "the server answered the slider (its messages are held back)"
    assert page.evaluate(CHART_TAGS) == before  # Python's figure has not been redrawn
    bars = DemoSource().prices(["IWM"]).frames["IWM"].loc[:AS_OF]
    fib = fib_result(bars, date.fromisoformat(AS_OF), "Manual", (date.fromisoformat(high), date.fromisoformat(day)),
                     list(fibonacci.DEFAULT_RATIOS), "high/low")
    assert tag_1618(live) == pytest.approx(round(fib.levels[1.618], 2), abs=1e-9)

    server.release()  # Python's answer, late: the figure takes over with the same levels
    expect(page).to_have_url(re.compile(f"fib_low={day}"), timeout=TIMEOUT_MS)
    expect(page.locator(".fib-live")).to_be_hidden(timeout=TIMEOUT_MS)
    assert tag_1618(page.evaluate(CHART_TAGS)) == tag_1618(live)


def test_dragging_an_auto_anchor_switches_to_manual_in_the_url(page, demo_server):
    open_chart(page, f"{demo_server}/technicals?as_of={AS_OF}")
    auto_high, auto_low = handle_date(page, "fib_high"), handle_date(page, "fib_low")
    start, end = later_point(page, "fib_low")
    mouse_drag(page, start, end)
    landed = handle_date(page, "fib_low")
    assert landed > auto_low
    expect(page).to_have_url(re.compile(r"fib=Manual"), timeout=TIMEOUT_MS)
    expect(page).to_have_url(re.compile(f"fib_low={landed}"), timeout=TIMEOUT_MS)
    expect(page).to_have_url(re.compile(f"fib_high={auto_high}"), timeout=TIMEOUT_MS)
    expect(page.get_by_role("slider", name="Swing low")).to_have_attribute("aria-valuetext", landed,
                                                                            timeout=TIMEOUT_MS)


def test_three_point_handles_drag_b(page, demo_server):
    open_chart(page, f"{demo_server}/technicals?as_of={AS_OF}&fib=3-point")
    expect(page.locator(".fib-handle")).to_have_count(3, timeout=TIMEOUT_MS)
    before = page.evaluate(ANCHORS_CAPTION)
    start = handle_center(page, "fib_b")
    mouse_drag(page, start, {"x": start["x"] - 30, "y": start["y"]})
    expect(page).to_have_url(re.compile(r"fib_b=\d{4}-\d\d-\d\d"), timeout=TIMEOUT_MS)
    page.wait_for_function(f"prev => ({ANCHORS_CAPTION})() !== prev", arg=before, timeout=TIMEOUT_MS)


def test_on_screen_target_during_the_drag_is_the_reports_and_the_pinned_links(browser, demo_server):
    """The issue's check against reality, on the demo data (bench/drag.py runs it on the snapshot):
    Manual on the Auto anchors, the swing low dragged to the bar a week later."""
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = first.new_page()
        open_chart(page, f"{demo_server}/{MANUAL}")
        high = handle_date(page, "fib_high")
        start, end = later_point(page, "fib_low", days=7)
        page.mouse.move(start["x"], start["y"])
        page.mouse.down()
        page.mouse.move(end["x"], end["y"], steps=6)
        page.wait_for_function(f"() => ({LIVE_TAGS})().some(t => t.includes('1.618 · '))", timeout=TIMEOUT_MS)
        during = page.evaluate(LIVE_TAGS)  # the pointer still down
        page.mouse.up()
        page.wait_for_url(re.compile("fib_low="), timeout=TIMEOUT_MS)
        landed = re.search(r"fib_low=(\d{4}-\d\d-\d\d)", page.url).group(1)
        page.wait_for_function(f"() => ({ANCHORS_CAPTION})().includes('on {landed}')", timeout=TIMEOUT_MS)
        page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")
        link = pinned_link(page)
    finally:
        first.close()
    bars = DemoSource().prices(["IWM"]).frames["IWM"]
    report = dragged_levels(bars, pd.Timestamp(AS_OF), [high, landed])["levels"]["1.618"]
    assert tag_1618(during) == round(report, 2)
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = fresh.new_page()
        open_chart(page, link)
        page.wait_for_function(f"() => ({CHART_TAGS})().some(t => t.includes('1.618 · '))", timeout=TIMEOUT_MS)
        assert tag_1618(page.evaluate(CHART_TAGS)) == round(report, 2)
    finally:
        fresh.close()


def test_without_pointer_events_the_page_falls_back_and_says_so(browser, demo_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.add_init_script("delete window.PointerEvent")  # a browser without Pointer Events
        page = context.new_page()
        page.goto(f"{demo_server}/{MANUAL}")
        _today_s_chart_and_sliders(page, "this browser lacks Pointer Events")
    finally:
        context.close()


@pytest.fixture(scope="module")
def server_without_handles(tmp_path_factory):
    with demo_app(tmp_path_factory, DASHBOARD_FIB_DRAG="off") as url:
        yield url


def test_with_the_component_off_the_page_falls_back_and_says_so(page, server_without_handles):
    page.goto(f"{server_without_handles}/{MANUAL}")
    _today_s_chart_and_sliders(page, "turned off by DASHBOARD_FIB_DRAG")


def _today_s_chart_and_sliders(page, why: str) -> None:
    expect(page.get_by_text(re.compile(r"^Dragging the anchors on the chart is unavailable here \("
                                       + re.escape(why)))).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(".st-key-price_chart .annotation-text").filter(has_text="1.618 · ")).to_have_count(
        1, timeout=TIMEOUT_MS)
    expect(page.get_by_role("slider", name="Swing low")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(".fib-handle")).to_have_count(0)
