"""Run by bench/run.py (or ``python -m bench.s3_store``): the shared store on a loopback S3
server (moto), at Russell 2000 scale. Prints one JSON object.

* ``s3_breadth_first_chart_s``: a warm store (2,000 members x 10 years in a universe panel and
  its stored breadth, written by the refresh code), a freshly started app process reading it
  (``DASHBOARD_SOURCE=cache``, started as hosted: ``serve.py``), and a colleague's browser
  that has opened the dashboard before, so Streamlit's scripts are in its HTTP cache (they are
  served ``immutable`` for a year): navigation start until the Breadth page on the Russell 2000
  draws its first chart. Median of ``COLD_RUNS`` server processes, each on the same port (the
  cache is per URL), alternated with the same measure of the one-chart baseline app
  (``s3_first_chart_minimal_app_s``).
* ``s3_breadth_first_chart_new_browser_s`` / ``s3_first_chart_minimal_new_browser_s``: the same
  with a browser that has never opened it (a fresh context: every script downloaded and
  compiled), which no server change can shorten below the baseline app's figure.
* ``s3_server_start_s`` is how long each server took to answer its health check.
* ``s3_panel_read_s`` / ``s3_panel_requests`` / ``s3_panel_mb``: reading that panel in a fresh
  process (manifests and parts, counted), and its size in the store.
* ``s3_refresh_one_day_s``: the incremental refresh of all 2,000 members after one new day
  (tail fetch from a fake provider, one new part, one conditional manifest put), with
  ``s3_refresh_requests`` store requests.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.breadth.stored import store_breadth  # noqa: E402
from analytics.catalog import CORE_SYMBOLS  # noqa: E402
from analytics.data.base import PriceBatch, SourceInfo  # noqa: E402
from analytics.data.demo import DemoSource  # noqa: E402
from analytics.data.panel_refresh import refresh_panel  # noqa: E402
from analytics.data.store import Store  # noqa: E402
from analytics.refresh import refresh_prices  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, free_port, start_server, stop_server  # noqa: E402
from tests.store.s3server import start_s3_server  # noqa: E402

N_MEMBERS, N_DAYS = 2000, 2520
COLD_RUNS = 3
BUCKET, PREFIX = "bench-store", "team/store"
UNIVERSE = "russell2000"
CHART = ".js-plotly-plot .main-svg"
PAGE = "breadth?universe=Russell+2000"
CLOSE = pd.Index(["close"])


class DayByDay:
    """A provider whose member histories grow one day at a time."""

    def __init__(self, closes: np.ndarray, dates: pd.DatetimeIndex, symbols: list[str]):
        self.closes, self.dates, self.symbols = closes, dates, symbols
        self.column = {s: i for i, s in enumerate(symbols)}
        self.last = len(dates) - 2  # the store starts one day behind

    def info(self):
        return SourceInfo(kind="live", label="bench provider")

    def prices(self, symbols, start=None):
        lo = 0 if start is None else int(self.dates.searchsorted(pd.Timestamp(start)))
        index = self.dates[lo:self.last + 1]
        block = self.closes[lo:self.last + 1]
        return PriceBatch(frames={s: pd.DataFrame(block[:, self.column[s], None], index=index, columns=CLOSE)
                                  for s in symbols})


class CountingObjects:
    """Wraps a backend and counts the object requests made through it."""

    def __init__(self, inner):
        self.inner, self.requests = inner, 0

    def __getattr__(self, name):
        method = getattr(self.inner, name)
        if name not in ("get", "get_many", "put", "put_if", "delete", "list"):
            return method

        def counted(*args, **kwargs):
            self.requests += len(args[0]) if name == "get_many" else 1
            return method(*args, **kwargs)

        return counted


def build_store(url: str) -> tuple[DayByDay, Store]:
    """The warm store: core prices (demo), the member list and its panel through yesterday."""
    store = Store(url)
    demo = DemoSource()
    refresh_prices(demo, store, list(CORE_SYMBOLS), None, datetime.now())
    last = demo.prices(["IWM"]).frames["IWM"].index[-1]
    dates = pd.bdate_range(end=last, periods=N_DAYS, name="date")
    rng = np.random.default_rng(7)
    closes = 50 * np.exp(np.cumsum(rng.normal(0, 0.02, (N_DAYS, N_MEMBERS)), axis=0))
    symbols = [f"S{i:04d}" for i in range(N_MEMBERS)]
    store.write("universes", UNIVERSE, pd.DataFrame({"symbol": symbols}), {"as_of": last.date().isoformat()})
    provider = DayByDay(closes, dates, symbols)
    store_breadth(store, refresh_panel(provider, store, UNIVERSE, symbols).manifest)  # as the job does
    return provider, store


def cold_first_chart(browser, script: Path, path: str, env: dict, context=None, port: int | None = None
                     ) -> tuple[float, float]:
    """A fresh server process and a page in ``context`` (default: a fresh context, an empty
    browser cache): (server start, first chart) seconds."""
    port = port or free_port()
    began = time.perf_counter()
    server = start_server(script, port, env)
    started = time.perf_counter() - began
    own = context is None
    try:
        context = context or browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        began = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/{path}")
        page.wait_for_selector(CHART, timeout=120_000)
        chart = time.perf_counter() - began
        page.close()
        if own:
            context.close()
    finally:
        stop_server(server)
    return started, chart


def first_chart_s(env: dict) -> dict[str, list[float]]:
    """The Breadth page and, alternated with it, the one-chart baseline app, each from a cold
    server process: with a returning browser (its cache filled by a first visit, then one
    context kept) and with a new one."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {k: [] for k in ("charts", "starts", "minimal", "charts_new", "minimal_new")}
    apps = {"app": (ROOT / "serve.py", PAGE, free_port()), "minimal": (ROOT / "bench" / "minimal_app.py", "", free_port())}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        kept = {name: browser.new_context(viewport={"width": 1400, "height": 1000}) for name in apps}
        for name, (script, path, port) in apps.items():  # the earlier visit that fills the cache
            cold_first_chart(browser, script, path, env, kept[name], port)
        for _ in range(COLD_RUNS):
            started, chart = cold_first_chart(browser, *apps["app"][:2], env, kept["app"], apps["app"][2])
            out["starts"].append(started)
            out["charts"].append(chart)
            out["minimal"].append(cold_first_chart(browser, *apps["minimal"][:2], env, kept["minimal"],
                                                   apps["minimal"][2])[1])
            out["charts_new"].append(cold_first_chart(browser, *apps["app"][:2], env)[1])
            out["minimal_new"].append(cold_first_chart(browser, *apps["minimal"][:2], env)[1])
        for context in kept.values():
            context.close()
        browser.close()
    return out


