"""Driving the Fibonacci drag handles from Playwright: where a handle is, where a bar is, what the
overlay and the chart say, and a drag by mouse or by touch (shared by
tests/browser/test_fib_drag_browser.py and bench/drag.py)."""
from __future__ import annotations

import json
import re

#: Steps of a drag: enough animation frames to see the levels move while the pointer is down.
DRAG_STEPS = 12
TIMEOUT_MS = 60_000
GD = "document.querySelector('.st-key-price_chart .js-plotly-plot')"
#: The overlay's level tags being drawn (a drag in progress, or a release awaiting Python).
LIVE_TAGS = """() => [...document.querySelectorAll('.fib-live .fib-level')]
  .filter(g => g.style.display !== 'none' && g.closest('.fib-live').style.display !== 'none')
  .map(g => g.querySelector('.fib-tag').textContent)"""
LIVE_PCTS = """() => [...document.querySelectorAll('.fib-live .fib-level')]
  .filter(g => g.style.display !== 'none' && g.closest('.fib-live').style.display !== 'none')
  .map(g => g.querySelector('.fib-pct').textContent)"""
#: The level tags Python drew on the price chart.
CHART_TAGS = """() => [...document.querySelectorAll('.st-key-price_chart .annotation-text')]
  .map(e => e.textContent)"""
#: The level table's cells as the viewer sees them (ratio, target, move, best, progress per row):
#: Python's block, or the handles' script's stand-in for new anchors (ui/fib_tables.py).
LEVEL_TABLE = """() => { const table = document.querySelector('.st-key-fib_tables .fib-levels');
  return table ? [...table.querySelectorAll('tbody th, tbody td')].map(e => e.textContent) : []; }"""
#: The sensitivity table's cells, header row first.
SENSITIVITY_TABLE = """() => { const table = document.querySelector('.st-key-fib_tables .fib-sensitivity');
  return table ? [...table.querySelectorAll('tr')].map(r => [...r.children].map(e => e.textContent)) : []; }"""
#: The tables block's anchors key when the script stands in for Python's block, else ''.
STAND_IN = """() => { const b = document.querySelector('.st-key-fib_tables .fib-tables');
  return b && b.dataset.standIn !== undefined ? b.dataset.standIn : ''; }"""
#: Page coordinates of a date and price on the price chart's axes.
POINT_OF = f"""([date, price]) => {{
  const gd = {GD}, box = gd.getBoundingClientRect(), {{xaxis: xa, yaxis: ya}} = gd._fullLayout;
  return {{x: box.left + xa._offset + xa.l2p(xa.d2l(date)), y: box.top + ya._offset + ya.l2p(price)}};
}}"""
ANCHORS_CAPTION = """() => { const c = document.querySelector('.st-key-fib_tables .fib-caption');
  return c && c.textContent.startsWith('Anchors: ') ? c.textContent : ''; }"""


def open_chart(page, url: str) -> None:
    """Open ``url`` and wait for the handles on the price chart, scrolled into view."""
    page.goto(url)
    page.wait_for_selector(".fib-handle", timeout=TIMEOUT_MS)
    page.locator(".st-key-price_chart").scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({ANCHORS_CAPTION})() !== ''", timeout=TIMEOUT_MS)


def handle_center(page, key: str) -> dict:
    """Page coordinates of the handle of anchor ``key``."""
    page.locator(f'.fib-handle[data-key="{key}"]').wait_for(timeout=TIMEOUT_MS)
    return page.evaluate("""(key) => {
      const box = document.querySelector(`.fib-handle[data-key="${key}"]`).getBoundingClientRect();
      return {x: box.x + box.width / 2, y: box.y + box.height / 2};
    }""", key)


def handle_date(page, key: str) -> str:
    return page.locator(f'.fib-handle[data-key="{key}"]').get_attribute("data-date")


def point_of(page, date: str, price: float = 0.0) -> dict:
    return page.evaluate(POINT_OF, [date, price])


def level_row(page, ratio: str) -> list[str]:
    """The level table's row for ``ratio``: ratio, target, move from close, best, progress."""
    page.wait_for_function(f"r => ({LEVEL_TABLE})().includes(r)", arg=ratio, timeout=TIMEOUT_MS)
    cells = page.evaluate(LEVEL_TABLE)
    start = cells.index(ratio)
    return cells[start:start + 5]


def as_json(values) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def mouse_drag(page, start: dict, end: dict, during=None, steps: int = DRAG_STEPS):
    """Press at ``start``, move to ``end`` in ``steps``, call ``during()`` with the button still
    down, release; returns what ``during`` returned."""
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(end["x"], end["y"], steps=steps)
    seen = during() if during else None
    page.mouse.up()
    return seen


def touch_drag(page, start: dict, end: dict, during=None, steps: int = DRAG_STEPS):
    """The same drag with one finger, through Chromium's touch input (it becomes Pointer Events
    of type ``touch``): Playwright itself only taps."""
    cdp = page.context.new_cdp_session(page)
    try:
        def touch(kind: str, x: float, y: float) -> None:
            points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        touch("touchStart", start["x"], start["y"])
        for i in range(1, steps + 1):
            touch("touchMove", start["x"] + (end["x"] - start["x"]) * i / steps,
                  start["y"] + (end["y"] - start["y"]) * i / steps)
        seen = during() if during else None
        touch("touchEnd", end["x"], end["y"])
        return seen
    finally:
        cdp.detach()


class HeldServer:
    """Holds the app's websocket messages back while ``on`` (Python's answer, late on demand);
    :meth:`release` sends the held ones on."""

    def __init__(self, page):
        self.on, self.held, self.sockets = False, [], []
        page.route_web_socket(re.compile(r"/_stcore/stream"), self._route)

    def _route(self, ws):
        server = ws.connect_to_server()
        self.sockets.append(ws)
        ws.on_message(server.send)
        server.on_message(lambda message: self.held.append(message) if self.on else ws.send(message))

    def release(self) -> None:
        self.on = False
        for message in self.held:
            self.sockets[-1].send(message)
        self.held.clear()


def held_slider_moves(page, server: HeldServer, name: str, key: str, times: int) -> str:
    """Press ``key`` ``times`` on the slider called ``name`` with Python's answers held back;
    returns the day the slider shows."""
    slider = page.get_by_role("slider", name=name)
    slider.focus()
    server.on = True
    for _ in range(times):
        page.keyboard.press(key)
    return slider.get_attribute("aria-valuetext")
