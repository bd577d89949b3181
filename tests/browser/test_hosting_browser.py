"""The hosted entry point (serve.py): Streamlit's ASGI app with the start-up warm-up, under a
path prefix as behind the proxy; and the chart library loaded once, from the page's start."""
from __future__ import annotations

import urllib.request

import pytest

from tests.browser.conftest import demo_app

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 45_000
CHART = ".js-plotly-plot .main-svg"
PLOTLY_LOADS = """() => performance.getEntriesByType('resource')
    .filter(e => /\\/static\\/js\\/PlotlyChart\\.[^/]*\\.js$/.test(e.name)).length"""


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    with demo_app(tmp_path_factory, "serve.py", prefix="dashboard") as url:
        yield url


def test_served_as_asgi_app_under_a_prefix(hosted, page):
    with urllib.request.urlopen(f"{hosted}/_stcore/health", timeout=5) as answer:
        assert answer.status == 200 and answer.read() == b"ok"
    page.goto(f"{hosted}/breadth?as_of=2023-11-28")
    page.wait_for_selector(CHART, timeout=RENDER_TIMEOUT_MS)
    body = page.inner_text("body")
    assert "Breadth" in body and "Demo data" in body and "Traceback" not in body


def test_the_chart_library_is_loaded_once_and_early(hosted, page):
    page.goto(f"{hosted}/overview?as_of=2023-11-28")
    page.wait_for_selector(CHART, timeout=RENDER_TIMEOUT_MS)
    # The preloader asked for Streamlit's own Plotly module, and Streamlit's chart then used
    # the same module: fetched once, not twice.
    assert page.evaluate("() => window.__dashboardPlotlyPreload instanceof Promise")
    assert page.evaluate(PLOTLY_LOADS) == 1
    assert page.locator(".js-plotly-plot").count() >= 3


def test_a_page_asks_nothing_of_any_other_host(hosted, page):
    """Offline or on a locked-down host, every request the page makes is to the app itself
    (the favicon included: a Material icon would be fetched from fonts.gstatic.com)."""
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{hosted}/technicals?as_of=2023-11-28")
    page.wait_for_selector(CHART, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_timeout(500)
    elsewhere = [url for url in asked if not url.startswith(("http://127.0.0.1", "data:", "blob:"))]
    assert asked and not elsewhere
    assert page.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\").href").startswith("data:")


def test_scorecard_evidence_links_keep_the_prefix(hosted, page):
    """A claim's evidence link opens that page behind the proxy too (an app-root path without
    the prefix would leave the app)."""
    page.goto(f"{hosted}/?as_of=2023-11-28")
    link = page.get_by_role("link", name="open the page ↗").first
    link.wait_for(timeout=RENDER_TIMEOUT_MS)
    href = link.get_attribute("href")
    assert href.startswith("/dashboard/overview?as_of=2023-11-28"), href
    page.goto(f"{hosted.split('/dashboard')[0]}{href}")
    page.wait_for_selector(CHART, timeout=RENDER_TIMEOUT_MS)
    assert "Everything below is as of 2023-11-28" in page.inner_text("body")
