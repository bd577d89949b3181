"""Fibonacci levels: automatic swing anchors, two- and three-point levels, progress, sensitivity.

Two-point levels of a fall (retracements below 1, extensions above) are
``low + r * (high - low)``; of a rise (the low first), ``high - r * (high - low)``.
The three-point trend-based extension is TradingView's: ``C + r * (B - A)``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analytics.timeseries import as_of as truncate
from analytics.timeseries import to_timestamp

RATIO_CHOICES = (0.236, 0.382, 0.5, 0.618, 0.786, 1.0, 1.272, 1.414, 1.618, 2.0, 2.618, 3.618)
DEFAULT_RATIOS = (0.618, 1.0, 1.272, 1.618, 2.0, 2.618)
DEFAULT_LOOKBACK_YEARS = 3
#: Trading-day shifts of each anchor in the sensitivity table.
SENSITIVITY_SHIFTS = (-5, -2, -1, 1, 2, 5)
#: What an anchor's price is read from: the bar's high or low (by the anchor's role), or its close.
SnapBasis = Literal["high/low", "close"]
SNAP_BASES: tuple[SnapBasis, ...] = ("high/low", "close")


class FibonacciError(ValueError):
    """Settings that describe no valid swing (a high below the low, anchors outside the data)."""


@dataclass(frozen=True)
class Anchor:
    """One swing point: the bar's date and the price used (its high or its low)."""

    date: pd.Timestamp
    price: float
    kind: str  # "high" or "low"


def ratio_key(ratio: float) -> str:
    """The ratio as the report writes it: ``1.618``, ``1``, ``0.5``."""
    return f"{ratio:g}"


def _price_column(bars: pd.DataFrame, kind: str) -> pd.Series:
    # Close-only histories (some snapshots) fall back to the close.
    column = bars[kind] if kind in bars else bars["close"]
    return column.fillna(bars["close"])


def anchor_at(bars: pd.DataFrame, when, kind: str) -> Anchor:
    """The bar on or before ``when`` and its high or low; FibonacciError outside the data."""
    stamp = to_timestamp(when)
    if bars.empty or stamp < bars.index[0]:
        first = f"{bars.index[0]:%Y-%m-%d}" if len(bars) else "none"
        raise FibonacciError(f"anchor {stamp:%Y-%m-%d} is before the first bar ({first})")
    series = _price_column(bars, kind).loc[:stamp]
    return Anchor(series.index[-1], float(series.iloc[-1]), kind)


def snap_to_bar(bars: pd.DataFrame, when, kind: str, basis: SnapBasis = "high/low") -> Anchor:
    """The anchor a handle dropped at ``when`` lands on: the nearest bar in time and its price.

    The rule, the same one the chart's drag handles apply on release (ui/fib_drag/fib_levels.js,
    ``snapIndex``): the bar whose date is nearest ``when`` (the earlier one on a tie, so a
    holiday between two bars never reaches forward), and that bar's ``high`` or ``low`` by the
    anchor's role ``kind`` -- like the magnet of the charting tools traders use, which sticks
    to the bar's extreme -- or its ``close`` when ``basis`` is ``"close"``.

    Parameters
    ----------
    bars : DataFrame
        Bars with a sorted ``DatetimeIndex`` and ``close`` (``high``/``low`` may be missing:
        the close stands in, as everywhere in this module).
    when : date, str or Timestamp
        Where the anchor was dropped.
    kind : {"high", "low"}
        The anchor's role.
    basis : {"high/low", "close"}
        Which price of the bar the anchor takes.

    Returns
    -------
    Anchor
        With the bar's date, the price and ``kind`` (``"close"`` when ``basis`` is ``"close"``).

    Raises
    ------
    ValueError
        For a ``kind`` or ``basis`` that is not one of the above, or no bars.
    """
    if kind not in ("high", "low"):
        raise ValueError(f"kind must be 'high' or 'low', not {kind!r}")
    if basis not in SNAP_BASES:
        raise ValueError(f"basis must be one of {SNAP_BASES}, not {basis!r}")
    if bars.empty:
        raise FibonacciError("no bars to snap to")
    to_timestamp(when)  # validates; the time of day is kept: a pointer drops between midnights
    stamp = pd.Timestamp(when).tz_localize(None) if pd.Timestamp(when).tzinfo else pd.Timestamp(when)
    distance = np.abs((bars.index - stamp).to_numpy(dtype="timedelta64[ns]").astype("int64"))
    nearest = int(np.argmin(distance))  # argmin takes the first minimum: the earlier bar on a tie
    column = "close" if basis == "close" else kind
    return Anchor(bars.index[nearest], float(_price_column(bars, column).iloc[nearest]), column)


