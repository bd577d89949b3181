"""Returns, rebasing and ratios on hand-built closes with hand-computed answers."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analytics.performance.returns import (
    period_return,
    range_start,
    ratio_on,
    ratio_signal,
    rebase,
    relative_strength,
    returns_table,
    window_starts,
    year_end_before,
)


def closes_frame(rows: dict[str, list[float]], dates: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=pd.DatetimeIndex(dates, name="date"))


@pytest.fixture
def simple():
    # 2022-12-30 is the last close of 2022 (Dec 31 was a Saturday).
    return closes_frame(
        {"A": [100.0, 105.0, 110.0, 99.0], "B": [50.0, 50.0, 55.0, 60.0]},
        ["2022-12-29", "2022-12-30", "2023-01-03", "2023-01-10"],
    )


def test_ytd_starts_at_previous_year_last_close(simple):
    # A: 99 / 105 - 1; B: 60 / 50 - 1
    table = returns_table(simple, "2023-01-10")
    assert table.loc["A", "YTD"] == pytest.approx(99 / 105 - 1)
    assert table.loc["B", "YTD"] == pytest.approx(0.2)


def test_period_return_uses_last_close_on_or_before_each_date(simple):
    # start 2023-01-01 (holiday) -> 2022-12-30 close 105; end 2023-01-05 -> 2023-01-03 close 110
    assert period_return(simple["A"], "2023-01-01", "2023-01-05") == pytest.approx(110 / 105 - 1)


def test_period_return_is_nan_without_a_start_close(simple):
    assert math.isnan(period_return(simple["A"], "2020-01-01", "2023-01-10"))


def test_one_week_window(simple):
    # 2023-01-10 minus 7 days = 2023-01-03 -> 110; A: 99/110 - 1
    table = returns_table(simple, "2023-01-10")
    assert table.loc["A", "1w"] == pytest.approx(99 / 110 - 1)


def test_since_column(simple):
    table = returns_table(simple, "2023-01-10", since="2022-12-29")
    assert table.loc["B", "since"] == pytest.approx(60 / 50 - 1)


def test_window_starts_calendar():
    starts = window_starts("2024-03-31")
    assert starts["1m"] == pd.Timestamp("2024-02-29")  # month-end clipping
    assert starts["3m"] == pd.Timestamp("2023-12-31")
    assert starts["YTD"] == pd.Timestamp("2023-12-31")
    assert starts["1y"] == pd.Timestamp("2023-03-31")
    assert list(starts) == ["1w", "1m", "3m", "YTD", "1y"]


def test_year_end_before():
    assert year_end_before("2023-11-28") == pd.Timestamp("2022-12-31")
    assert year_end_before("2024-01-01") == pd.Timestamp("2023-12-31")


def test_rebase_to_100_at_base(simple):
    out = rebase(simple, "2022-12-31", "2023-01-10")
    assert out.index[0] == pd.Timestamp("2022-12-30")
    assert out.loc["2022-12-30"].tolist() == [100.0, 100.0]
    assert out.loc["2023-01-10", "A"] == pytest.approx(100 * 99 / 105)
    assert out.loc["2023-01-10", "B"] == pytest.approx(120.0)


def test_rebase_symbol_listed_after_start():
    frame = closes_frame({"A": [10.0, 11.0, 12.0], "B": [np.nan, 20.0, 30.0]},
                         ["2023-01-02", "2023-01-03", "2023-01-04"])
    out = rebase(frame, "2023-01-02", "2023-01-04")
    # One common base date for every line: the first day both have a close.
    assert out.index[0] == pd.Timestamp("2023-01-03")
    assert out.loc["2023-01-03"].tolist() == [100.0, 100.0]
    assert out.loc["2023-01-04", "B"] == pytest.approx(150.0)
    assert out.loc["2023-01-04", "A"] == pytest.approx(100 * 12 / 11)


def test_rebase_before_any_data_is_empty():
    frame = closes_frame({"A": [10.0, 11.0]}, ["2023-01-02", "2023-01-03"])
    assert rebase(frame, "2022-01-01", "2022-06-30").empty


def test_as_of_ignores_later_data(simple):
    """Appending rows after the as-of date never changes any result."""
    later = pd.concat([simple, closes_frame({"A": [1e6], "B": [1e-6]}, ["2023-02-01"])])
    for func in (lambda c: returns_table(c, "2023-01-10", since="2022-12-29"),
                 lambda c: rebase(c, "2022-12-31", "2023-01-10"),
                 lambda c: relative_strength(c, "A", "B", "2023-01-10", sma_days=2)):
        pd.testing.assert_frame_equal(func(simple), func(later))
    assert ratio_on(later, "A", "B", "2023-01-10") == pytest.approx(99 / 60)


def test_relative_strength_and_sma():
    frame = closes_frame({"A": [10.0, 12.0, 14.0], "B": [10.0, 10.0, 10.0]},
                         ["2023-01-02", "2023-01-03", "2023-01-04"])
    out = relative_strength(frame, "A", "B", "2023-01-04", sma_days=2)
    assert out["ratio"].tolist() == pytest.approx([1.0, 1.2, 1.4])
    assert out["SMA_2"].iloc[-1] == pytest.approx(1.3)
    signal = ratio_signal(out)
    assert signal["gap"] == pytest.approx(1.4 / 1.3 - 1)


def test_ratio_signal_trend():
    index = pd.bdate_range("2023-01-02", periods=80)
    rising = pd.DataFrame({"A": np.linspace(10, 20, 80), "B": 10.0}, index=index)
    signal = ratio_signal(relative_strength(rising, "A", "B", index[-1], sma_days=50))
    assert signal["trend"] == "rising" and signal["gap"] > 0


def test_range_start_presets():
    assert range_start("YTD", "2023-11-28") == pd.Timestamp("2022-12-31")
    assert range_start("3Y", "2023-11-28") == pd.Timestamp("2020-11-28")
    assert range_start("Thesis", "2025-01-01") == pd.Timestamp("2023-11-28")
    assert range_start("Custom", "2025-01-01", custom="2024-05-06") == pd.Timestamp("2024-05-06")
    with pytest.raises(ValueError, match="unknown range 'forever'"):
        range_start("forever", "2025-01-01")


def test_a_series_that_stopped_before_the_window_has_no_return_over_it():
    # B's last close is 2023-01-03: no 1-week return as of 2023-01-20 (not 0%), but its YTD
    # (from 2022-12-30 to its last close) is still 55 / 50 - 1.
    data = closes_frame({"A": [100.0, 101.0, 102.0, 103.0], "B": [50.0, 55.0, float("nan"), float("nan")]},
                        ["2022-12-30", "2023-01-03", "2023-01-13", "2023-01-20"])
    table = returns_table(data, "2023-01-20")
    assert math.isnan(table.loc["B", "1w"]) and table.loc["A", "1w"] == pytest.approx(103 / 102 - 1)
    assert table.loc["B", "YTD"] == pytest.approx(0.1)
    assert math.isnan(period_return(data["A"], "2023-01-20", "2023-01-20"))  # empty window
