"""Crypto measures on hand-built series: ratios, the basket, alignment, lead-lag, the 3-month change."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.seasonality import crypto


def every_day(start: str, end: str) -> pd.DatetimeIndex:
    return pd.date_range(start, end, freq="D", name="date")


def test_eth_btc_and_the_equal_weighted_basket():
    days = every_day("2021-01-01", "2021-01-03")
    closes = pd.DataFrame({"BTC-USD": [100.0, 100.0, 200.0], "ETH-USD": [10.0, 11.0, 22.0],
                           "XRP-USD": [1.0, 1.0, 1.5]}, index=days)
    out = crypto.alt_measures(closes, "2021-01-03")
    assert out[crypto.ETH_BTC].tolist() == pytest.approx([0.1, 0.11, 0.11])
    # Day 2: mean(+10%, 0%) = +5%; day 3: mean(+100%, +50%) = +75%; BTC doubled on day 3.
    assert out[crypto.BASKET_BTC].tolist() == pytest.approx([1.0, 1.05, 1.05 * 1.75 / 2])


def test_an_alt_joins_the_basket_on_its_second_close():
    days = every_day("2021-01-01", "2021-01-03")
    closes = pd.DataFrame({"BTC-USD": [100.0] * 3, "ETH-USD": [10.0, 11.0, 11.0],
                           "SOL-USD": [np.nan, 5.0, 10.0]}, index=days)
    basket = crypto.alt_measures(closes, "2021-01-03")[crypto.BASKET_BTC]
    assert basket.tolist() == pytest.approx([1.0, 1.1, 1.1 * 1.5])  # day 3: mean(0%, +100%)


def test_nothing_after_the_as_of_date_and_empty_without_btc():
    days = every_day("2021-01-01", "2021-01-05")
    closes = pd.DataFrame({"BTC-USD": [1.0, 1, 1, 1, 9], "ETH-USD": [1.0, 2, 3, 4, 5]}, index=days)
    assert crypto.alt_measures(closes, "2021-01-04").index[-1] == pd.Timestamp("2021-01-04")
    assert crypto.alt_measures(closes[["ETH-USD"]], "2021-01-04").empty
    assert crypto.alt_measures(closes, "2020-12-31").empty


def test_daily_figures_sit_on_iwm_trading_days_with_the_coins_close_that_day():
    days = every_day("2021-01-01", "2021-01-11")  # Fri .. Mon
    closes = pd.DataFrame({"BTC-USD": np.arange(1.0, 12.0), "ETH-USD": np.ones(11)}, index=days)
    closes.loc["2021-01-07", "BTC-USD"] = np.nan  # a missing print: Wednesday's close stands in
    weekdays = days[days.day_of_week < 5]
    closes["IWM"] = pd.Series(np.arange(len(weekdays), dtype=float), index=weekdays)
    measures = crypto.alt_measures(closes, "2021-01-11")
    aligned = crypto.on_trading_days(closes, measures, "2021-01-11")
    assert list(aligned.index) == list(weekdays)
    assert aligned.loc["2021-01-04", "BTC-USD"] == 4.0  # Monday's own close, not Friday's
    assert aligned.loc["2021-01-07", "BTC-USD"] == 6.0
    assert aligned.loc["2021-01-11", "BTC-USD"] == 11.0


def test_rebased_paths_start_at_100_on_the_first_common_day():
    days = pd.bdate_range("2021-01-04", periods=4, name="date")
    aligned = pd.DataFrame({"IWM": [10.0, 11, 12, 13], "BTC-USD": [np.nan, 2.0, 4.0, 3.0]}, index=days)
    out = crypto.rebased(aligned)
    assert out.index[0] == days[1]
    assert out["IWM"].tolist() == pytest.approx([100, 12 / 11 * 100, 13 / 11 * 100])
    assert out["BTC-USD"].tolist() == pytest.approx([100, 200, 150])


def test_rolling_correlation_needs_a_full_window():
    rng = np.random.default_rng(1)
    days = pd.bdate_range("2021-01-04", periods=80, name="date")
    iwm = 100 * np.cumprod(1 + rng.normal(0, 0.01, 80))
    aligned = pd.DataFrame({"IWM": iwm, "BTC-USD": iwm ** 2}, index=days)
    corr = crypto.rolling_correlation(aligned, window=60)
    column = "corr_60d_IWM_BTC-USD"
    assert list(corr.columns) == [column]
    assert corr[column].iloc[:60].isna().all()  # 60 returns need 61 closes
    assert corr[column].iloc[60:].min() > 0.99
    with pytest.raises(ValueError, match="window"):
        crypto.rolling_correlation(aligned, window=2)


def test_lead_lag_finds_the_lead_and_counts_the_pairs():
    rng = np.random.default_rng(7)
    weeks = pd.date_range("2020-01-03", periods=120, freq="W-FRI")
    leader = pd.Series(rng.normal(0, 0.03, 120), index=weeks)
    follower = leader.shift(3) + rng.normal(0, 0.003, 120)
    table = crypto.lead_lag(leader, follower, max_lead=8)
    assert list(table.index) == list(range(9))
    assert table["corr"].idxmax() == 3 and table.loc[3, "corr"] > 0.99
    assert table.drop(3)["corr"].abs().max() < 0.3
    assert table.loc[0, "n"] == 117 and table.loc[3, "n"] == 117 and table.loc[8, "n"] == 112


def test_lead_lag_table_from_daily_closes_uses_friday_closes():
    # ETH/BTC's weekly return in week t is IWM's in week t + 2; prices step on Fridays only.
    rng = np.random.default_rng(3)
    weekly = rng.normal(0, 0.04, 60)
    days = every_day("2021-01-01", "2022-03-04")
    fridays = pd.date_range("2021-01-01", "2022-03-04", freq="W-FRI")[:60]
    step = pd.Series(0.0, index=days)
    eth = pd.Series(1.0 + np.cumsum(np.r_[0, weekly[1:]]), index=fridays).reindex(days).ffill()
    iwm_friday = pd.Series(1.0 + np.cumsum(np.r_[0, 0, 0, weekly[1:-2]]), index=fridays)
    weekdays = days[days.day_of_week < 5]
    closes = pd.DataFrame({"BTC-USD": step + 1.0, "ETH-USD": eth,
                           "IWM": iwm_friday.reindex(weekdays).ffill()})
    closes = closes.loc[:fridays[-1]]
    measures = crypto.alt_measures(closes, fridays[-1])[[crypto.ETH_BTC]]
    table = crypto.lead_lag_table(closes, measures, fridays[-1])
    assert table[f"corr_{crypto.ETH_BTC}"].idxmax() == 2
    assert table.loc[2, f"corr_{crypto.ETH_BTC}"] > 0.99
    assert table.loc[0, f"n_{crypto.ETH_BTC}"] == 59 and table.loc[2, f"n_{crypto.ETH_BTC}"] == 57


def test_weekly_returns_leave_out_a_week_still_running():
    days = every_day("2021-01-01", "2021-01-13")  # Friday .. Wednesday
    out = crypto.weekly_returns(pd.Series(np.arange(1.0, 14.0), index=days), "2021-01-13")
    assert list(out.index) == [pd.Timestamp("2021-01-01"), pd.Timestamp("2021-01-08")]
    assert out.iloc[-1] == pytest.approx(8 / 1 - 1)


def test_alts_leading_is_the_three_month_change():
    days = every_day("2021-01-01", "2021-06-30")
    eth = pd.Series(np.linspace(0.05, 0.08, len(days)), index=days)
    closes = pd.DataFrame({"BTC-USD": 1.0, "ETH-USD": eth}, index=days)
    value = crypto.alts_leading(closes, "2021-06-30", crypto.ETH_BTC)
    assert value == pytest.approx(eth.loc["2021-06-30"] / eth.loc["2021-03-30"] - 1)
    assert crypto.alts_leading(closes, "2021-03-15") is None  # under three months of history
    with pytest.raises(ValueError, match="measure"):
        crypto.alts_leading(closes, "2021-06-30", "DOGE/BTC")


def test_crypto_view_drops_a_basket_of_eth_alone_and_names_missing_alts():
    days = every_day("2021-01-01", "2021-12-31")
    closes = pd.DataFrame({"BTC-USD": np.linspace(1, 2, len(days)), "ETH-USD": np.linspace(1, 3, len(days))},
                          index=days)
    weekdays = days[days.day_of_week < 5]
    closes["IWM"] = pd.Series(np.linspace(10, 11, len(weekdays)), index=weekdays)
    view = crypto.crypto_view(closes, "2021-12-31", "All")
    assert view.alts == ("ETH-USD",) and view.measures == (crypto.ETH_BTC,)
    assert view.missing_alts == tuple(crypto.CANDIDATE_ALTS[1:])
    assert list(view.paths.columns) == ["IWM", "BTC-USD", crypto.ETH_BTC]
    with pytest.raises(ValueError, match="window"):
        crypto.window_start("2021-12-31", "2Y")


def test_chance_band():
    assert crypto.chance_band(100) == pytest.approx(0.2)
    assert crypto.chance_band(0) is None


def test_nothing_after_the_as_of_date_changes_alts_leading():
    days = every_day("2021-01-01", "2021-12-31")
    closes = pd.DataFrame({"BTC-USD": np.linspace(1, 2, len(days)), "ETH-USD": np.linspace(1, 3, len(days)),
                           "XRP-USD": np.linspace(2, 1, len(days))}, index=days)
    before = crypto.alts_leading(closes, "2021-09-30")
    changed = closes.copy()
    changed.loc["2021-10-01":] *= [1.0, 5.0, 0.1]
    assert crypto.alts_leading(changed, "2021-09-30") == before


def test_lead_lag_equals_pandas_pairwise_correlation_with_gaps_and_unaligned_weeks():
    """The array form against the definition: ``corr(leader.shift(k), follower)`` over the union
    of both indexes, pairs with a gap on either side left out."""
    rng = np.random.default_rng(7)
    weeks = pd.date_range("2019-01-04", periods=140, freq="W-FRI")
    leader = pd.Series(rng.normal(0, 0.05, 140), index=weeks)
    follower = pd.Series(rng.normal(0, 0.03, 120), index=weeks[15:135]) + 0.4 * leader.shift(2)
    leader.iloc[[3, 40, 41, 90]] = np.nan
    follower.iloc[[0, 7, 60]] = np.nan
    table = crypto.lead_lag(leader, follower, max_lead=6)
    both = pd.concat({"l": leader, "f": follower}, axis=1, sort=True)
    for k in range(7):
        pairs = pd.concat([both["l"].shift(k), both["f"]], axis=1).dropna()
        assert table.loc[k, "n"] == len(pairs)
        assert table.loc[k, "corr"] == pytest.approx(pairs.iloc[:, 0].corr(pairs.iloc[:, 1]), abs=1e-12)
    assert table["corr"].idxmax() == 2


def test_lead_lag_of_a_constant_leader_is_nan_and_short_series_have_no_correlation():
    weeks = pd.date_range("2020-01-03", periods=10, freq="W-FRI")
    flat = crypto.lead_lag(pd.Series(1.0, index=weeks), pd.Series(np.arange(10.0), index=weeks), max_lead=2)
    assert flat["corr"].isna().all() and list(flat["n"]) == [10, 9, 8]
    short = crypto.lead_lag(pd.Series([0.1, 0.2], index=weeks[:2]), pd.Series([0.3, 0.1], index=weeks[:2]), 3)
    assert short["corr"].isna().all() and list(short["n"]) == [2, 1, 0, 0]
