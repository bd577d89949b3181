"""Fibonacci levels on hand-built swings, and the automatic anchor finder on constructed paths."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.technicals.fibonacci import (
    Anchor,
    FibonacciError,
    anchor_at,
    largest_drawdown,
    level_table,
    sensitivity,
    trend_extension,
    two_point_levels,
)


def path(highs, lows=None, start="2023-01-02") -> pd.DataFrame:
    highs = np.asarray(highs, dtype=float)
    lows = highs if lows is None else np.asarray(lows, dtype=float)
    closes = (highs + lows) / 2
    index = pd.bdate_range(start, periods=len(highs), name="date")
    return pd.DataFrame({"open": closes, "high": highs, "low": lows, "close": closes, "volume": 1.0}, index=index)


def test_two_point_levels_by_hand():
    levels = two_point_levels(244.46, 161.67, [0.618, 1.0, 1.618])
    assert levels[1.0] == pytest.approx(244.46)
    assert levels[1.618] == pytest.approx(161.67 + 1.618 * 82.79)  # 295.62...
    assert levels[0.618] == pytest.approx(161.67 + 0.618 * 82.79)


def test_high_below_low_is_refused():
    with pytest.raises(FibonacciError, match="must be above"):
        two_point_levels(100.0, 120.0, [1.618])


def test_trend_extension_tradingview_formula():
    # A=100 -> B=150 (move 50), pullback to C=130: C + r * (B - A)
    levels = trend_extension(100.0, 150.0, 130.0, [0.618, 1.0, 1.618])
    assert levels == pytest.approx({0.618: 160.9, 1.0: 180.0, 1.618: 210.9})
    down = trend_extension(150.0, 100.0, 120.0, [1.0])
    assert down[1.0] == pytest.approx(70.0)
    with pytest.raises(FibonacciError):
        trend_extension(5.0, 5.0, 6.0, [1.0])


def test_drawdown_peak_from_highs_trough_from_lows():
    highs = [10, 12, 20, 18, 15, 11, 13, 14]
    lows = [9, 11, 19, 16, 12, 8, 12, 13]
    high, low = largest_drawdown(path(highs, lows), "2023-01-11", lookback_years=1)
    assert (high.date, high.price) == (pd.Timestamp("2023-01-04"), 20.0)
    assert (low.date, low.price) == (pd.Timestamp("2023-01-09"), 8.0)


def test_drawdown_ties_latest_peak_earliest_trough():
    # Two equal peaks (20) before the trough: the later one is the swing high.
    # Two equal troughs (5): the first is the swing low.
    highs = [10, 20, 15, 20, 9, 5, 7, 5, 6]
    high, low = largest_drawdown(path(highs), "2023-01-12", 1)
    assert high.date == pd.Timestamp("2023-01-05") and low.date == pd.Timestamp("2023-01-09")


def test_drawdown_new_low_on_last_bar():
    highs = [10, 20, 15, 12, 4]
    high, low = largest_drawdown(path(highs), "2023-01-06", 1)
    assert low.date == pd.Timestamp("2023-01-06") and low.price == 4.0 and high.price == 20.0


def test_flat_or_rising_series_has_no_drawdown():
    with pytest.raises(FibonacciError, match="never fell"):
        largest_drawdown(path([10] * 20), "2023-02-01", 1)
    with pytest.raises(FibonacciError, match="never fell"):
        largest_drawdown(path(list(range(1, 30))), "2023-03-01", 1)


def test_drawdown_respects_lookback_and_as_of():
    # A crash in 2023 is outside a one-year lookback ending 2025; a later, smaller one wins.
    highs = [100] * 5 + [50] * 5 + [60] * 520 + [70, 40, 45]
    bars = path(highs, start="2023-01-02")
    end = bars.index[-1]
    high, low = largest_drawdown(bars, end, lookback_years=1)
    assert (high.price, low.price) == (70.0, 40.0)
    high, low = largest_drawdown(bars, bars.index[12], lookback_years=1)  # as of early 2023
    assert (high.price, low.price) == (100.0, 50.0)


def test_anchor_at_uses_bar_on_or_before_and_rejects_before_data():
    bars = path([10, 11, 12], [9, 10, 11])
    assert anchor_at(bars, "2023-01-08", "low") == Anchor(pd.Timestamp("2023-01-04"), 11.0, "low")
    with pytest.raises(FibonacciError, match="before the first bar"):
        anchor_at(bars, "2022-12-01", "high")


def test_level_table_progress():
    bars = path([20, 10, 12, 16, 14], [19, 8, 11, 15, 13])
    low = Anchor(pd.Timestamp("2023-01-03"), 8.0, "low")
    levels = two_point_levels(20.0, 8.0, [0.5, 1.0])  # 14 and 20
    table = level_table(bars, levels, low, low.date, bars.index[-1])
    assert table.loc["0.5", "best_since_anchor"] == 16.0
    assert table.loc["0.5", "progress"] == pytest.approx((16 - 8) / (14 - 8))  # reached: > 1
    assert table.loc["1", "progress"] == pytest.approx(8 / 12)
    assert table.loc["1", "move_from_close"] == pytest.approx(20 / 13.5 - 1)


def test_sensitivity_shifts_one_anchor_at_a_time():
    bars = path([10, 20, 18, 15, 9, 11, 12], [9, 19, 17, 14, 8, 10, 11])
    high, low = largest_drawdown(bars, bars.index[-1], 1)
    table = sensitivity(bars, [high, low], lambda p: two_point_levels(p[0], p[1], [1.0]), shifts=(-1, 1))
    assert table.loc["as set", "1"] == 20.0
    assert table.loc["high -1d (2023-01-02)", "1"] == 10.0
    assert table.loc["low +1d (2023-01-09)", "1"] == 20.0
    assert "high +1d (2023-01-04)" in table.index
