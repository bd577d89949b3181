"""Two replicas (serve.py, as hosted) behind Caddy with deploy/Caddyfile's load-balancing and
cookie-affinity policy, one shared store on a loopback S3 server, driven in Chromium: a
session stays on its replica, an upload reaches the replica that holds the session, a pinned
link shows the same numbers whichever replica serves it, and a replica killed in the middle of
a session hands the viewer to the other one at the same URL with the same numbers."""
from __future__ import annotations

import os
import uuid

import pytest

from analytics.data.cached import CacheOnlySource
from analytics.data.demo import DemoSource
from analytics.data.store import Store
from analytics.refresh import RefreshPlan, run_refresh
from analytics.report import build_report
from tests.browser.caddy import PREFIX, caddy_path, cookie_name, cookie_value, start_proxy
from tests.browser.conftest import ROOT, free_port, start_server, stop_server
from tests.store.s3server import REGION, TEST_KEY, TEST_SECRET, start_s3_server
from ui.reconnect import MESSAGE

pytestmark = pytest.mark.browser
LINK = "breadth?as_of=2023-11-28&universe=Nasdaq-100"
METRICS = '[data-testid="stMetricValue"]'
CHART = ".js-plotly-plot .main-svg"
TIMEOUT_MS = 45_000


class Replicas:
    """The app processes, each on its own port; one can be killed and started again."""

    def __init__(self, env: dict[str, str], count: int = 2):
        self.env, self.ports = env, [free_port() for _ in range(count)]
        self.procs = [start_server(ROOT / "serve.py", port, env) for port in self.ports]

    @property
    def upstreams(self) -> list[str]:
        return [f"127.0.0.1:{port}" for port in self.ports]

    def kill(self, index: int) -> None:
        self.procs[index].kill()
        self.procs[index].wait(timeout=10)

    def restart(self, index: int) -> None:
        if self.procs[index].poll() is not None:
            self.procs[index] = start_server(ROOT / "serve.py", self.ports[index], self.env)

    def stop(self) -> None:
        for proc in self.procs:
            stop_server(proc)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """(proxy, replicas, store): the store filled by the refresh job on demo data."""
    if caddy_path() is None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("caddy is required (REQUIRE_BROWSER=1) but was not found")
        pytest.skip("caddy not installed (apt-get install caddy)")
    s3 = start_s3_server()
    replicas = proxy = None
    try:
        bucket = f"proxy-{uuid.uuid4().hex[:10]}"
        s3.create_bucket(bucket)
        url = f"s3://{bucket}/team/store"
        store = Store(url, {"key": TEST_KEY, "secret": TEST_SECRET, "endpoint_url": s3.endpoint, "region": REGION})
        plan = RefreshPlan(("universes", "prices", "members"), (), ("nasdaq100",))
        assert run_refresh(DemoSource(), store, plan, out=open(os.devnull, "w")) == 0
        env = {**s3.env, "MARKET_STORE_URL": url, "DASHBOARD_SOURCE": "cache",
               "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", "STREAMLIT_SERVER_BASE_URL_PATH": PREFIX,
               "STREAMLIT_SERVER_COOKIE_SECRET": "one-secret-for-every-replica",
               "MARKET_CACHE_DIR": str(tmp_path_factory.mktemp("replica-cache"))}
        replicas = Replicas(env)
        proxy = start_proxy(free_port(), replicas.upstreams)
        yield proxy, replicas, store
    finally:
        if proxy:
            proxy.stop()
        if replicas:
            replicas.stop()
        s3.stop()