def largest_drawdown(bars: pd.DataFrame, as_of_date, lookback_years: float = DEFAULT_LOOKBACK_YEARS
                     ) -> tuple[Anchor, Anchor]:
    """The deepest peak-to-trough fall within the lookback ending at ``as_of``.

    Drawdown on bar t is ``low_t / max(high_s, s <= t) - 1``; the trough is the bar with the
    deepest one (the earliest, on a tie), the peak the latest bar before it whose high set
    that running maximum. Raises :class:`FibonacciError` when prices never fell.
    """
    end = to_timestamp(as_of_date)
    window = truncate(bars, end).loc[end - pd.DateOffset(years=lookback_years):]
    if len(window) < 2:
        raise FibonacciError("fewer than two bars in the lookback window")
    highs, lows = _price_column(window, "high"), _price_column(window, "low")
    running = highs.cummax().to_numpy()
    drawdown = lows.to_numpy() / running - 1
    trough = int(np.argmin(drawdown))
    if drawdown[trough] >= 0:
        raise FibonacciError("prices never fell in the lookback window: no drawdown to measure")
    peak = int(np.nonzero(highs.to_numpy()[: trough + 1] == running[trough])[0][-1])
    return (Anchor(window.index[peak], float(highs.iloc[peak]), "high"),
            Anchor(window.index[trough], float(lows.iloc[trough]), "low"))


def two_point_levels(high: float, low: float, ratios: Sequence[float]) -> dict[float, float]:
    """``low + r * (high - low)`` for each ratio."""
    if not high > low:
        raise FibonacciError(f"the swing high ({high:.2f}) must be above the swing low ({low:.2f})")
    return {r: low + r * (high - low) for r in ratios}


def rise_levels(high: float, low: float, ratios: Sequence[float]) -> dict[float, float]:
    """Levels of a rise from ``low`` to ``high``: ``high - r * (high - low)``.

    The mirror of :func:`two_point_levels` (TradingView's two-point tool drawn from the low
    to the high): 0 at the high, 1 at the low; below 1 the retracements of the rise, above 1
    extensions below the low.
    """
    if not high > low:
        raise FibonacciError(f"the swing high ({high:.2f}) must be above the swing low ({low:.2f})")
    return {r: high - r * (high - low) for r in ratios}


def trend_extension(a: float, b: float, c: float, ratios: Sequence[float]) -> dict[float, float]:
    """TradingView's trend-based Fibonacci extension: ``C + r * (B - A)``."""
    if a == b:
        raise FibonacciError("points A and B are at the same price: the move has no length")
    return {r: c + r * (b - a) for r in ratios}


def level_table(bars: pd.DataFrame, levels: dict[float, float], origin: Anchor,
                last_anchor: pd.Timestamp, as_of_date) -> pd.DataFrame:
    """Each target, the move it implies from the last close, and progress made toward it.

    ``progress = (best - origin) / (target - origin)``, where ``best`` is the highest high
    (lowest low, for a target below the origin) since the last anchor: 1 or more = reached.
    """
    data = truncate(bars, as_of_date)
    close = float(data["close"].iloc[-1])
    since = data.loc[last_anchor:]
    rows = []
    for ratio, target in levels.items():
        upward = target >= origin.price
        best = float(_price_column(since, "high").max() if upward else _price_column(since, "low").min())
        span = target - origin.price
        rows.append({
            "ratio": ratio_key(ratio), "target": target, "move_from_close": target / close - 1,
            "best_since_anchor": best, "progress": (best - origin.price) / span if span else np.nan,
        })
    return pd.DataFrame(rows).set_index("ratio")


def sensitivity(bars: pd.DataFrame, anchors: Sequence[Anchor],
                compute: Callable[[Sequence[float]], dict[float, float]],
                shifts: Sequence[int] = SENSITIVITY_SHIFTS) -> pd.DataFrame:
    """Targets when one anchor at a time moves ``k`` trading days (rows) per ratio (columns).

    ``compute`` maps anchor prices (in ``anchors`` order) to ``{ratio: target}``. Shifts that
    leave the data or make the swing invalid are left out.
    """
    positions = [bars.index.get_loc(a.date) for a in anchors]
    rows = {"as set": compute([a.price for a in anchors])}
    for i, anchor in enumerate(anchors):
        series = _price_column(bars, anchor.kind)
        for shift in shifts:
            pos = positions[i] + shift
            if not 0 <= pos < len(bars):
                continue
            prices = [a.price for a in anchors]
            prices[i] = float(series.iloc[pos])
            try:
                rows[f"{anchor.kind} {shift:+d}d ({bars.index[pos]:%Y-%m-%d})"] = compute(prices)
            except FibonacciError:
                continue
    table = pd.DataFrame(rows).T
    table.columns = [ratio_key(c) for c in table.columns]
    return table
