"""Dragging the Fibonacci anchors (issue 15): frame time in the browser, release round trip,
and the check against reality on the snapshot.

* drag frame: pointer move to levels redrawn, from the ``fib-drag-frame`` performance measures
  the handles' script takes in the page (the pointer event's timestamp to the end of the
  animation frame callback that moved the handle and redrew every level line, tag and percent),
  over ``DRAGS`` drags of ``DRAG_STEPS`` moves each;
* release: pointer up to the level table showing the new targets, median of ``RELEASES`` drags,
  as a ratio to the bare one-slider app's round trip measured in the same run. The handles'
  script writes the tables in the browser at release (ui/fib_drag/fib_tables.js) and Python's
  tables for the new anchors replace them when the fragment's rerun arrives; that whole round
  trip is reported beside it (``release_to_python_ms``, no target);
* reality: IWM on the snapshot as of 2023-11-28, Manual on the Auto anchors, the swing low
  dragged to the bar a week later: the 1.618 tag on screen while the pointer is down must equal
  the report's for the same anchors to the cent, and so must the pinned link opened afresh.

``make bench`` (bench/run.py) calls :func:`drag_figures`; ``python -m bench.run --browser``
runs the browser part alone.
"""
from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.fib_drag_helpers import (  # noqa: E402
    CHART_TAGS,
    LEVEL_TABLE,
    LIVE_TAGS,
    STAND_IN,
    TIMEOUT_MS,
    handle_center,
    handle_date,
    open_chart,
    point_of,
)

AS_OF = "2023-11-28"
SYMBOL = "IWM"
DRAGS, DRAG_STEPS, DRAG_PX = 4, 40, 160
RELEASES = 10
RELEASE_DAYS = 10
WEEK_DAYS = 7
TARGETS = {"drag_frame_p50_ms": 16, "drag_frame_p95_ms": 33, "release_ratio": 1.3}
FRAMES = "() => performance.getEntriesByName('fib-drag-frame').map(e => e.duration)"
TAG_1618 = re.compile(r"1\.618 · ([\d,]+\.\d\d)")
#: The level table's 1.618 target, to the cent, is ``want``.
TABLE_SHOWS = f"""([want]) => {{ const cells = ({LEVEL_TABLE})(), i = cells.indexOf('1.618');
  return i >= 0 && Math.abs(Number(cells[i + 1]) - want) < 0.00501; }}"""
TABLE_CHANGED = f"""prev => {{ const cells = ({LEVEL_TABLE})(), i = cells.indexOf('1.618');
  return i >= 0 && JSON.stringify(cells[i + 1]) !== prev; }}"""
#: The tables on screen are Python's (the script's stand-in gone).
PYTHON_TABLE = f"() => ({STAND_IN})() === ''"
RUN_OVER = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    open_chart(page, url)
    page.locator(RUN_OVER).wait_for(state="attached", timeout=TIMEOUT_MS)
    return context, page


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def frame_times(browser, url: str) -> list[float]:
    """Every drag frame's milliseconds over ``DRAGS`` drags of the swing low, out and back (the
    pointer returns to its bar, so nothing goes to Python)."""
    context, page = _open(browser, url)
    try:
        page.evaluate("() => performance.clearMeasures('fib-drag-frame')")
        for i in range(DRAGS):
            start = handle_center(page, "fib_low")
            page.mouse.move(start["x"], start["y"])
            page.mouse.down()
            page.mouse.move(start["x"] + (DRAG_PX if i % 2 == 0 else -DRAG_PX), start["y"] - 40, steps=DRAG_STEPS)
            page.mouse.move(start["x"], start["y"], steps=DRAG_STEPS)
            page.mouse.up()
        return page.evaluate(FRAMES)
    finally:
        context.close()


def release_ms(browser, url: str) -> tuple[list[float], list[float]]:
    """Pointer up to the level table showing the new 1.618 target (the one the overlay drew at
    release), and to Python's table for the new anchors, ``RELEASES`` drags alternating ±days."""
    context, page = _open(browser, url)
    samples, python = [], []
    try:
        for i in range(RELEASES):
            when = pd.Timestamp(handle_date(page, "fib_low"))
            target = when + pd.Timedelta(days=RELEASE_DAYS if i % 2 == 0 else -RELEASE_DAYS)
            start = handle_center(page, "fib_low")
            end = point_of(page, f"{target:%Y-%m-%d}")
            page.mouse.move(start["x"], start["y"])
            page.mouse.down()
            page.mouse.move(end["x"], start["y"], steps=8)
            page.wait_for_function(f"() => ({LIVE_TAGS})().some(t => t.includes('1.618 · '))", timeout=TIMEOUT_MS)
            want = _tag(page.evaluate(LIVE_TAGS))  # the target the table must show once Python answers
            began = time.perf_counter()
            page.mouse.up()
            page.wait_for_function(TABLE_SHOWS, arg=[want], timeout=TIMEOUT_MS)
            samples.append((time.perf_counter() - began) * 1000)
            page.wait_for_function(f"want => ({PYTHON_TABLE})() && ({TABLE_SHOWS})([want])", arg=want,
                                   timeout=TIMEOUT_MS)
            python.append((time.perf_counter() - began) * 1000)
            page.wait_for_timeout(300)  # let the rerun finish, as bench/run.py does between slider moves
        return samples, python
    finally:
        context.close()