def new_context(browser, proxy, pinned: str | None = None):
    """A fresh browser context; ``pinned``: its sticky cookie already names that replica."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    if pinned:
        context.add_cookies([{"name": cookie_name(), "value": cookie_value(pinned),
                              "url": f"http://127.0.0.1:{proxy.port}/"}])
    return context


def served_by(context, proxy) -> str | None:
    values = [c["value"] for c in context.cookies() if c["name"] == cookie_name()]
    return proxy.replica_of(values[-1]) if values else None


def shown_metrics(page) -> list[str]:
    page.wait_for_selector(CHART, timeout=TIMEOUT_MS)
    page.wait_for_function(f"document.querySelectorAll('{METRICS}').length >= 5", timeout=TIMEOUT_MS)
    return page.locator(METRICS).all_inner_texts()


def expected_metrics(store) -> list[str]:
    breadth = build_report(CacheOnlySource(store, offline=False), "2023-11-28", ["breadth"],
                           universe="nasdaq100")["breadth"]
    return [f"{breadth[f'pct_above_{w}dma']:.1%}" for w in (20, 50, 200)]


def test_a_session_and_its_reruns_stay_on_one_replica(browser, stack):
    proxy, _, _ = stack
    context = new_context(browser, proxy)
    try:
        page = context.new_page()
        sockets = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(f"{proxy.url}/{LINK}")
        shown_metrics(page)
        home = served_by(context, proxy)
        assert home in proxy.upstreams  # the proxy set the sticky cookie, naming a replica
        for title in ("Overview", "Technicals", "Breadth"):  # reruns: other pages, same session
            page.get_by_role("link", name=title).first.click()
            page.wait_for_selector(CHART, timeout=TIMEOUT_MS)
            assert served_by(context, proxy) == home
        page.get_by_role("slider", name="Chart years").focus()
        page.keyboard.press("ArrowRight")  # a widget change: one more rerun
        page.wait_for_function("() => new URLSearchParams(location.search).get('years') === '3'", timeout=TIMEOUT_MS)
        shown_metrics(page)
        assert "Traceback" not in page.inner_text("body")
        # Every rerun went over the one WebSocket the proxy opened to the cookie's replica.
        assert len(sockets) == 1 and served_by(context, proxy) == home
    finally:
        context.close()


@pytest.mark.parametrize("replica", [0, 1])
def test_a_csv_import_reaches_the_replica_that_holds_the_session(browser, stack, replica):
    """The upload is an HTTP PUT to the session's replica, apart from its WebSocket: only the
    sticky cookie brings it there. Run once pinned to each replica."""
    proxy, replicas, _ = stack
    members = ",".join(DemoSource().universe("nasdaq100").symbols[:12])
    context = new_context(browser, proxy, pinned=replicas.upstreams[replica])
    try:
        page = context.new_page()
        page.goto(f"{proxy.url}/breadth?as_of=2023-11-28&universe=Custom+list")
        page.get_by_text("Upload a CSV to compute breadth").wait_for(timeout=TIMEOUT_MS)
        data = ("symbol\n" + members.replace(",", "\n") + "\n").encode()
        page.locator("input[type=file]").set_input_files({"name": "mine.csv", "mimeType": "text/csv", "buffer": data})
        shown_metrics(page)
        body = page.inner_text("body")
        assert "Traceback" not in body and "Upload a CSV to compute breadth" not in body
        assert served_by(context, proxy) == replicas.upstreams[replica]
    finally:
        context.close()


@pytest.mark.skip(reason="the thesis upload does not exist in the app yet: when it does, upload a "
                         "thesis file through the proxy here, pinned to each replica, as the CSV test does")
def test_a_thesis_upload_reaches_the_replica_that_holds_the_session(browser, stack):
    raise NotImplementedError


def test_the_pinned_link_shows_the_same_numbers_on_either_replica(browser, stack):
    proxy, replicas, store = stack
    shown = {}
    for upstream in [None, *replicas.upstreams]:  # a first visit (the proxy picks), then each one
        context = new_context(browser, proxy, pinned=upstream)
        try:
            page = context.new_page()
            page.goto(f"{proxy.url}/{LINK}")
            numbers = shown_metrics(page)
            landed = served_by(context, proxy)
            assert landed in replicas.upstreams and (upstream is None or landed == upstream)
            shown[upstream or "first visit"] = numbers
        finally:
            context.close()
    first, *rest = shown.values()
    assert all(numbers == first for numbers in rest), shown
    assert first[:3] == expected_metrics(store)


def test_a_replica_lost_mid_session_hands_the_viewer_to_the_other(browser, stack):
    """Kill the replica holding a session: the browser reconnects through the proxy to the other
    one, the page runs again at the same URL with the same numbers, and says so in one line."""
    proxy, replicas, _ = stack
    lost, other = replicas.upstreams
    context = new_context(browser, proxy, pinned=lost)
    try:
        page = context.new_page()
        page.goto(f"{proxy.url}/{LINK}")
        before = shown_metrics(page)
        url = page.url
        assert served_by(context, proxy) == lost
        assert page.get_by_text(MESSAGE).count() == 0  # a fresh load is no reconnection
        replicas.kill(0)
        page.get_by_text(MESSAGE).wait_for(timeout=30_000)
        assert served_by(context, proxy) == other
        assert page.url == url and shown_metrics(page) == before
        # The new session works: a widget change reruns on the replica that is left.
        page.get_by_role("slider", name="Chart years").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => new URLSearchParams(location.search).get('years') === '3'", timeout=TIMEOUT_MS)
        assert shown_metrics(page) == before and served_by(context, proxy) == other
        assert "Traceback" not in page.inner_text("body")
    finally:
        context.close()
        replicas.restart(0)