def panel_read(env: dict, url: str) -> dict:
    code = ("import json, time; t = time.perf_counter();"
            "from analytics.data.store import Store; from bench.s3_store import CountingObjects;"
            "from analytics.data.panel_source import member_prices; from datetime import timedelta;"
            f"s = Store({url!r}); s.objects = CountingObjects(s.objects); t0 = time.perf_counter();"
            f"b = member_prices(s, ['S%04d' % i for i in range({N_MEMBERS})], upstream=None,"
            " max_age=timedelta(days=2));"
            "print(json.dumps({'read_s': time.perf_counter() - t0, 'requests': s.objects.requests,"
            " 'members': len(b.frames)}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> dict:
    server = start_s3_server()
    # As deployed (the Dockerfile's settings): the store only, no file watcher.
    env = {**os.environ, **server.env, "MARKET_STORE_URL": f"s3://{BUCKET}/{PREFIX}",
           "DASHBOARD_SOURCE": "cache", "PYTHONPATH": str(ROOT), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    try:
        server.create_bucket(BUCKET)
        os.environ.update(server.env)
        provider, store = build_store(env["MARKET_STORE_URL"])
        panel_bytes = sum(o.size for o in store.objects.list(f"panels/{UNIVERSE}/"))
        read = panel_read(env, env["MARKET_STORE_URL"])
        charts = first_chart_s(env)
        provider.last += 1  # one new trading day at the provider
        store.objects = CountingObjects(store.objects)
        began = time.perf_counter()
        result = refresh_panel(provider, store, UNIVERSE, provider.symbols)
        refresh_s = time.perf_counter() - began
        assert len(result.fetched) == N_MEMBERS and result.manifest.through == provider.dates[-1]
    finally:
        server.stop()
    return {
        "s3_breadth_first_chart_s": round(statistics.median(charts["charts"]), 3),
        "s3_breadth_first_chart_samples_s": [round(c, 3) for c in charts["charts"]],
        "s3_first_chart_minimal_app_s": round(statistics.median(charts["minimal"]), 3),
        # The target (issue 26): a cold replica's first chart against the bare app's, same run.
        "s3_cold_first_chart_ratio": round(statistics.median(charts["charts"]) / statistics.median(charts["minimal"]), 3),
        "s3_breadth_first_chart_new_browser_s": round(statistics.median(charts["charts_new"]), 3),
        "s3_first_chart_minimal_new_browser_s": round(statistics.median(charts["minimal_new"]), 3),
        "s3_server_start_s": round(statistics.median(charts["starts"]), 3),
        "s3_panel_members": N_MEMBERS, "s3_panel_days": N_DAYS,
        "s3_panel_mb": round(panel_bytes / 1e6, 1),
        "s3_panel_read_s": round(read["read_s"], 3), "s3_panel_requests": read["requests"],
        "s3_refresh_one_day_s": round(refresh_s, 3),
        "s3_refresh_requests": store.objects.requests,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
