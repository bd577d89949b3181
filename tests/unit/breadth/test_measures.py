"""Breadth measures on hand-built panels with known answers."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.breadth.measures import (
    FFILL_LIMIT,
    advance_decline,
    breadth_history,
    close_panel,
    compute_breadth,
    equal_weight_basket,
    new_highs_lows,
    pct_above_sma,
    pct_above_smas,
)

DATES = pd.bdate_range("2024-01-01", periods=8, name="date")


def frames(**columns) -> dict[str, pd.DataFrame]:
    return {s: pd.DataFrame({"close": np.asarray(v, dtype=float)}, index=DATES[: len(v)]) for s, v in columns.items()}


def test_pct_above_by_hand():
    panel = close_panel(frames(A=[1, 2, 3, 4], B=[4, 3, 2, 1], C=[1, 1, 1, 1]), "2024-12-31")
    out = pct_above_sma(panel, 2)
    # Day 2: A 2 > 1.5 yes; B 3 > 3.5 no; C 1 > 1 no -> 1/3. Day 1: no window yet.
    assert np.isnan(out["pct"].iloc[0]) and out["members"].iloc[0] == 0
    assert out["pct"].iloc[1] == pytest.approx(1 / 3) and out["members"].iloc[1] == 3


def test_symbol_listed_mid_window_joins_when_it_has_history():
    panel = close_panel(frames(A=[1, 2, 3, 4, 5, 6], B=[np.nan, np.nan, np.nan, 10, 9, 12]), "2024-12-31")
    out = pct_above_sma(panel, 3)
    assert out["members"].tolist() == [0, 0, 1, 1, 1, 2]
    assert out["pct"].iloc[-1] == pytest.approx(1.0)  # B: 12 > mean(10, 9, 12)


def test_all_nan_symbol_is_ignored():
    panel = close_panel(frames(A=[1, 2, 3], Z=[np.nan] * 3), "2024-12-31")
    assert pct_above_sma(panel, 2)["members"].tolist() == [0, 1, 1]
    assert compute_breadth(frames(A=[1, 2, 3], Z=[np.nan] * 3), 2, "2024-12-31").members_with_data == 1


def test_gaps_carried_forward_up_to_the_limit_then_dropped():
    values = [5.0] + [np.nan] * (FFILL_LIMIT + 2)
    panel = close_panel(frames(A=values), "2024-12-31")
    assert panel["A"].notna().sum() == 1 + FFILL_LIMIT


def test_only_gappy_members_are_filled_and_ohlcv_frames_read_their_close():
    index = DATES[:5]
    ohlcv = pd.DataFrame({"open": 9.0, "high": 11.0, "low": 8.0, "close": [10, 11, 12, 13, 14], "volume": 1e6},
                         index=index)
    data = {"FULL": ohlcv, **frames(GAP=[1, np.nan, np.nan, 4, np.nan], LATE=[np.nan, np.nan, 7, 8, 9])}
    panel = close_panel(data, "2024-12-31")
    assert panel["FULL"].tolist() == [10, 11, 12, 13, 14]
    assert panel["GAP"].tolist() == [1, 1, 1, 4, 4]
    assert panel["LATE"].isna().tolist() == [True, True, False, False, False]  # no value before listing


def test_as_of_excludes_later_days():
    data = frames(A=[1, 2, 3, 4, 100], B=[5, 4, 3, 2, 1])
    early = pct_above_smas(close_panel(data, DATES[3]), (2,))[2]
    late = pct_above_smas(close_panel(data, DATES[4]), (2,))[2]
    pd.testing.assert_frame_equal(early, late.iloc[:4])


def test_advance_decline_and_mcclellan():
    panel = close_panel(frames(A=[1, 2, 3, 2], B=[1, 0, 0, 1], C=[5, 6, 7, 8]), "2024-12-31")
    ad = advance_decline(panel)
    assert ad["advances"].tolist() == [2, 2, 2] and ad["declines"].tolist() == [1, 0, 1]
    assert ad["ad_line"].tolist() == [1, 3, 4]
    # Three days of net advances: the 39-day EMA has not warmed up, so no reading yet.
    assert ad["mcclellan"].isna().all()
    assert compute_breadth(frames(A=[1, 2, 3, 2], B=[1, 0, 0, 1]), 2, "2024-12-31").latest()["mcclellan"] is None


def test_mcclellan_after_warm_up_is_ema19_minus_ema39():
    rng = np.random.default_rng(3)
    index = pd.bdate_range("2024-01-01", periods=60, name="date")
    data = {f"S{i}": pd.DataFrame({"close": 100 + rng.normal(0, 1, 60).cumsum()}, index=index) for i in range(9)}
    ad = advance_decline(close_panel(data, index[-1]))
    net = ad["net"]
    expected = net.ewm(span=19, adjust=False).mean() - net.ewm(span=39, adjust=False).mean()
    assert ad["mcclellan"].iloc[:38].isna().all()
    assert ad["mcclellan"].iloc[38:].tolist() == pytest.approx(expected.iloc[38:].tolist())


def test_new_highs_and_lows_include_today():
    panel = close_panel(frames(A=[1, 2, 3, 4], B=[4, 3, 2, 1], C=[2, 3, 1, 2]), "2024-12-31")
    hl = new_highs_lows(panel, window=3)
    assert hl["members"].tolist() == [0, 0, 3, 3]
    # No member has a full window on the first two days: unknown, not zero.
    assert hl["new_highs"].iloc[:2].isna().all() and hl["new_lows"].iloc[:2].isna().all()
    assert hl["new_highs"].iloc[2:].tolist() == [1, 1]  # A each day
    assert hl["new_lows"].iloc[2:].tolist() == [2, 1]   # B both days; C on day 3


def test_latest_highs_lows_are_none_with_under_a_year_of_history():
    latest = compute_breadth(frames(A=[1, 2, 3, 4], B=[4, 3, 2, 1]), 2, "2030-01-01").latest()
    assert latest["new_highs"] is None and latest["new_lows"] is None and latest["members_52w"] == 0


def test_equal_weight_basket():
    panel = close_panel(frames(A=[10, 11, 12.1], B=[20, 18, 18]), "2024-12-31")
    basket = equal_weight_basket(panel, ["A", "B"], DATES[0])
    # day 1: mean(+10%, -10%) = 0 -> 100; day 2: mean(+10%, 0%) = +5% -> 105
    assert basket.tolist() == pytest.approx([100.0, 100.0, 105.0])


def test_vectorized_matches_pandas_rolling_on_random_panel():
    rng = np.random.default_rng(5)
    values = rng.normal(100, 5, (300, 40))
    values[:60, 3] = np.nan
    values[100:103, 4] = np.nan
    values[:, 5] = np.nan
    index = pd.bdate_range("2020-01-01", periods=300, name="date")
    data = {f"S{i}": pd.DataFrame({"close": values[:, i]}, index=index) for i in range(40)}
    panel = close_panel(data, index[-1])
    for window in (20, 50, 200):
        sma = panel.rolling(window, min_periods=window).mean()
        valid = sma.notna() & panel.notna()
        counted = valid.sum(axis=1)
        expected = ((panel > sma) & valid).sum(axis=1) / counted.where(counted > 0)
        got = pct_above_sma(panel, window)["pct"]
        pd.testing.assert_series_equal(got, expected, check_names=False)
    rolling_max = panel.rolling(252, min_periods=252).max()
    expected_highs = ((panel >= rolling_max) & rolling_max.notna()).sum(axis=1)
    got = new_highs_lows(panel)
    known = got["members"] > 0
    assert (got["new_highs"][known] == expected_highs[known]).all() and got["new_highs"][~known].isna().all()


def test_breadth_knows_the_last_day_with_prices():
    data = frames(A=[1, 2, 3, 4], B=[4, 3, 2, 1])
    assert compute_breadth(data, 2, "2030-01-01").through == DATES[3]
    assert compute_breadth(data, 2, DATES[1]).through == DATES[1]


def _assert_same_breadth(got, expected):
    assert got.members == expected.members and got.members_with_data == expected.members_with_data
    assert got.through == expected.through
    assert got.above.keys() == expected.above.keys()
    for window in expected.above:
        pd.testing.assert_frame_equal(got.above[window], expected.above[window], check_exact=True)
    pd.testing.assert_frame_equal(got.ad, expected.ad, check_exact=True)
    pd.testing.assert_frame_equal(got.highs_lows, expected.highs_lows, check_exact=True)
    assert got.latest() == expected.latest()


def test_whole_history_cut_at_a_date_is_the_breadth_computed_as_of_it():
    rng = np.random.default_rng(13)
    index = pd.bdate_range("2019-01-01", periods=700, name="date")
    values = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, (700, 30)), axis=0))
    values[:300, 2] = np.nan  # listed late
    values[450:, 3] = np.nan  # delisted
    values[200:203, 4] = np.nan  # a gap within the fill limit
    values[500:520, 5] = np.nan  # a gap beyond it
    values[:, 6] = np.nan  # never priced
    data = {f"S{i}": pd.DataFrame({"close": values[:, i]}, index=index) for i in range(30)}
    history = breadth_history(close_panel(data, "2200-01-01"), 31)
    for day in (index[0], index[1], index[38], index[251], index[299], index[300], index[460],
                index[510], index[-1], pd.Timestamp("2018-06-01"), pd.Timestamp("2030-01-01")):
        _assert_same_breadth(history.as_of(day), compute_breadth(data, 31, day))


def test_breadth_history_of_no_members_is_empty_at_every_date():
    history = breadth_history(close_panel({}, "2200-01-01"), 0)
    _assert_same_breadth(history.as_of("2024-01-05"), compute_breadth({}, 0, "2024-01-05"))
