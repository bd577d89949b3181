"""Every page's "Copy link": the pinned link, opened in a fresh browser, shows the same numbers."""
from __future__ import annotations

import re

import pytest

from tests.app.test_replay_sweep import PAGES, ROOT

APP_SOURCE = (ROOT / "app.py").read_text()

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 60_000
METRICS = "[data-testid='stMetric']"


STABLE_POLLS, POLL_MS = 3, 250
#: Streamlit marks its app element with the script's state: the run is over at "notRunning".
RUN_OVER = "[data-testid='stApp'][data-test-script-state='notRunning']"


def metric_texts(page) -> list[str]:
    """The page's metrics once the run is over, and still the same for ``STABLE_POLLS`` looks
    in a row (a link's values reach the widgets in a second, quick run)."""
    page.locator(METRICS).first.wait_for(timeout=RENDER_TIMEOUT_MS)
    seen, stable = None, 0
    for _ in range(RENDER_TIMEOUT_MS // POLL_MS):
        page.locator(RUN_OVER).wait_for(state="attached", timeout=RENDER_TIMEOUT_MS)
        now = page.locator(METRICS).all_inner_texts()
        stable = stable + 1 if now == seen else 0
        seen = now
        if stable >= STABLE_POLLS:
            return now
        page.wait_for_timeout(POLL_MS)
    raise AssertionError(f"metrics never settled; last seen {seen}")


def pinned_link(page) -> str:
    page.get_by_role("button", name=re.compile("Copy link")).click(timeout=RENDER_TIMEOUT_MS)
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code, "
                        "[data-testid='stCode'] code").filter(has_text="as_of=").first
    code.wait_for(timeout=RENDER_TIMEOUT_MS)
    return code.inner_text().replace("\n", "")


#: The default page answers at "/" only (Streamlit shows "Page not found" at its url_path).
DEFAULT_PAGE = re.search(r'url_path="([a-z_]+)",\s*default=True', APP_SOURCE).group(1)


@pytest.mark.parametrize("name", [p.removeprefix("pages/").removesuffix(".py") for p in PAGES])
def test_copy_link_round_trip(browser, demo_server, name):
    path = "" if name == DEFAULT_PAGE else name
    first = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:  # a context left open keeps its session, and its page's runs, alive on the server
        page = first.new_page()
        page.goto(f"{demo_server}/{path}?as_of=2023-11-28", timeout=RENDER_TIMEOUT_MS)
        before = metric_texts(page)
        link = pinned_link(page)
    finally:
        first.close()
    assert link.startswith(f"{demo_server}/{path}?") and "as_of=2023-11-28" in link, link
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        again = fresh.new_page()
        again.goto(link, timeout=RENDER_TIMEOUT_MS)
        assert metric_texts(again) == before
        assert "Page not found" not in again.inner_text("body")
    finally:
        fresh.close()
