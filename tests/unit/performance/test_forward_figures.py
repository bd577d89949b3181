"""Builders of "What happened next": text cells (not yet / n/a), CSV frames, the rebased chart
with its as-of and horizon markers, and the Fibonacci touch table."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.export import csv_text
from analytics.performance.forward import RATIO_NAME, FibTouch, FibTouches, forward_table
from analytics.performance.forward_figures import (
    FIB_TOUCH_UNITS,
    display_frame,
    fib_touch_display,
    fib_touch_frame,
    forward_figure,
    rebased_frame,
    returns_frame,
)

DAYS = pd.bdate_range("2024-01-01", "2024-05-15", name="date")


def _frame(close: pd.Series, adj: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame({"open": close, "high": close, "low": close, "close": close, "volume": 1.0})
    if adj:
        frame["adj_close"] = close * 0.99
    return frame


@pytest.fixture
def frames():
    line = pd.Series(100.0 + np.arange(len(DAYS)), index=DAYS)
    return {"IWM": _frame(line), "SPY": _frame(2 * line), "QQQ": _frame(line, adj=False)}


def test_display_frame_spells_out_not_yet_and_na(frames):
    table = forward_table(frames, "2024-01-10", "total")
    shown = display_frame(table)
    assert list(shown.columns) == ["1m (2024-02-10)", "3m (2024-04-10)", "6m (2024-07-10)",
                                   "12m (2025-01-10)", "latest (2024-05-15)"]
    assert shown.loc["IWM", "1m (2024-02-10)"] == f"{129 / 107 - 1:+.1%}"
    assert shown.loc["IWM", "6m (2024-07-10)"] == "not yet"
    assert (shown.loc["QQQ"] == "n/a").all()  # no adjusted closes
    assert shown.loc[RATIO_NAME, "1m (2024-02-10)"] == "+0.0%"


def test_returns_frame_is_numeric_with_nan_and_dates(frames):
    frame = returns_frame(forward_table(frames, "2024-01-10"))
    assert frame.loc["IWM", "1m"] == pytest.approx(129 / 107 - 1)
    assert np.isnan(frame.loc["IWM", "12m"])
    assert frame.loc["SPY", "base_date"] == "2024-01-10" and frame.loc["SPY", "latest_date"] == "2024-05-15"
    text = csv_text(frame, "fraction", {"as_of": "2024-01-10"})
    assert "1m (fraction)" in text.splitlines()[1]


def test_rebased_frame_is_100_on_the_as_of_close_with_a_month_before(frames):
    rebased = rebased_frame(frames, "2024-02-14", ["IWM", "SPY", "QQQ"])
    assert rebased.loc["2024-02-14"].tolist() == [100.0, 100.0, 100.0]
    assert rebased.index[0] == pd.Timestamp("2024-01-15")  # one month of lead-in
    assert rebased.index[-1] == DAYS[-1]
    total = rebased_frame(frames, "2024-02-14", ["IWM", "SPY", "QQQ"], "total")
    assert list(total.columns) == ["IWM", "SPY"]  # QQQ has no adjusted closes
    assert rebased_frame(frames, "2023-06-01", ["IWM"]).empty  # no base before the data


def test_forward_figure_marks_the_date_and_the_horizons_reached(frames):
    rebased = rebased_frame(frames, "2024-01-10", ["IWM", "SPY", "QQQ"])
    fig = forward_figure(rebased, "2024-01-10")
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["as of 2024-01-10", "+1m", "+3m"]  # 6m and 12m are after the data
    assert [t.name for t in fig.data] == ["IWM", "SPY", "QQQ"]
    assert fig.data[0].x[0] == "2024-01-01"  # the lead-in is cut at the first bar
    assert "price" in fig.layout.title.text
    assert "total return" in forward_figure(rebased, "2024-01-10", "total").layout.title.text


def test_fib_touch_frame_and_display():
    touches = FibTouches(symbol="IWM", as_of_close=200.0, last_bar=pd.Timestamp("2024-05-15"), touches=[
        FibTouch(1.0, 250.0, "above", pd.Timestamp("2024-03-01"), 42),
        FibTouch(1.618, 300.0, "above", None, None),
        FibTouch(0.618, 180.0, "below", pd.Timestamp("2024-02-01"), 20),
    ])
    frame = fib_touch_frame(touches)
    assert list(frame.index) == ["1", "1.618", "0.618"]
    assert list(frame.columns) == list(FIB_TOUCH_UNITS)[:1] + ["side", "move_from_as_of_close", "first_touched",
                                                               "trading_days_to_touch"]
    assert frame.loc["1", "move_from_as_of_close"] == pytest.approx(0.25)
    assert pd.isna(frame.loc["1.618", "first_touched"]) and np.isnan(frame.loc["1.618", "trading_days_to_touch"])
    shown = fib_touch_display(frame)
    assert shown.loc["1.618", "first touched"] == "not yet"
    assert shown.loc["0.618", "direction"] == "below the close (daily low)"
    assert shown.loc["1", "trading days later"] == "42" and shown.loc["1", "target"] == "250.00"


def test_touch_markers_sit_at_the_rebased_target_on_the_price_chart(frames):
    touches = FibTouches(symbol="IWM", as_of_close=200.0, touches=[
        FibTouch(1.0, 250.0, "above", pd.Timestamp("2024-03-01"), 42), FibTouch(1.618, 300.0, "above", None)])
    rebased = rebased_frame(frames, "2024-01-10", ["IWM"])
    marker = forward_figure(rebased, "2024-01-10", "price", touches).data[-1]
    assert list(marker.x) == ["2024-03-01"] and list(marker.y) == [125.0] and list(marker.text) == ["1"]
    assert len(forward_figure(rebased, "2024-01-10", "total", touches).data) == 1  # prices, not total
