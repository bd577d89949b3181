"""Seasonality on hand-built paths: monthly returns, partial months, the Santa window, the bootstrap."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.seasonality import windows as sea


def path(days, values=None) -> pd.Series:
    """Closes on ``days``; by default 100, 101, 102, ... so each day's close names its position."""
    index = pd.DatetimeIndex(pd.to_datetime(days), name="date")
    return pd.Series(values if values is not None else 100.0 + np.arange(len(index)), index=index, dtype="float64")


def trading_days(start: str, end: str, holidays: tuple[str, ...] = ()) -> pd.DatetimeIndex:
    days = pd.bdate_range(start, end)
    return days[~days.isin(pd.to_datetime(list(holidays)))]


# --- monthly returns -----------------------------------------------------------------------------

def test_monthly_return_is_last_close_over_previous_last_close():
    close = path(["2021-01-29", "2021-02-01", "2021-02-26", "2021-03-01", "2021-03-31"],
                 [100.0, 90.0, 110.0, 120.0, 99.0])
    out = sea.monthly_returns(close, "2021-04-30")
    assert list(out.index.astype(str)) == ["2021-02", "2021-03"]  # January has no base month
    assert out.loc["2021-02", "return"] == pytest.approx(0.10)
    assert out.loc["2021-03", "return"] == pytest.approx(0.99 / 1.10 - 1)
    assert out.loc["2021-03", "base_date"] == pd.Timestamp("2021-02-26")
    assert not out["partial"].any()


def test_month_running_at_the_as_of_date_is_partial_and_runs_to_it():
    close = path(trading_days("2023-10-02", "2023-12-29"))
    out = sea.monthly_returns(close, "2023-11-28")
    assert out.index[-1] == pd.Period("2023-11", "M")
    assert bool(out.iloc[-1]["partial"]) and out.iloc[-1]["end_date"] == pd.Timestamp("2023-11-28")
    assert not bool(out.loc["2023-10", "partial"]) if "2023-10" in out.index.astype(str) else True
    # Nothing after the as-of date is used: the November return runs to the 28th's close.
    base = close.loc["2023-10-31"]
    assert out.iloc[-1]["return"] == pytest.approx(close.loc["2023-11-28"] / base - 1)


def test_month_whose_last_weekday_is_the_as_of_date_is_complete():
    # 2023-12-31 is a Sunday: Friday the 29th closes December.
    close = path(trading_days("2023-11-01", "2023-12-29"))
    assert not bool(sea.monthly_returns(close, "2023-12-29").iloc[-1]["partial"])
    assert bool(sea.monthly_returns(close, "2023-12-28").iloc[-1]["partial"])


def test_month_where_the_data_stops_is_partial_even_long_after():
    close = path(trading_days("2026-06-01", "2026-08-21"))
    out = sea.monthly_returns(close, "2026-12-01")
    assert out.index[-1] == pd.Period("2026-08", "M") and bool(out.iloc[-1]["partial"])
    assert not bool(out.loc["2026-07", "partial"])


def test_a_month_ending_on_a_holiday_is_complete_once_later_bars_exist():
    # 2024-03-29 was Good Friday: March's last bar is the 28th.
    close = path(trading_days("2024-02-01", "2024-04-30", holidays=("2024-03-29",)))
    assert not bool(sea.monthly_returns(close, "2024-04-30").loc["2024-03", "partial"])


def test_a_gap_month_does_not_chain_two_months():
    close = path(["2021-01-29", "2021-03-31", "2021-04-30"], [100.0, 120.0, 132.0])
    out = sea.monthly_returns(close, "2021-05-31")
    assert list(out.index.astype(str)) == ["2021-04"]
    assert out.iloc[0]["return"] == pytest.approx(0.10)


def test_monthly_table_is_a_year_by_month_grid_with_partial_marks():
    close = path(trading_days("2022-11-01", "2023-02-15"))
    grid, partial = sea.monthly_table(sea.monthly_returns(close, "2023-02-15"))
    assert list(grid.columns) == list(range(1, 13)) and list(grid.index) == [2022, 2023]
    assert np.isnan(grid.loc[2022, 11]) and not np.isnan(grid.loc[2022, 12]) and not np.isnan(grid.loc[2023, 2])
    assert partial.loc[2023, 2] and not partial.loc[2023, 1]


