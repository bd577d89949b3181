"""What happened next: forward returns and Fibonacci touches on hand-built paths with known
answers, "not yet" horizons, the IWM/SPY ratio, total vs price return across a hand-built
dividend, and the report section (shape, errors, no look-ahead into the other sections)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analytics.data.base import ADJ_CLOSE, PriceBatch
from analytics.data.demo import DemoSource
from analytics.errors import AsOfError
from analytics.performance.forward import (
    HORIZONS,
    LATEST,
    RATIO_NAME,
    fib_touches,
    first_touch,
    forward_returns,
    forward_table,
    ratio_series,
)
from analytics.report import build_report

DAYS = pd.bdate_range("2024-01-01", "2024-05-15", name="date")


def _line(start: float = 100.0, step: float = 1.0, index=DAYS) -> pd.Series:
    return pd.Series(start + step * np.arange(len(index)), index=index, dtype="float64")


def _frame(close: pd.Series, adj: pd.Series | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"open": close, "high": close, "low": close, "close": close, "volume": 1.0})
    if adj is not None:
        frame[ADJ_CLOSE] = adj
    return frame


# -- forward returns -------------------------------------------------------------------------

def test_horizons_use_the_last_close_on_or_before_base_plus_calendar_months():
    close = _line()
    out = forward_returns(close, "2024-01-10")
    assert out["1m"].base_date == pd.Timestamp("2024-01-10")
    # 2024-02-10 is a Saturday: the close of Friday 9 February is used.
    assert out["1m"].target_date == pd.Timestamp("2024-02-10")
    assert out["1m"].end_date == pd.Timestamp("2024-02-09")
    assert close.loc["2024-01-10"] == 107 and close.loc["2024-02-09"] == 129
    assert out["1m"].value == pytest.approx(129 / 107 - 1)
    assert out["3m"].end_date == pd.Timestamp("2024-04-10")
    assert out["3m"].value == pytest.approx(close.loc["2024-04-10"] / 107 - 1)
    assert out[LATEST].end_date == pd.Timestamp("2024-05-15")
    assert out[LATEST].value == pytest.approx(close.iloc[-1] / 107 - 1)


def test_horizons_not_reached_are_not_yet_never_partial():
    out = forward_returns(_line(), "2024-01-10")
    for name in ("6m", "12m"):  # 2024-07-10 and 2025-01-10 are after the last bar (2024-05-15)
        assert out[name].value is None
        assert out[name].reason.startswith("not yet") and "2024-05-15" in out[name].reason


def test_a_horizon_reached_exactly_on_the_last_bar_counts_one_day_later_does_not():
    close = _line().loc[:"2024-02-09"]
    assert forward_returns(close, "2024-01-09")["1m"].value == pytest.approx(129 / 106 - 1)
    assert forward_returns(close, "2024-01-10")["1m"].value is None  # needs 2024-02-10


def test_a_weekend_as_of_starts_from_friday_and_month_ends_clamp():
    close = _line()
    out = forward_returns(close, "2024-01-13")
    assert out["1m"].base_date == pd.Timestamp("2024-01-12")
    assert out["1m"].target_date == pd.Timestamp("2024-02-12")
    jan31 = forward_returns(close, "2024-01-31")["1m"]
    assert jan31.target_date == pd.Timestamp("2024-02-29")  # no 31 February: the month's last day
    assert jan31.end_date == pd.Timestamp("2024-02-29")


def test_no_base_and_no_later_data():
    close = _line()
    before = forward_returns(close, "2023-12-29")
    assert all(r.value is None and r.reason.startswith("n/a") for r in before.values())
    assert "start 2024-01-01" in before["1m"].reason
    after = forward_returns(close, "2024-06-30")
    assert after[LATEST].value is None and after[LATEST].reason.startswith("not yet")
    assert after[LATEST].base_date == pd.Timestamp("2024-05-15")


def test_ratio_forward_return_is_relative_performance():
    iwm = pd.Series(100.0, index=DAYS)
    spy = pd.Series(200.0, index=DAYS)
    iwm.loc["2024-02-01":] = 110.0   # +10%
    spy.loc["2024-02-01":] = 242.0   # +21%
    frames = {"IWM": _frame(iwm), "SPY": _frame(spy), "QQQ": _frame(_line())}
    table = forward_table(frames, "2024-01-15")
    assert table["IWM"]["1m"].value == pytest.approx(0.10)
    assert table["SPY"]["1m"].value == pytest.approx(0.21)
    assert table[RATIO_NAME]["1m"].value == pytest.approx(1.10 / 1.21 - 1)  # IWM lagged
    assert set(table) == {"IWM", "SPY", "QQQ", RATIO_NAME}
    assert all(set(row) == set(HORIZONS) for row in table.values())


def test_ratio_uses_only_days_both_have_a_close():
    iwm, spy = _line(), _line(200.0)
    spy = spy.drop(pd.Timestamp("2024-01-10"))
    ratio = ratio_series({"IWM": _frame(iwm), "SPY": _frame(spy)}, "IWM", "SPY")
    assert pd.Timestamp("2024-01-10") not in ratio.index and len(ratio) == len(DAYS) - 1


def test_total_return_adds_a_hand_built_dividend():
    close = pd.Series(100.0, index=DAYS)
    # A 2.00 dividend, ex 2024-02-01: every adjusted close before it is 100 * (1 - 2/100).
    adj = close.where(close.index >= "2024-02-01", 98.0)
    frames = {s: _frame(close, adj) for s in ("IWM", "SPY", "QQQ")}
    price = forward_table(frames, "2024-01-15", "price")
    total = forward_table(frames, "2024-01-15", "total")
    assert price["SPY"]["1m"].value == pytest.approx(0.0)
    assert total["SPY"]["1m"].value == pytest.approx(100 / 98 - 1)  # the dividend reinvested
    assert total[RATIO_NAME]["1m"].value == pytest.approx(0.0)


def test_total_return_is_na_without_adj_close_and_runs_to_the_last_adjusted_close():
    close = _line()
    adj = (close * 0.99).where(close.index <= "2024-04-30")  # adjusted closes stop early
    frames = {"IWM": _frame(close, adj), "SPY": _frame(close), "QQQ": _frame(close, adj)}
    total = forward_table(frames, "2024-01-10", "total")
    assert all(r.value is None and r.reason.startswith("n/a") for r in total["SPY"].values())
    assert all(r.value is None for r in total[RATIO_NAME].values())  # SPY has none
    assert total["IWM"][LATEST].end_date == pd.Timestamp("2024-04-30")
    assert total["IWM"][LATEST].value == pytest.approx(close.loc["2024-04-30"] / 107 - 1)
    assert total["IWM"]["6m"].value is None and "adjusted closes end 2024-04-30" in total["IWM"]["6m"].reason
    with pytest.raises(ValueError, match="'dividends'"):
        forward_table(frames, "2024-01-10", "dividends")


# -- Fibonacci touches -----------------------------------------------------------------------

def _swing_path(after_close: float) -> pd.DataFrame:
    """150 -> 200 (high, 2022-01-03) -> 100 (low, 2023-01-03) -> ``after_close`` by 2023-06-01,
    then flat with a few one-day spikes; high = low = close except on the spikes."""
    index = pd.bdate_range("2021-01-04", "2024-12-31", name="date")
    knots = pd.Series({pd.Timestamp("2021-01-04"): 150.0, pd.Timestamp("2022-01-03"): 200.0,
                       pd.Timestamp("2023-01-03"): 100.0, pd.Timestamp("2023-06-01"): after_close,
                       pd.Timestamp("2024-12-31"): after_close})
    close = knots.reindex(index.union(knots.index)).interpolate("time").reindex(index)
    return _frame(close)


def test_touches_by_the_daily_high_after_the_as_of_date_only():
    bars = _swing_path(120.0)
    bars.loc["2023-09-01", "high"] = 161.8      # 0.618 target 100 + 0.618 * 100 = 161.8: reached (>=)
    bars.loc["2024-03-01", "high"] = 205.0      # 1.0 = 200
    bars.loc["2024-06-03", "high"] = 230.0      # 1.272 = 227.2
    bars.loc["2024-06-04", "high"] = 261.7      # 1.618 = 261.8: just short
    result = fib_touches(bars, "2023-06-01")
    assert [(a.kind, a.date, a.price) for a in result.anchors] == [
        ("high", pd.Timestamp("2022-01-03"), 200.0), ("low", pd.Timestamp("2023-01-03"), 100.0)]
    touched = {t.ratio: t.touched for t in result.touches}
    targets = {t.ratio: t.target for t in result.touches}
    assert targets[1.618] == pytest.approx(261.8) and targets[2.618] == pytest.approx(361.8)
    # The climb to the 2022 high passed 161.8 before the as-of date: that does not count.
    assert touched == {0.618: pd.Timestamp("2023-09-01"), 1.0: pd.Timestamp("2024-03-01"),
                       1.272: pd.Timestamp("2024-06-03"), 1.618: None, 2.0: None, 2.618: None}
    assert all(t.side == "above" for t in result.touches) and result.as_of_close == 120.0


def test_a_target_below_the_as_of_close_is_touched_by_the_daily_low():
    bars = _swing_path(170.0)
    bars.loc["2023-08-01", "low"] = 161.9       # not yet at 161.8
    bars.loc["2023-10-02", "low"] = 160.0
    result = fib_touches(bars, "2023-06-01")
    below = next(t for t in result.touches if t.ratio == 0.618)
    assert below.side == "below" and below.touched == pd.Timestamp("2023-10-02")
    assert first_touch(bars, "2023-06-01", 500.0, "above") is None


def test_no_drawdown_means_no_targets_with_a_reason():
    rising = _frame(_line())
    result = fib_touches(rising, "2024-03-01")
    assert result.touches == [] and "no drawdown" in result.problem
    early = fib_touches(rising, "2023-01-01")
    assert early.touches == [] and "no IWM bars" in early.problem


# -- the report section ----------------------------------------------------------------------

def test_report_section_shape_on_demo_data():
    section = build_report(DemoSource(), "2023-11-28", ["forward"])["forward"]
    for key in ("IWM", "SPY", "QQQ", "IWM/SPY"):
        assert set(section[key]) == set(HORIZONS)
        assert set(section["forward_total"][key]) == set(HORIZONS)
        assert all(isinstance(v, float) for v in section[key].values())
    # Demo SPY pays 1.3% a year: its 12-month total return beats its price return by about that.
    gap = section["forward_total"]["SPY"]["12m"] - section["SPY"]["12m"]
    assert 0.008 < gap < 0.02
    assert set(section["fib_touched"]) == {"0.618", "1", "1.272", "1.618", "2", "2.618"}
    assert section["dates"]["base"]["IWM"] == "2023-11-28"
    assert section["dates"]["horizon_targets"]["1m"] == "2023-12-28"
    json.dumps(section)  # JSON-clean: no NaN, no Timestamps


def test_report_section_recent_date_has_null_horizons_with_reasons():
    last = DemoSource().prices(["IWM"]).frames["IWM"].index[-1]
    as_of = (last - pd.DateOffset(months=2)).date()
    section = build_report(DemoSource(), as_of, ["forward"])["forward"]
    assert section["IWM"]["1m"] is not None
    assert section["IWM"]["3m"] is None and section["IWM"]["12m"] is None
    assert section["reasons"]["forward"]["IWM"]["3m"].startswith("not yet")


def test_report_section_rejects_dates_outside_the_data():
    with pytest.raises(AsOfError, match="future"):
        build_report(DemoSource(), "2999-01-01", ["forward"])
    with pytest.raises(AsOfError, match="before the first data"):
        build_report(DemoSource(), "1999-01-04", ["forward"])


class _Tampered:
    """The demo, with every observation after ``cut`` changed (scaled and jittered)."""

    def __init__(self, cut: str):
        self.inner, self.cut = DemoSource(), pd.Timestamp(cut)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def prices(self, symbols, start=None):
        batch = self.inner.prices(symbols, start)
        frames = {}
        for symbol, frame in batch.frames.items():
            out = frame.copy()
            later = out.index > self.cut
            jitter = 1.37 + 0.05 * np.sin(np.arange(later.sum()))
            for column in ("open", "high", "low", "close", ADJ_CLOSE):
                if column in out:
                    out.loc[later, column] = out.loc[later, column].to_numpy() * jitter
            out.loc[later, "volume"] = 1.0
            frames[symbol] = out
        return PriceBatch(frames=frames, failed=dict(batch.failed), notes=list(batch.notes))


#: Sections that look only backward from the as-of date (all of them but ``forward``).
BACKWARD_SECTIONS = ("performance", "technicals", "breadth", "macro", "valuation", "seasonality")


def test_no_look_ahead_changing_the_future_changes_only_forward_numbers():
    as_of = "2023-11-28"
    sections = [*BACKWARD_SECTIONS, "forward"]
    honest = build_report(DemoSource(), as_of, sections)
    tampered = build_report(_Tampered(as_of), as_of, sections)
    for name in BACKWARD_SECTIONS:
        assert tampered[name] == honest[name], name
    # What the forward section knew on the day (its base and its targets) is unchanged ...
    for key in ("anchors", "targets", "as_of_close"):
        assert tampered["forward"]["fib"][key] == honest["forward"]["fib"][key]
    assert tampered["forward"]["dates"]["base"] == honest["forward"]["dates"]["base"]
    # ... what came after is not.
    assert tampered["forward"]["IWM"]["1m"] != honest["forward"]["IWM"]["1m"]
    assert tampered["forward"]["forward_total"]["SPY"]["1m"] != honest["forward"]["forward_total"]["SPY"]["1m"]
