"""The Macro page in Chromium: every chart draws, the S&P 500 is on a log axis, the 2019 cycle
is marked, and the chart-years slider moves the charts and the URL."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 60_000
MACRO_CHARTS = 8
PLOT_LAYOUTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => ({
    title: (p.layout && p.layout.title && p.layout.title.text) || '',
    ytype: p.layout && p.layout.yaxis && p.layout.yaxis.type,
    xrange: p.layout && p.layout.xaxis && p.layout.xaxis.range,
    notes: ((p.layout && p.layout.annotations) || []).map(a => a.text)}))"""


def wait_for_charts(page, count: int) -> list[dict]:
    page.wait_for_function(f"[...document.querySelectorAll('.js-plotly-plot')].filter(p => p.layout).length >= {count}",
                           timeout=RENDER_TIMEOUT_MS)
    return page.evaluate(PLOT_LAYOUTS)


def wait_for_title(page, prefix: str) -> list[dict]:
    """Layouts once a chart titled ``prefix`` is drawn (each chart has several SVG layers, so
    a count of them can be reached before every chart is there)."""
    page.wait_for_function(
        "p => [...document.querySelectorAll('.js-plotly-plot')].some(e => e.layout && e.layout.title"
        " && (e.layout.title.text || '').includes(p))", arg=prefix, timeout=RENDER_TIMEOUT_MS)
    return page.evaluate(PLOT_LAYOUTS)


def by_title(layouts: list[dict], prefix: str) -> dict:
    # Streamlit's theme wraps titles in <b> tags.
    return next(layout for layout in layouts if prefix in layout["title"])


def test_macro_page_draws_every_chart(page, demo_server):
    page.goto(f"{demo_server}/macro?as_of=2023-11-28")
    layouts = wait_for_charts(page, MACRO_CHARTS)
    assert len(layouts) == MACRO_CHARTS
    assert by_title(layouts, "S&P 500 (^GSPC), log scale")["ytype"] == "log"
    paths = by_title(layouts, "Small vs large caps after Fed turning points")
    assert "2019" in paths["notes"] and "Last hike" in paths["notes"] and "First cut" in paths["notes"]
    expect(page.get_by_text("CPI, Oct 2023")).to_be_visible()
    expect(page.get_by_text("days without another")).to_be_visible()
    assert page.get_by_text("Traceback").count() == 0


def test_chart_years_slider_moves_the_charts_and_the_url(page, demo_server):
    page.goto(f"{demo_server}/macro?as_of=2023-11-28")
    before = by_title(wait_for_title(page, "Inflation"), "Inflation")["xrange"]
    thumb = page.get_by_role("slider", name="Chart years")
    thumb.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"[?&]mac_years=5(&|$)"), timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(
        "prev => { const p = [...document.querySelectorAll('.js-plotly-plot')]"
        ".find(p => p.layout && p.layout.title && p.layout.title.text.includes('Inflation'));"
        " return p && JSON.stringify(p.layout.xaxis.range) !== JSON.stringify(prev); }",
        arg=before, timeout=RENDER_TIMEOUT_MS)
    after = by_title(page.evaluate(PLOT_LAYOUTS), "Inflation")["xrange"]
    assert after[0][:4] == "2018" and before[0][:4] == "2013"


def test_a_date_before_the_index_prices_says_what_is_missing(page, demo_server):
    page.goto(f"{demo_server}/macro?as_of=1990-01-01")
    wait_for_charts(page, 4)
    expect(page.get_by_text("no ^GSPC prices by 1990-01-01", exact=False)).to_be_visible()
    assert page.get_by_text("Traceback").count() == 0


def test_a_chart_download_builds_its_table_on_the_click(page, demo_server):
    """The frame behind a macro CSV is built only when the button is clicked (not on every
    run), and the file is that chart's data with its units and provenance."""
    page.goto(f"{demo_server}/macro?as_of=2023-11-28")
    wait_for_title(page, "IWM against fed funds")
    button = page.get_by_role("button", name="Download macro fed funds (CSV)")
    button.wait_for(timeout=RENDER_TIMEOUT_MS)
    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as info:
        button.click()
    assert info.value.suggested_filename == "macro_fed_funds_2023-11-28.csv"
    lines = open(info.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0].startswith("# as_of: 2023-11-28") or "2023-11-28" in lines[0]
    rows = [line for line in lines if line and not line.startswith("#")]
    assert len(rows) > 10 and rows[0].startswith("date")
    assert max(row.split(",")[0] for row in rows[1:]) <= "2023-11-28"