def test_no_data_before_the_as_of_date_gives_an_empty_frame():
    close = path(trading_days("2000-05-26", "2000-09-29"))
    assert sea.monthly_returns(close, "1999-12-31").empty


# --- Santa window ---------------------------------------------------------------------------------

def test_santa_window_when_january_first_is_a_saturday():
    # 2022-01-01 was a Saturday; the market shut on Friday 2021-12-24 (Christmas observed) and
    # was open on Friday 2021-12-31. Window: Dec 27-31 and Jan 3-4; base: Thursday Dec 23.
    close = path(trading_days("2021-12-01", "2022-01-31", holidays=("2021-12-24",)))
    windows = sea.santa_windows(close, "2022-01-31")
    row = windows.loc[2021]
    assert (row["start"], row["end"], row["base_date"]) == (
        pd.Timestamp("2021-12-27"), pd.Timestamp("2022-01-04"), pd.Timestamp("2021-12-23"))
    assert row["return"] == pytest.approx(close.loc["2022-01-04"] / close.loc["2021-12-23"] - 1)
    assert list(windows.index) == [2021]  # labelled by the window's December


def test_santa_window_when_january_first_is_a_sunday_and_the_second_a_holiday():
    # 2017-01-01 was a Sunday; Monday Jan 2 and Monday Dec 26 2016 were holidays. The trading
    # days come from the bars: Dec 23, 27, 28, 29, 30 and Jan 3, 4; the base is Dec 22.
    close = path(trading_days("2016-12-01", "2017-01-31", holidays=("2016-12-26", "2017-01-02")))
    row = sea.santa_windows(close, "2017-01-31").loc[2016]
    assert (row["start"], row["end"], row["base_date"]) == (
        pd.Timestamp("2016-12-23"), pd.Timestamp("2017-01-04"), pd.Timestamp("2016-12-22"))


def test_a_window_counts_only_once_its_second_january_day_has_closed():
    close = path(trading_days("2021-12-01", "2022-01-31", holidays=("2021-12-24",)))
    assert sea.santa_windows(close, "2022-01-03").empty
    assert sea.santa_windows(close, "2021-12-31").empty  # December not known to be over
    assert list(sea.santa_windows(close, "2022-01-04").index) == [2021]


def test_a_window_without_a_bar_before_it_is_left_out():
    close = path(trading_days("2021-12-27", "2022-01-31"))  # starts on the window's first day
    assert sea.santa_windows(close, "2022-01-31").empty


def santa_path(returns: dict[int, float]) -> pd.Series:
    """Flat closes with each December year's window return put on its last day."""
    days = trading_days(f"{min(returns)}-11-01", f"{max(returns) + 1}-02-28")
    values = pd.Series(1.0, index=days)
    for year, ret in returns.items():
        window_end = days[(days.year == year + 1) & (days.month == 1)][1]
        values.loc[window_end:] *= 1 + ret
    return path(days, values.to_numpy())


def test_stats_over_completed_years():
    returns = {2018: 0.02, 2019: -0.01, 2020: 0.03, 2021: 0.01}
    closes = pd.DataFrame({"IWM": santa_path(returns)})
    stats = sea.santa_stats(closes, "IWM", "2022-02-28")
    assert (stats.years, stats.first_year, stats.last_year) == (4, 2018, 2021)
    assert stats.hit_rate == pytest.approx(0.75)
    assert stats.median == pytest.approx(0.015)
    assert stats.mean == pytest.approx(0.0125)
    assert stats.ci_low < stats.mean < stats.ci_high
    window = sea.santa_stats(closes, "IWM", "2022-02-28", first_year=2019, last_year=2020)
    assert (window.years, window.hit_rate) == (2, 0.5)
    early = sea.santa_stats(closes, "IWM", "2021-01-15")  # 2021's window not over yet
    assert early.years == 3 and early.last_year == 2020


