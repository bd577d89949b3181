"""Indicators against TA-Lib (the oracle) on long generated series, and the signals read off them."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import talib

from analytics.technicals import indicators

WARM_UP = 300  # bars after which EMA seeding differences have decayed below 1e-6
TOLERANCE = 1e-6


def random_bars(n: int = 3000, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0.0003, 0.012, n)))
    high = close * (1 + np.abs(rng.normal(0, 0.006, n)))
    low = close * (1 - np.abs(rng.normal(0, 0.006, n)))
    index = pd.bdate_range("2010-01-04", periods=n, name="date")
    return pd.DataFrame({"open": close, "high": high, "low": low, "close": close, "volume": 1e6}, index=index)


@pytest.fixture(scope="module", params=[7, 11, 2024])
def bars(request):
    return random_bars(seed=request.param)


def test_macd_matches_talib(bars):
    frame = indicators.with_indicators(bars)
    macd, signal, hist = talib.MACD(bars["close"].to_numpy(), 12, 26, 9)
    np.testing.assert_allclose(frame["MACD_12_26_9"].to_numpy()[WARM_UP:], macd[WARM_UP:], atol=TOLERANCE)
    np.testing.assert_allclose(frame["MACDs_12_26_9"].to_numpy()[WARM_UP:], signal[WARM_UP:], atol=TOLERANCE)
    np.testing.assert_allclose(frame["MACDh_12_26_9"].to_numpy()[WARM_UP:], hist[WARM_UP:], atol=TOLERANCE)


def test_rsi_and_smas_match_talib(bars):
    frame = indicators.with_indicators(bars)
    close = bars["close"].to_numpy()
    np.testing.assert_allclose(frame["RSI_14"].to_numpy()[WARM_UP:], talib.RSI(close, 14)[WARM_UP:], atol=TOLERANCE)
    for n in (50, 200):
        np.testing.assert_allclose(frame[f"SMA_{n}"].to_numpy()[n:], talib.SMA(close, n)[n:], atol=TOLERANCE)


def test_weekly_indicators_match_talib_on_weekly_closes(bars):
    weekly = indicators.with_indicators(indicators.weekly_bars(bars), sma_lengths=(50,))
    wclose = weekly["close"].to_numpy()
    np.testing.assert_allclose(weekly["SMA_50"].to_numpy()[50:], talib.SMA(wclose, 50)[50:], atol=TOLERANCE)
    _, _, hist = talib.MACD(wclose, 12, 26, 9)
    np.testing.assert_allclose(weekly["MACDh_12_26_9"].to_numpy()[WARM_UP:], hist[WARM_UP:], atol=TOLERANCE)


def test_weekly_bars_end_friday_and_last_week_may_be_partial():
    bars = random_bars(12)  # 2010-01-04 (Mon) .. 2010-01-19 (Tue)
    weekly = indicators.weekly_bars(bars)
    assert [d.strftime("%Y-%m-%d") for d in weekly.index] == ["2010-01-08", "2010-01-15", "2010-01-19"]
    assert weekly["close"].iloc[-1] == bars["close"].iloc[-1]
    assert weekly["high"].iloc[0] == bars["high"].iloc[:5].max()


def test_partial_week_sma_equals_weekly_sma_of_week_in_progress():
    bars = random_bars(600)
    for end in ("2011-06-15", "2011-06-17", "2011-06-20"):
        daily, weekly = indicators.daily_and_weekly(bars, end)
        assert daily["SMA_50W"].iloc[-1] == pytest.approx(weekly["SMA_50"].iloc[-1], abs=1e-9)


def test_as_of_truncation():
    bars = random_bars(800)
    early, _ = indicators.daily_and_weekly(bars, "2012-06-01")
    late, _ = indicators.daily_and_weekly(bars, "2012-12-31")
    pd.testing.assert_frame_equal(early, late.loc[:"2012-06-01"], check_freq=False)


def test_macd_flip_close_flips_the_histogram():
    bars = random_bars(700)
    close = bars["close"]
    flip = indicators.macd_flip_close(close)
    nxt = pd.concat([close, pd.Series([flip], index=[close.index[-1] + pd.offsets.BDay()])])
    _, _, hist = talib.MACD(nxt.to_numpy(), 12, 26, 9)
    assert hist[-1] == pytest.approx(0.0, abs=1e-9)
    state = indicators.macd_state(indicators.with_indicators(bars))
    nudged = flip * (0.99 if state.above else 1.01)
    _, _, hist2 = talib.MACD(np.append(close.to_numpy(), nudged), 12, 26, 9)
    assert (hist2[-1] > 0) != state.above  # beyond the flip price, the sign changes


def test_macd_state_bars_since_cross():
    index = pd.bdate_range("2020-01-01", periods=6)
    frame = pd.DataFrame({"close": 1.0, "MACD_12_26_9": 0.0, "MACDs_12_26_9": 0.0,
                          "MACDh_12_26_9": [-1, -1, 1, 2, 3, 4]}, index=index, dtype=float)
    state = indicators.macd_state(frame)
    assert state.above and state.bars_since_cross == 3


def test_rsi_percentile():
    rsi = pd.Series([10.0, 20.0, 30.0, 40.0, 25.0])
    assert indicators.rsi_percentile(rsi, lookback=5) == pytest.approx(3 / 5)
    assert indicators.rsi_percentile(pd.Series([np.nan])) is None


def test_weekly_bars_are_pandas_w_fri_bins():
    """weekly_bars groups each day on its week's Friday: the same bars as grouping on
    pd.Grouper(freq="W-FRI"), weekend days (crypto) included, labelled with the last day."""
    days = pd.date_range("2019-12-25", "2024-03-06", freq="D", name="date")  # every day, as BTC
    rng = np.random.default_rng(3)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(days))))
    bars = pd.DataFrame({"open": close, "high": close * 1.01, "low": close * 0.99, "close": close,
                         "volume": rng.integers(1, 1000, len(days)).astype(float)}, index=days)
    bars = bars.drop(bars.index[::5])  # gaps, as holidays leave
    grouped = bars.groupby(pd.Grouper(freq="W-FRI"))
    expected = grouped.agg({"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"})
    last_day = pd.Series(bars.index, index=bars.index).groupby(pd.Grouper(freq="W-FRI")).max()
    expected.index = pd.DatetimeIndex(last_day.reindex(expected.index).to_numpy(), name="date")
    pd.testing.assert_frame_equal(indicators.weekly_bars(bars), expected.dropna(subset=["close"]))
