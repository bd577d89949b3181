"""What the Technicals page shows, assembled from indicators, Fibonacci and Elliott pieces.

Kept apart from the page so the page only draws, and from the report so both read the same
numbers.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from analytics.technicals import elliott, fibonacci, indicators
from analytics.timeseries import to_timestamp

CHART_MARGIN = pd.DateOffset(months=2)
#: Units of the CSV exports, column by column (prices in the symbol's currency).
INDICATOR_UNITS = {"open": "price", "high": "price", "low": "price", "close": "price", "volume": "shares",
                   "adj_close": "price, split+dividend adjusted",
                   "SMA_50": "price", "SMA_200": "price", "SMA_50W": "price",
                   f"RSI_{indicators.RSI_LENGTH}": "0-100", **{c: "price" for c in indicators.MACD_COLUMNS}}
FIB_TABLE_UNITS = {"target": "price", "move_from_close": "fraction", "best_since_anchor": "price",
                   "progress": "fraction, 1 = reached"}
FibMode = str  # "Auto", "Manual" or "3-point"
FIB_MODES = ("Auto", "Manual", "3-point")


@dataclass
class FibResult:
    """Anchors, levels and tables for one Fibonacci setting, or the reason there are none."""

    anchors: list[fibonacci.Anchor] = field(default_factory=list)
    levels: dict[float, float] = field(default_factory=dict)
    table: pd.DataFrame | None = None
    sensitivity: pd.DataFrame | None = None
    problem: str = ""
    #: What the anchors were read as, and the formula of the levels, in one sentence.
    reading: str = ""


def auto_anchors(bars: pd.DataFrame, as_of, lookback_years: float) -> tuple[fibonacci.Anchor, fibonacci.Anchor] | None:
    """The largest drawdown's (high, low), or ``None`` if there was none."""
    try:
        return fibonacci.largest_drawdown(bars, as_of, lookback_years)
    except fibonacci.FibonacciError:
        return None


def anchor_days(bars: pd.DataFrame, as_of, lookback_years: float) -> list:
    """The trading days an anchor can sit on: the bars of the lookback window ending at ``as_of``
    (all bars when the window holds fewer than two)."""
    end = to_timestamp(as_of)
    index = bars.index[bars.index <= end]
    window = index[index >= end - pd.DateOffset(years=lookback_years)]
    return [d.date() for d in (window if len(window) >= 2 else index)]


def three_point_defaults(pivots: pd.DataFrame, high: fibonacci.Anchor | None, low: fibonacci.Anchor | None
                         ) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp] | None:
    """A, B, C = the last three confirmed zigzag pivots (the latest completed swing and the
    pullback after it); else the drawdown's peak, trough and trough again; else ``None``."""
    confirmed = pivots[pivots["confirmed"]]
    if len(confirmed) >= 3:
        a, b, c = confirmed.index[-3:]
        return a, b, c
    if high is not None and low is not None:
        return high.date, low.date, low.date
    return None


def fib_result(bars: pd.DataFrame, as_of, mode: FibMode, dates: Sequence, ratios: Sequence[float],
               basis: fibonacci.SnapBasis = "high/low") -> FibResult:
    """Levels for ``mode``: Auto/Manual take (high date, low date); 3-point takes (A, B, C).

    Each anchor is the bar on or before its date; its price is that bar's high or low by the
    anchor's role, or its close when ``basis`` is ``"close"`` (the chart's snap setting).
    """
    data = bars.loc[: to_timestamp(as_of)]

    def anchor(when, kind: str) -> fibonacci.Anchor:
        return fibonacci.anchor_at(data, when, "close" if basis == "close" else kind)

    result = FibResult()
    if not ratios:
        result.problem = "Pick at least one ratio to draw levels."
        return result
    try:
        if mode == "3-point":
            a_date, b_date, c_date = (to_timestamp(d) for d in dates)
            if not a_date < b_date <= c_date:
                raise fibonacci.FibonacciError("points must be in time order: A before B, C on or after B")
            down = data["close"].asof(b_date) < data["close"].asof(a_date)
            kinds = ("high", "low", "high") if down else ("low", "high", "low")
            anchors = [anchor(d, k) for d, k in zip((a_date, b_date, c_date), kinds)]

            def compute(prices):
                return fibonacci.trend_extension(*prices, ratios)

            origin = anchors[2]
            result.reading = (f"Trend-based extension of the move A → B from C: C + r × (B − A), "
                              f"{'down' if down else 'up'} from C.")
        else:
            high_date, low_date = (to_timestamp(d) for d in dates)
            high, low = anchor(high_date, "high"), anchor(low_date, "low")
            if high.date == low.date:
                raise fibonacci.FibonacciError("the swing high and the swing low are the same bar: pick two days")
            if high.date < low.date:  # a fall: the thesis's drawdown extension
                anchors = [high, low]

                def compute(prices):
                    return fibonacci.two_point_levels(prices[0], prices[1], ratios)

                result.reading = (f"A fall from {high.price:,.2f} ({high.date:%Y-%m-%d}) to {low.price:,.2f} "
                                  f"({low.date:%Y-%m-%d}): levels = low + r × (high − low); above 1 they "
                                  "project a recovery past the high.")
            else:  # the low comes first: a rise, whose levels point down
                anchors = [low, high]

                def compute(prices):
                    return fibonacci.rise_levels(prices[1], prices[0], ratios)

                result.reading = (f"The low comes before the high, so this is read as a rise from "
                                  f"{low.price:,.2f} ({low.date:%Y-%m-%d}) to {high.price:,.2f} "
                                  f"({high.date:%Y-%m-%d}): levels = high − r × (high − low), retracements "
                                  "of the rise below 1 and extensions below the low above 1.")
            origin = anchors[1]
        result.anchors = anchors
        result.levels = {r: p for r, p in compute([a.price for a in anchors]).items() if p > 0}
        if not result.levels:
            raise fibonacci.FibonacciError("every target is at or below zero")
    except fibonacci.FibonacciError as exc:
        result.problem = str(exc)
        return result
    last_anchor = max(a.date for a in anchors)
    result.table = fibonacci.level_table(data, result.levels, origin, last_anchor, as_of)
    result.sensitivity = fibonacci.sensitivity(data, anchors, compute)
    return result


def chart_start(as_of, lookback_years: float, anchors: Sequence[fibonacci.Anchor],
                whole_lookback: bool = False) -> pd.Timestamp:
    """From a little before the first anchor; from the lookback start too if ``whole_lookback``
    or there are no anchors."""
    dates = [a.date for a in anchors]
    if whole_lookback or not dates:
        dates.append(to_timestamp(as_of) - pd.DateOffset(years=lookback_years))
    return min(dates) - CHART_MARGIN


def wave_view(bars: pd.DataFrame, threshold_pct: float) -> tuple[pd.DataFrame, elliott.WaveCount | None, elliott.WaveCount | None]:
    """Zigzag pivots of the shown bars, the latest candidate count and the latest passing one."""
    pivots = elliott.zigzag(bars, threshold_pct)
    latest, passing = elliott.wave_counts(pivots)
    return pivots, latest, passing

