"""Known answers of every metric of the catalogue, on hand-built series."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import talib

from analytics.macro.fed import HikeStatus
from analytics.theses.catalogue import CATALOGUE
from analytics.theses.metrics import METRICS, Context, Loaders, measure, read
from tests.unit.theses.fakes import FakeSource, bars, fund, macro_view, params, steps

# IWM +10% this year, SPY +5%, QQQ +20%; all flat in 2022.
YEAR = {"IWM": (100, 110), "SPY": (200, 210), "QQQ": (50, 60)}


@pytest.fixture
def three():
    return FakeSource({s: bars(steps("2022-01-03", "2023-12-29", {"2022-01-01": a, "2023-01-02": b}))
                       for s, (a, b) in YEAR.items()})


def test_every_catalogue_metric_has_a_function():
    assert set(METRICS) == set(CATALOGUE)


@pytest.mark.parametrize("window, expected", [("ytd", 0.10), ("1y", 0.10), ("1m", 0.0), ("since:2022-06-30", 0.10)])
def test_return(three, window, expected):
    got = measure(three, "2023-06-30", params("return", symbol="IWM", window=window))
    assert got.value == pytest.approx(expected) and got.reason == ""


@pytest.mark.parametrize("pick, expected", [("best", 0.10 - 0.20), ("worst", 0.10 - 0.05), ("mean", 0.10 - 0.125)])
def test_return_spread_picks_among_the_others(three, pick, expected):
    p = params("return_spread", symbol="IWM", against=["SPY", "QQQ"], window="ytd", pick=pick)
    assert measure(three, "2023-06-30", p).value == pytest.approx(expected)


def test_returns_are_point_in_time(three):
    p = params("return", symbol="IWM", window="1m")
    before = measure(three, "2022-12-30", p).value
    three.frames["IWM"].loc["2023-01-02":, "close"] = 1e6  # the future changes; the past must not
    assert before == measure(three, "2022-12-30", p).value == 0.0


def test_a_missing_symbol_a_date_before_the_data_and_stale_data_read_no_value_with_a_reason(three):
    p = params("return_spread", symbol="IWM", against=["XYZ"], window="ytd")
    got = measure(three, "2023-06-30", p)
    assert got.value is None and "XYZ" in got.reason
    early = measure(three, "2021-06-30", params("return", symbol="IWM", window="ytd"))
    assert early.value is None and "before the first data" in early.reason
    late = measure(three, "2024-06-28", params("return", symbol="IWM", window="ytd"))
    assert late.value is None and "ends on 2023-12-29" in late.reason


def test_a_window_starting_on_the_date_has_no_return_yet(three):
    got = measure(three, "2023-06-30", params("return", symbol="IWM", window="since:2023-06-30"))
    assert got.value is None and got.reason == "the window starts 2023-06-30: no close after it by 2023-06-30"


def test_close_vs_a_daily_average():
    source = FakeSource({"IWM": bars(pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 12],
                                               index=pd.bdate_range("2024-01-01", periods=10)))})
    got = measure(source, "2024-01-12", params("close_vs_average", symbol="IWM", days=3))
    assert got.value == pytest.approx(12 / ((8 + 9 + 12) / 3) - 1)
    short = measure(source, "2024-01-12", params("close_vs_average", symbol="IWM", days=20))
    assert short.value is None and "fewer than 20 days" in short.reason


def test_close_vs_a_weekly_average_counts_the_week_in_progress():
    # Fridays close at 10, 20, 30; on Wednesday of week four the close is 44.
    days = pd.bdate_range("2024-01-01", "2024-01-24")
    closes = pd.Series([10.0 * (i // 5 + 1) for i in range(len(days))], index=days)
    closes.iloc[-1] = 44.0
    source = FakeSource({"IWM": bars(closes)})
    got = measure(source, "2024-01-24", params("close_vs_average", symbol="IWM", weeks=2))
    assert got.value == pytest.approx(44 / ((30 + 44) / 2) - 1)


def _wave(n: int = 400) -> pd.Series:
    t = np.arange(n)
    return pd.Series(100 + 10 * np.sin(t / 9) + t / 20, index=pd.bdate_range("2020-01-01", periods=n))


@pytest.mark.parametrize("bars_kind", ["daily", "weekly"])
def test_rsi_and_macd_are_ta_lib_s(bars_kind):
    close = _wave()
    source = FakeSource({"IWM": bars(close)})
    day = f"{close.index[-1]:%Y-%m-%d}"
    series = close if bars_kind == "daily" else close.groupby(close.index.to_period("W-FRI")).last()
    rsi = measure(source, day, params("rsi", symbol="IWM", length=10, bars=bars_kind)).value
    assert rsi == pytest.approx(talib.RSI(series.to_numpy(), timeperiod=10)[-1], abs=1e-6)
    hist = measure(source, day, params("macd_histogram", symbol="IWM", fast=5, slow=13, signal=4, bars=bars_kind)).value
    assert hist == pytest.approx(talib.MACD(series.to_numpy(), 5, 13, 4)[2][-1], abs=1e-6)


def test_rsi_of_a_rising_close_is_100_and_macd_of_a_flat_one_is_0():
    days = pd.bdate_range("2020-01-01", periods=120)
    rising = FakeSource({"IWM": bars(pd.Series(np.arange(120.0) + 1, index=days))})
    assert measure(rising, days[-1], params("rsi", symbol="IWM")).value == pytest.approx(100.0)
    flat = FakeSource({"IWM": bars(pd.Series(50.0, index=days))})
    assert measure(flat, days[-1], params("macd_histogram", symbol="IWM")).value == pytest.approx(0.0)


def test_fib_progress_from_the_swing_low_to_the_extension():
    # From 200 down to 100, back up to 150: the 1.618 extension is 100 + 1.618 * 100 = 261.8.
    closes = steps("2023-01-02", "2023-06-30", {"2023-01-02": 200, "2023-03-01": 100, "2023-05-01": 150})
    source = FakeSource({"IWM": bars(closes)})
    got = measure(source, "2023-06-30", params("fib_progress", symbol="IWM", ratio=1.618))
    assert got.value == pytest.approx(50 / 161.8)
    never_fell = FakeSource({"IWM": bars(steps("2023-01-02", "2023-06-30", {"2023-01-02": 100}))})
    assert measure(never_fell, "2023-06-30", params("fib_progress", symbol="IWM")).value is None


def _breadth_loaders(closes: dict[str, pd.Series]) -> Loaders:
    from analytics.breadth.measures import breadth_history, close_panel
    from analytics.breadth.report import EVERY_DATE, BreadthInputs

    frames = {s: bars(c) for s, c in closes.items()}
    history = breadth_history(close_panel(frames, EVERY_DATE), len(frames))
    first = min(c.index[0] for c in closes.values())
    return Loaders(breadth=lambda u: BreadthInputs(u, None, len(frames), 0, first, history))


def test_share_above_the_average_and_its_change():
    # A rises all along; B falls, then jumps on the last day; C falls all along.
    days = pd.bdate_range("2024-01-01", periods=80)
    fall = pd.Series(200.0 - np.arange(80), index=days)
    jump = fall.copy()
    jump.iloc[-1] = 500.0
    loaders = _breadth_loaders({"A": pd.Series(np.arange(80.0) + 1, index=days), "B": jump, "C": fall})
    ctx = Context.on(FakeSource(), days[-1], loaders)
    assert read(ctx, params("pct_above_average", universe="sp500", days=20)).value == pytest.approx(2 / 3)
    change = read(ctx, params("pct_above_average_change", universe="sp500", days=20, over=5))
    assert change.value == pytest.approx(2 / 3 - 1 / 3)
    too_far = read(ctx, params("pct_above_average_change", universe="sp500", days=20, over=252))
    assert too_far.value is None and "fewer than 253 days" in too_far.reason


def _macro(as_of: str, **extra) -> Loaders:
    months = pd.date_range("2022-01-01", "2023-12-01", freq="MS")
    core = pd.Series(100 * 1.03 ** (np.arange(len(months)) / 12), index=months)
    daily = pd.date_range("2022-01-01", "2023-12-31", freq="D")
    target = pd.Series(np.where(daily < pd.Timestamp("2023-07-27"), 5.0, 5.5), index=daily)
    treasury = pd.bdate_range("2022-01-03", "2023-12-29")
    series = {"PCEPILFE": core, "DFEDTARU": target, "DFF": target - 0.17,
              "DGS2": pd.Series(4.6, index=treasury), "SAHMREALTIME": pd.Series(0.33, index=months)}
    view = macro_view(as_of, series, **extra)
    return Loaders(macro_view=lambda stamp: view)


@pytest.mark.parametrize("p, expected", [
    (params("series", id="SAHMREALTIME"), 0.33),
    (params("series", id="PCEPILFE", transform="yoy"), 0.03),
    (params("series", id="DFEDTARU", transform="change", months=12), 0.5),
    (params("series", id="DFEDTARU", transform="change", months=3), 0.0),
    (params("series_spread", a="DGS2", b="DFF"), 4.6 - 5.33),
])
def test_fred_series_in_their_units(p, expected):
    got = measure(FakeSource(), "2023-12-01", p, _macro("2023-12-01"))
    assert got.value == pytest.approx(expected)


def test_a_series_the_source_lacks_reads_no_value():
    got = measure(FakeSource(), "2023-12-01", params("series", id="UNRATE"), _macro("2023-12-01"))
    assert got.value is None and "UNRATE" in got.reason


def test_days_since_the_last_hike():
    hike = HikeStatus(pd.Timestamp("2023-07-27"), 5.5, 124, None)
    got = measure(FakeSource(), "2023-11-28", params("days_since_fed_hike"), _macro("2023-11-28", hike=hike))
    assert got.value == 124
    none = measure(FakeSource(), "2023-11-28", params("days_since_fed_hike"), _macro("2023-11-28", hike=None))
    assert none.value is None and "no rise" in none.reason


def test_share_of_central_banks_cutting():
    rate = pd.Series([4.0, 4.0, 3.75], index=pd.to_datetime(["2023-01-01", "2023-06-01", "2023-10-01"]))
    banks = [SimpleNamespace(status="current", rate=rate), SimpleNamespace(status="current", rate=rate * 0 + 1),
             SimpleNamespace(status="ended", rate=rate)]
    counts = SimpleNamespace(cut={3: 1, 6: 1})
    loaders = _macro("2023-11-28", banks=banks, counts=counts)
    assert measure(FakeSource(), "2023-11-28", params("central_banks_cutting", months=6), loaders).value == 0.5
    # One month is not a window the Macro page counts: computed from the rates the same way.
    assert measure(FakeSource(), "2023-11-28", params("central_banks_cutting", months=1), loaders).value == 0.0


def test_fund_ratios_known_by_the_date_only():
    source = FakeSource(funds={"IWM": fund("IWM", "2024-01-05", forward_pe=15.0, dividend_yield=0.014),
                               "SPY": fund("SPY", "2024-01-05", forward_pe=20.0, dividend_yield=0.013),
                               "QQQ": fund("QQQ", "2024-01-05", forward_pe=25.0, dividend_yield=0.006)})
    cheaper = params("fund_ratio_spread", fund="IWM", against=["SPY", "QQQ"], field="forward_pe", relative=True)
    assert measure(source, "2024-01-05", cheaper).value == pytest.approx(15 / 20 - 1)
    yield_edge = params("fund_ratio_spread", fund="IWM", against=["SPY", "QQQ"], field="dividend_yield")
    assert measure(source, "2024-01-05", yield_edge).value == pytest.approx(0.001)
    worst = params("fund_ratio_spread", fund="IWM", against=["SPY", "QQQ"], field="forward_pe", pick="worst")
    assert measure(source, "2024-01-05", worst).value == pytest.approx(15 - 25)
    earlier = measure(source, "2023-11-28", cheaper)
    assert earlier.value is None and "not known on 2023-11-28" in earlier.reason
    assert measure(FakeSource(), "2024-01-05", cheaper).value is None


def test_santa_hit_rate_over_completed_windows():
    # Three year-ends: up in 2020 and 2021 (a jump on 2 January), down in 2022; the 2023
    # window is not complete on 2023-12-29.
    levels = {"2020-01-01": 100, "2021-01-04": 110, "2022-01-03": 120, "2023-01-03": 90}
    source = FakeSource({"IWM": bars(steps("2020-01-01", "2023-12-29", levels))})
    got = measure(source, "2023-12-29", params("santa_hit_rate", symbol="IWM"))
    assert got.value == pytest.approx(2 / 3)


def test_alts_against_bitcoin():
    days = pd.date_range("2023-01-01", "2023-12-31", freq="D")
    eth = pd.Series(np.where(days < pd.Timestamp("2023-10-01"), 1000.0, 1100.0), index=days)
    source = FakeSource({"BTC-USD": bars(pd.Series(20000.0, index=days)), "ETH-USD": bars(eth)})
    assert measure(source, "2023-12-31", params("alts_vs_btc", months=3)).value == pytest.approx(0.10)
    assert measure(FakeSource(), "2023-12-31", params("alts_vs_btc")).value is None


def test_a_failing_source_is_a_reason_not_an_error():
    class Broken(FakeSource):
        def prices(self, symbols):
            from analytics.errors import DataUnavailableError
            raise DataUnavailableError("the network is down")

    got = measure(Broken(), "2023-06-30", params("rsi", symbol="IWM"))
    assert got.value is None and got.reason == "rsi: the network is down"
