"""The demo source: deterministic, complete, and shaped like a market."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.catalog import CORE_SYMBOLS, UNIVERSES
from analytics.data import demo_prices
from analytics.data.demo import DemoSource
from analytics.data.fred_catalogue import FRED_SERIES


def test_covers_every_symbol_and_series_the_pages_use():
    source = DemoSource()
    batch = source.prices(CORE_SYMBOLS)
    assert not batch.failed and set(batch.frames) == set(CORE_SYMBOLS)
    for series_id in FRED_SERIES:
        assert not source.fred(series_id).empty
    for name in UNIVERSES:
        members = source.universe(name).symbols
        assert len(source.prices(members[:5]).frames) == 5
    assert source.holdings("IWM").frame["weight"].sum() == pytest_approx(100, 0.1)


def pytest_approx(value, tol):
    import pytest

    return pytest.approx(value, abs=tol)


def test_deterministic_across_calls_and_processes():
    a = DemoSource().prices(["IWM"]).frames["IWM"]
    demo_prices.symbol_bars.cache_clear()
    demo_prices.factor_paths.cache_clear()
    b = DemoSource().prices(["IWM"]).frames["IWM"]
    pd.testing.assert_frame_equal(a, b)
    assert round(float(a.loc["2023-11-28", "close"]), 6) == round(float(b.loc["2023-11-28", "close"]), 6)


def test_small_and_large_caps_correlated_but_distinct():
    closes = DemoSource().prices(["IWM", "SPY"]).closes()
    returns = np.log(closes).diff().dropna()
    corr = returns.corr().loc["IWM", "SPY"]
    assert 0.75 < corr < 0.97
    vol = returns.std() * np.sqrt(252)
    assert 0.10 < vol["SPY"] < 0.30 and vol["IWM"] > vol["SPY"]


def test_ohlc_is_consistent():
    frame = DemoSource().prices(["QQQ"]).frames["QQQ"]
    assert (frame["high"] >= frame[["open", "close"]].max(axis=1) - 1e-9).all()
    assert (frame["low"] <= frame[["open", "close"]].min(axis=1) + 1e-9).all()


def test_rate_cycle_present():
    dff = DemoSource().fred("DFF")
    assert dff.loc["2021"].max() < 0.5 and dff.loc["2023-09"].min() > 5.0


def test_unknown_symbol_reported():
    assert "ZZZZ" in DemoSource().prices(["ZZZZ"]).failed
