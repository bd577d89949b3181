"""The Fibonacci tables follow a dropped anchor in the browser, before Python answers, and what
the browser writes is Python's table cell by cell: the server's messages are held back after the
release (or the slider move), the tables the handles' script wrote are read, then Python's answer
is let through and its tables must read the same, caption, levels, progress and sensitivity."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.browser.fib_drag_helpers import (
    ANCHORS_CAPTION,
    LEVEL_TABLE,
    SENSITIVITY_TABLE,
    STAND_IN,
    TIMEOUT_MS,
    HeldServer,
    handle_center,
    handle_date,
    held_slider_moves,
    mouse_drag,
    open_chart,
    point_of,
)

pytestmark = pytest.mark.browser
AS_OF = "2023-11-28"
POLL_MS = 50
STALE_MS = 4000  # ui/fib_drag/fib_drag.js
APP = "[data-testid='stApp']"
TABLES = f"() => [({ANCHORS_CAPTION})(), ({LEVEL_TABLE})(), ({SENSITIVITY_TABLE})()]"


def _python_answers(page, server: HeldServer, key: str):
    """Let Python's answer through; its block for the anchors ``key`` (the stand-in gone), read."""
    for _ in range(TIMEOUT_MS // POLL_MS):  # the rerun's first messages, held back until now
        if server.held:
            break
        page.wait_for_timeout(POLL_MS)
    assert server.held, "Python never answered the new anchors"
    server.release()
    page.wait_for_function("""key => { const b = document.querySelector('.st-key-fib_tables .fib-tables');
      return b && b.dataset.standIn === undefined && b.dataset.fibKey === key; }""", arg=key, timeout=TIMEOUT_MS)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")
    return page.evaluate(TABLES)


def _drop(page, server: HeldServer, key: str, to: dict) -> tuple[list, str]:
    """Drag anchor ``key`` to ``to`` and let go with the server held: the browser's tables and
    the anchors they were written for."""
    start = handle_center(page, key)
    server.on = True
    mouse_drag(page, start, to)
    page.wait_for_function(f"() => ({STAND_IN})() !== ''", timeout=TIMEOUT_MS)
    return page.evaluate(TABLES), page.evaluate(STAND_IN)


@pytest.mark.parametrize("query, key, days", [
    ("fib=Manual", "fib_low", 30),                      # a fall: the low a month later
    ("fib=Manual", "fib_high", -20),                    # the high earlier
    ("fib=Manual&fib_snap=Close", "fib_low", 45),       # anchors on closes
    ("fib=Manual", "fib_low", -900),                    # the low before the high: a rise
    ("fib=3-point", "fib_b", -10),                      # 3-point: B earlier
])
def test_the_tables_follow_a_drop_at_once_and_equal_pythons(page, demo_server, query, key, days):
    server = HeldServer(page)
    open_chart(page, f"{demo_server}/technicals?as_of={AS_OF}&{query}")
    before = page.evaluate(TABLES)
    day = handle_date(page, key)
    target = point_of(page, f"{pd.Timestamp(day) + pd.Timedelta(days=days):%Y-%m-%d}")
    browser_tables, stand_in = _drop(page, server, key, {"x": target["x"], "y": handle_center(page, key)["y"]})
    landed = handle_date(page, key)
    assert landed != day and landed in stand_in.split(",")
    assert browser_tables != before and f"on {landed}" in browser_tables[0]
    python_tables = _python_answers(page, server, stand_in)
    assert python_tables == browser_tables


def test_the_tables_follow_the_pointer_during_a_drag_and_come_back_if_it_returns(page, demo_server):
    open_chart(page, f"{demo_server}/technicals?as_of={AS_OF}&fib=Manual")
    before = page.evaluate(TABLES)
    start = handle_center(page, "fib_low")
    later = point_of(page, f"{pd.Timestamp(handle_date(page, 'fib_low')) + pd.Timedelta(days=40):%Y-%m-%d}")
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(later["x"], start["y"], steps=8)
    day = handle_date(page, "fib_low")  # where the anchor would land, the button still down
    page.wait_for_function(f"day => ({STAND_IN})().endsWith(',' + day)", arg=day, timeout=TIMEOUT_MS)
    during = page.evaluate(TABLES)
    assert during != before and f"on {day}" in during[0]
    page.mouse.move(start["x"], start["y"], steps=8)  # back to its bar: nothing goes to Python
    page.mouse.up()
    page.wait_for_function(f"() => ({STAND_IN})() === ''", timeout=TIMEOUT_MS)
    assert page.evaluate(TABLES) == before


def test_a_slider_move_writes_the_tables_before_python_answers(page, demo_server):
    server = HeldServer(page)
    open_chart(page, f"{demo_server}/technicals?as_of={AS_OF}&fib=Manual")
    before = page.evaluate(TABLES)
    day = held_slider_moves(page, server, "Swing low", "ArrowLeft", 7)
    page.wait_for_function(f"day => ({STAND_IN})().endsWith(',' + day)", arg=day, timeout=TIMEOUT_MS)
    browser_tables = page.evaluate(TABLES)
    assert browser_tables != before and f"on {day}" in browser_tables[0]
    assert _python_answers(page, server, page.evaluate(STAND_IN)) == browser_tables
    expect(page).to_have_url(re.compile(f"fib_low={day}"), timeout=TIMEOUT_MS)


def test_the_tables_wait_for_a_slow_answer_and_give_way_when_none_comes(page, demo_server):
    """While the app runs the drop's rerun (a busy server can take longer than the stand-in's
    4 s) the browser's tables stay; once the app is idle with no answer (here every server
    message is held back, as on a lost connection), Python's last tables come back, as the
    figure's levels do. The app's run state is the attribute Streamlit's frontend keeps."""
    server = HeldServer(page)
    open_chart(page, f"{demo_server}/technicals?as_of={AS_OF}&fib=Manual")
    before = page.evaluate(TABLES)
    start = handle_center(page, "fib_low")
    dropped, _ = _drop(page, server, "fib_low", {"x": start["x"] + 60, "y": start["y"]})
    page.evaluate(f"() => {{ document.querySelector({APP!r}).dataset.testScriptState = 'running'; }}")
    page.wait_for_timeout(2 * STALE_MS)
    assert page.evaluate(TABLES) == dropped
    page.evaluate(f"() => {{ document.querySelector({APP!r}).dataset.testScriptState = 'notRunning'; }}")
    page.wait_for_function(f"() => ({STAND_IN})() === ''", timeout=TIMEOUT_MS)
    assert page.evaluate(TABLES) == before
    server.release()


def test_the_browsers_number_formats_are_pythons(page, demo_server):
    """Exact ties (0.125, 62.5: Python rounds them to the even digit, JavaScript's toFixed away
    from zero) and ordinary values format alike in the browser's tables and in Python's."""
    open_chart(page, f"{demo_server}/technicals?as_of={AS_OF}&fib=Manual")
    values = [0.125, 0.375, 2.5, 0.5, 1.5, -0.125, 123.125, 62.5, -62.5, 1.005, 2.675, 287.765, -0.0004, 1e-9,
              99.995, 1234567.125]
    for digits in (0, 1, 2):
        shown = page.evaluate("([vs, n]) => vs.map((v) => window.fibDrag.pyFixed(v, n))", [values, digits])
        assert shown == [f"{v:.{digits}f}" for v in values], digits