def test_no_completed_window_is_none_with_a_reason_never_zero():
    closes = pd.DataFrame({"IWM": santa_path({2021: 0.02})})
    stats = sea.santa_stats(closes, "IWM", "2021-12-31")
    assert stats.years == 0 and stats.hit_rate is None and stats.mean is None and "no Santa window" in stats.reason
    assert sea.santa_stats(closes, "SPY", "2022-02-28").reason == "no prices for SPY"


def test_beat_rate_uses_the_same_december_years():
    closes = pd.DataFrame({"IWM": santa_path({2019: 0.02, 2020: -0.01, 2021: 0.03}),
                           "SPY": santa_path({2019: 0.01, 2020: 0.01, 2021: 0.02})})
    beat = sea.beat_rate(closes, "IWM", "SPY", "2022-02-28")
    assert (beat.years, beat.beats, beat.share) == (3, 2, pytest.approx(2 / 3))
    assert sea.beat_rate(closes, "IWM", "SPY", "2022-02-28", first_year=2020).years == 2


# --- bootstrap ------------------------------------------------------------------------------------

def test_bootstrap_is_deterministic_for_its_seed():
    values = np.array([0.02, -0.01, 0.03, 0.01, 0.005, -0.02, 0.04])
    first, again = sea.bootstrap_mean_interval(values), sea.bootstrap_mean_interval(values)
    assert first == again
    # Another seed draws other resamples (seen with few resamples: 10,000 make the quantiles stable).
    assert (sea.bootstrap_mean_interval(values, resamples=50, seed=1)
            != sea.bootstrap_mean_interval(values, resamples=50, seed=2))
    low, high = first
    assert low < values.mean() < high
    # The percentile interval of the mean shrinks roughly as 1/sqrt(n) and stays inside the data.
    assert values.min() < low and high < values.max()


def test_bootstrap_matches_an_independent_resampling():
    values = np.array([0.02, -0.01, 0.03, 0.01])
    rng = np.random.default_rng(sea.BOOTSTRAP_SEED)
    draws = rng.integers(0, 4, size=(sea.BOOTSTRAP_RESAMPLES, 4))
    means = values[draws].mean(axis=1)
    expected = tuple(np.quantile(means, [0.05, 0.95]))
    assert sea.bootstrap_mean_interval(values) == pytest.approx(expected)


def test_bootstrap_needs_two_values_and_valid_settings():
    assert sea.bootstrap_mean_interval([0.01]) is None
    with pytest.raises(ValueError, match="level"):
        sea.bootstrap_mean_interval([0.01, 0.02], level=1.5)
    with pytest.raises(ValueError, match="resamples"):
        sea.bootstrap_mean_interval([0.01, 0.02], resamples=0)


def test_stats_frame_has_one_row_per_symbol_in_fractions():
    closes = pd.DataFrame({"IWM": santa_path({2020: 0.02, 2021: -0.01})})
    frame = sea.stats_frame([sea.santa_stats(closes, "IWM", "2022-02-28")])
    assert list(frame.columns) == list(sea.STATS_UNITS)
    assert frame.loc["IWM", "hit_rate"] == 0.5 and frame.loc["IWM", "mean"] == pytest.approx(0.005)


def test_nothing_after_the_as_of_date_changes_the_santa_stats():
    closes = pd.DataFrame({"IWM": santa_path({2019: 0.02, 2020: -0.01, 2021: 0.03})})
    before = sea.santa_stats(closes, "IWM", "2021-06-30")
    changed = closes.copy()
    changed.loc["2021-07-01":, "IWM"] *= 3.0
    assert sea.santa_stats(changed, "IWM", "2021-06-30") == before


def test_stats_from_a_built_table_match_the_direct_call():
    closes = pd.DataFrame({"IWM": santa_path({2019: 0.02, 2020: -0.01, 2021: 0.03}),
                           "SPY": santa_path({2019: 0.01, 2020: 0.01, 2021: 0.02})})
    table = sea.santa_table(closes, ["IWM", "SPY"], "2022-02-28")
    assert sea.stats_in(table, "IWM", 2020) == sea.santa_stats(closes, "IWM", "2022-02-28", 2020)
    assert sea.beat_rate_in(table, "IWM", "SPY") == sea.beat_rate(closes, "IWM", "SPY", "2022-02-28")
    assert sea.stats_in(table, "QQQ").reason == "no prices for QQQ"