def slider_table_ms(browser, url: str) -> list[float]:
    """The same endpoint after a slider move: a key press on the swing-low slider to the level
    table's new 1.618 target (a release should cost no more than this)."""
    context, page = _open(browser, url)
    samples = []
    try:
        slider = page.get_by_role("slider", name="Swing low")
        for i in range(RELEASES):
            before = json.dumps(_table_1618(page))
            slider.focus()
            began = time.perf_counter()
            page.keyboard.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
            page.wait_for_function(TABLE_CHANGED, arg=before, timeout=TIMEOUT_MS)
            samples.append((time.perf_counter() - began) * 1000)
            page.wait_for_timeout(300)
        return samples
    finally:
        context.close()


def _table_1618(page) -> str:
    page.wait_for_function(f"() => ({LEVEL_TABLE})().includes('1.618')", timeout=TIMEOUT_MS)
    cells = page.evaluate(LEVEL_TABLE)
    return cells[cells.index("1.618") + 1]


def report_1618(source: str, anchors: str) -> float:
    """The report's 1.618 for ``anchors`` (``python -m analytics report ... --fib-anchors``)."""
    out = subprocess.run([sys.executable, "-m", "analytics", "report", "--source", source, "--as-of", AS_OF,
                          "--section", "technicals", "--symbol", SYMBOL, "--fib-anchors", anchors,
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["technicals"]["fib"]["dragged"]["levels"]["1.618"]


def _tag(tags: list[str]) -> float:
    return next(float(m.group(1).replace(",", "")) for t in tags if (m := TAG_1618.search(t)))


def reality_check(browser, app_url: str, source: str) -> dict:
    """Drag the swing low a week later; the 1.618 on screen, while down and in the pinned link,
    against the report for the same anchors."""
    from tests.browser.test_copy_link_browser import pinned_link

    context, page = _open(browser, f"{app_url}technicals?as_of={AS_OF}&fib=Manual")
    try:
        high, low = handle_date(page, "fib_high"), handle_date(page, "fib_low")
        start = handle_center(page, "fib_low")
        end = point_of(page, f"{pd.Timestamp(low) + pd.Timedelta(days=WEEK_DAYS):%Y-%m-%d}")
        page.mouse.move(start["x"], start["y"])
        page.mouse.down()
        page.mouse.move(end["x"], start["y"] - 40, steps=DRAG_STEPS // 2)
        page.wait_for_function(f"() => ({LIVE_TAGS})().some(t => t.includes('1.618 · '))", timeout=TIMEOUT_MS)
        during, landed = page.evaluate(LIVE_TAGS), handle_date(page, "fib_low")  # the pointer still down
        page.mouse.up()
        page.wait_for_url(re.compile(f"fib_low={landed}"), timeout=TIMEOUT_MS)
        page.wait_for_function(f"() => ({CHART_TAGS})().some(t => t.includes('1.618 · '))", timeout=TIMEOUT_MS)
        page.locator(RUN_OVER).wait_for(state="attached", timeout=TIMEOUT_MS)
        page.wait_for_timeout(500)
        link = pinned_link(page)
    finally:
        context.close()
    fresh, page = _open(browser, link)
    try:
        page.wait_for_function(f"() => ({CHART_TAGS})().some(t => t.includes('1.618 · '))", timeout=TIMEOUT_MS)
        pinned = _tag(page.evaluate(CHART_TAGS))
    finally:
        fresh.close()
    report = report_1618(source, f"{high},{landed}")
    on_screen = _tag(during)
    return {"anchors": f"{high},{landed}", "dragged_from": low, "during_drag": on_screen, "pinned_link": pinned,
            "report": report, "link": link, "equal_to_the_cent": on_screen == pinned == round(report, 2)}


def drag_figures(browser, app_url: str, source: str, minimal_slider_ms: float) -> dict:
    """The drag and release figures, the release as a ratio to the bare slider app's round trip."""
    url = f"{app_url}technicals?as_of={AS_OF}&fib=Manual"
    frames = frame_times(browser, url)
    releases, python_tables = release_ms(browser, url)
    release = statistics.median(releases)
    slider_table = slider_table_ms(browser, url)
    return {
        "drag_frames": len(frames),
        "drag_frame_p50_ms": round(statistics.median(frames), 2),
        "drag_frame_p95_ms": round(_percentile(frames, 0.95), 2),
        "release_ms": round(release, 1),
        "release_ratio": round(release / minimal_slider_ms, 3),
        "release_samples_ms": [round(t, 1) for t in releases],
        # The whole round trip: Python's tables for the new anchors in place of the browser's.
        "release_to_python_ms": round(statistics.median(python_tables), 1),
        # The slider move measured to the same endpoint as the release (the level table).
        "slider_to_table_ms": round(statistics.median(slider_table), 1),
        "release_vs_slider_to_table": round(release / statistics.median(slider_table), 3),
        "fib_reality_check": reality_check(browser, app_url, source),
    }
