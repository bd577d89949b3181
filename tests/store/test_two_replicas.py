"""Two app replicas on one shared S3 store (loopback moto) show the same numbers for one link,
and those are the numbers the report computes from the same store."""
from __future__ import annotations

import os
import uuid

import pytest

from analytics.data.cached import CacheOnlySource
from analytics.data.demo import DemoSource
from analytics.data.store import Store
from analytics.refresh import RefreshPlan, run_refresh
from analytics.report import build_report
from tests.browser.conftest import ROOT, free_port, start_server, stop_server
from tests.store.conftest import s3_options

LINK = "breadth?as_of=2023-11-28&universe=Nasdaq-100"
METRICS = '[data-testid="stMetricValue"]'


@pytest.fixture(scope="module")
def shared_store(s3_server):
    bucket = f"replicas-{uuid.uuid4().hex[:10]}"
    s3_server.create_bucket(bucket)
    url = f"s3://{bucket}/team/store"
    store = Store(url, s3_options(s3_server))
    plan = RefreshPlan(("universes", "prices", "members"), (), ("nasdaq100",))
    assert run_refresh(DemoSource(), store, plan, out=open(os.devnull, "w")) == 0
    return url, store


@pytest.fixture(scope="module")
def replicas(s3_server, shared_store):
    url, _ = shared_store
    env = {**s3_server.env, "MARKET_STORE_URL": url, "DASHBOARD_SOURCE": "cache",
           "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", "AWS_EC2_METADATA_DISABLED": "true",
           "STREAMLIT_SERVER_COOKIE_SECRET": "one-secret-for-every-replica"}
    ports = [free_port(), free_port()]
    servers = [start_server(ROOT / "app.py", port, env) for port in ports]
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for server in servers:
        stop_server(server)


def metrics_of(browser, url: str) -> list[str]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_function(f"document.querySelectorAll('{METRICS}').length >= 5", timeout=30_000)
        return page.locator(METRICS).all_inner_texts()
    finally:
        context.close()


def test_two_replicas_show_the_same_numbers_as_the_report(browser, replicas, shared_store):
    first, second = (metrics_of(browser, f"{base}/{LINK}") for base in replicas)
    assert first == second and len(first) >= 5
    _, store = shared_store
    expected = build_report(CacheOnlySource(store, offline=False), "2023-11-28", ["breadth"],
                            universe="nasdaq100")["breadth"]
    for window, shown in zip((20, 50, 200), first):
        assert shown == f"{expected[f'pct_above_{window}dma']:.1%}"
