"""The snap rule of a dragged Fibonacci handle, and the report's ``--fib-anchors`` that uses it."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analytics.__main__ import run
from analytics.data.demo import DemoSource
from analytics.technicals import fibonacci
from analytics.technicals.report import dragged_levels, parse_fib_anchors
from analytics.technicals.view import fib_result

# Four hand-built bars around a weekend and a Wednesday holiday (2024-01-03 missing).
BARS = pd.DataFrame(
    {"open": [10.0, 11.0, 12.0, 13.0], "high": [10.5, 11.8, 12.9, 13.4],
     "low": [9.5, 10.2, 11.1, 12.6], "close": [10.2, 11.5, 12.0, 13.1]},
    index=pd.to_datetime(["2023-12-29", "2024-01-02", "2024-01-04", "2024-01-05"]))


@pytest.mark.parametrize("dropped, bar", [
    ("2023-12-29", "2023-12-29"),  # on a bar: that bar
    ("2023-12-30", "2023-12-29"),  # Saturday: Friday is one day away, Tuesday three
    ("2024-01-01", "2024-01-02"),  # Monday: Tuesday is nearer than Friday
    ("2024-01-03", "2024-01-02"),  # the holiday, one day from each side: the earlier bar
    ("2024-01-03 13:00", "2024-01-04"),  # past midday of the holiday: the next bar is nearer
    ("2020-01-01", "2023-12-29"),  # before the data: the first bar
    ("2030-01-01", "2024-01-05"),  # after it: the last
])
def test_nearest_bar_in_time_earlier_on_a_tie(dropped, bar):
    assert fibonacci.snap_to_bar(BARS, dropped, "high").date == pd.Timestamp(bar)


def test_price_is_the_bars_high_or_low_by_role_or_its_close():
    high = fibonacci.snap_to_bar(BARS, "2024-01-04", "high")
    low = fibonacci.snap_to_bar(BARS, "2024-01-04", "low")
    close = fibonacci.snap_to_bar(BARS, "2024-01-04", "low", basis="close")
    assert (high.price, high.kind) == (12.9, "high")
    assert (low.price, low.kind) == (11.1, "low")
    assert (close.price, close.kind) == (12.0, "close")


def test_close_only_history_snaps_to_the_close():
    closes = BARS[["close"]]
    assert fibonacci.snap_to_bar(closes, "2024-01-02", "high").price == BARS.loc["2024-01-02", "close"]


def test_bad_role_and_basis_are_named():
    with pytest.raises(ValueError, match="'middle'"):
        fibonacci.snap_to_bar(BARS, "2024-01-02", "middle")
    with pytest.raises(ValueError, match="'open'"):
        fibonacci.snap_to_bar(BARS, "2024-01-02", "high", basis="open")


def test_fib_result_on_the_close_basis_uses_closes():
    result = fib_result(BARS, "2024-01-05", "Manual", ("2023-12-29", "2024-01-04"), [1.618], basis="close")
    high, low = BARS.loc["2023-12-29", "close"], BARS.loc["2024-01-04", "close"]
    # The close of the "high" day is below the close of the "low" day: no fall to measure.
    assert high < low and "must be above" in result.problem
    rise = fib_result(BARS, "2024-01-05", "Manual", ("2024-01-04", "2023-12-29"), [1.618], basis="close")
    assert rise.levels[1.618] == pytest.approx(low - 1.618 * (low - high))


def test_fib_anchors_need_two_or_three_dates():
    assert parse_fib_anchors("2024-01-02, 2024-01-05") == ["2024-01-02", "2024-01-05"]
    assert parse_fib_anchors(None) == []
    with pytest.raises(ValueError, match="2 dates .* or 3"):
        parse_fib_anchors("2024-01-02")


def _demo():
    bars = DemoSource().prices(["IWM"]).frames["IWM"]
    as_of = pd.Timestamp("2023-11-28")
    return bars, as_of, fibonacci.largest_drawdown(bars, as_of)


def test_dragged_levels_snap_each_date_then_apply_the_pages_formula():
    bars, as_of, (peak, trough) = _demo()
    dropped = [f"{a.date + pd.Timedelta(days=2):%Y-%m-%d}" for a in (peak, trough)]  # off the bars, maybe
    days = [fibonacci.snap_to_bar(bars.loc[:as_of], d, k).date for d, k in zip(dropped, ("high", "low"))]
    page = fib_result(bars, as_of, "Manual", days, fibonacci.DEFAULT_RATIOS)
    out = dragged_levels(bars, as_of, dropped)
    assert out["snapped"] == [f"{d:%Y-%m-%d}" for d in days]
    assert out["levels"] == {fibonacci.ratio_key(r): pytest.approx(p, abs=1e-5) for r, p in page.levels.items()}
    c = trough.date + pd.Timedelta(days=30)
    three = dragged_levels(bars, as_of, [f"{d:%Y-%m-%d}" for d in (peak.date, trough.date, c)])
    a, b, c_price = (x["price"] for x in three["anchors"])
    assert three["mode"] == "3-point"
    assert three["levels"]["1.618"] == pytest.approx(c_price + 1.618 * (b - a), abs=1e-5)


def test_report_cli_takes_fib_anchors(capsys):
    _, _, (peak, trough) = _demo()
    anchors = f"{peak.date:%Y-%m-%d},{trough.date:%Y-%m-%d}"
    assert run(["report", "--source", "demo", "--as-of", "2023-11-28", "--section", "technicals",
                "--fib-anchors", anchors, "--format", "json"]) == 0
    fib = json.loads(capsys.readouterr().out)["technicals"]["fib"]
    # The automatic swing's own dates give back the automatic extensions.
    assert fib["dragged"]["snapped"] == anchors.split(",")
    assert fib["dragged"]["levels"] == pytest.approx(fib["extensions"], abs=1e-6)
