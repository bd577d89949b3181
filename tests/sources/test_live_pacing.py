"""The live source paces Yahoo through its host limiter: in a load, a 429 is retried by the
limiter's jittered back-off (on the load's clock, within its budget), not by yfinance-side sleeps."""
from __future__ import annotations

import time

import pandas as pd

from analytics.config import Settings
from analytics.data.live import LiveSource
from analytics.data.ratelimit import load_budget
from tests.unit.data.test_ratelimit import HOUR, FakeClock, limiter


def _bars() -> pd.DataFrame:
    dates = pd.bdate_range("2026-11-02", periods=5)
    closes = [100.0, 101.0, 102.0, 101.5, 103.0]
    return pd.DataFrame({"Open": closes, "High": closes, "Low": closes, "Close": closes,
                         "Adj Close": closes, "Volume": [1000] * 5}, index=dates)


def test_a_rate_limited_chunk_is_retried_by_the_limiter(tmp_path):
    calls = []

    def downloader(symbols, **kwargs):
        calls.append(list(symbols))
        if len(calls) == 1:
            raise RuntimeError("YFRateLimitError: Too Many Requests. Rate limited. Try after a while.")
        return _bars()

    clock = FakeClock()
    live = LiveSource(Settings(source="live", cache_dir=tmp_path, http_timeout=3.0), downloader=downloader)
    live._yahoo = limiter(clock, per_minute=600.0, burst=200.0)
    begin = time.perf_counter()
    with load_budget(HOUR, clock):
        batch = live.prices(["IWM"])
    assert time.perf_counter() - begin < 2.0  # no real sleeping
    assert list(batch.frames) == ["IWM"] and batch.frames["IWM"]["close"].iloc[-1] == 103.0
    assert calls == [["IWM"], ["IWM"]] and live._yahoo.retried == 1
    assert clock.slept and max(clock.slept) <= 2.0  # the first back-off: uniform(0, 2 s)
