"""What only a browser shows: the chart renders, and a control change reaches the URL."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 45_000


def set_date(page, label: str, year: str, month: str, day: str) -> None:
    """Type into Streamlit's segmented date field (year / month / day spinbuttons)."""
    for part, value in (("year", year), ("month", month), ("day", day)):
        field = page.get_by_role("spinbutton", name=f"{part}, {label}")
        field.click()
        page.keyboard.type(value)
    # The value commits when the calendar popover closes and the field loses focus.
    page.keyboard.press("Escape")
    page.get_by_text("The thesis (2023-11-28)").click()


def test_overview_chart_and_as_of_in_url(page, demo_server):
    page.goto(f"{demo_server}/overview")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=RENDER_TIMEOUT_MS)
    assert page.locator(".js-plotly-plot").count() >= 3
    assert "Demo data" in page.inner_text("body")

    set_date(page, "As of", "2023", "11", "28")
    expect(page).to_have_url(re.compile(r"[?&]as_of=2023-11-28"), timeout=RENDER_TIMEOUT_MS)
    page.get_by_text("Everything below is as of 2023-11-28").wait_for(timeout=RENDER_TIMEOUT_MS)


def test_shared_link_reproduces_view(page, demo_server):
    page.goto(f"{demo_server}/overview?as_of=2023-11-28&bench=QQQ&range=3Y")
    page.get_by_text("IWM − QQQ YTD").wait_for(timeout=RENDER_TIMEOUT_MS)
    body = page.inner_text("body")
    assert "Everything below is as of 2023-11-28" in body
    title = page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert title.startswith("Growth of 100 since 2020-11")


def test_every_chart_offers_plotly_png_export(page, demo_server):
    """Plotly's own export: the chart's toolbar has "Download plot as a PNG"."""
    page.goto(f"{demo_server}/overview?as_of=2023-11-28")
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for(timeout=RENDER_TIMEOUT_MS)
    chart.hover()
    button = page.locator(".js-plotly-plot .modebar-btn[data-title='Download plot as a PNG']").first
    button.wait_for(state="attached", timeout=RENDER_TIMEOUT_MS)
    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as info:
        button.click()
    assert info.value.suggested_filename.endswith(".png")
