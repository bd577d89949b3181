"""Breadth metrics: the share of a universe's members above their moving average, and its change.

Both cut the Breadth page's whole-history breadth of the universe at the date
(:func:`analytics.breadth.report.breadth_inputs`, :meth:`BreadthHistory.as_of`): a member
counts where it has an average of that length, and figures whose member prices end well
before the date are no reading of it.
"""
from __future__ import annotations

import pandas as pd

from analytics.report_values import check_as_of
from analytics.theses.catalogue import PctAboveAverageChangeParams, PctAboveAverageParams
from analytics.theses.metrics.context import Context, Reading


def _shares(ctx: Context, universe: str, days: int) -> pd.Series | Reading:
    """The daily share above the ``days``-day average up to the date, or why there is none."""
    inputs = ctx.breadth(universe)
    check_as_of(ctx.as_of, inputs.first)
    cut = inputs.history.as_of(ctx.as_of)
    why = ctx.stale(cut.through, f"{universe} member prices")
    if why:
        return Reading.missing(why)
    frame = cut.above.get(days)
    shares = frame["pct"].dropna() if frame is not None else pd.Series(dtype=float)
    if shares.empty:
        return Reading.missing(f"no {universe} member has a {days}-day average by {ctx.day}")
    return shares


def pct_above_average(ctx: Context, params: PctAboveAverageParams) -> Reading:
    """``above / with_average``: of the members with a ``days``-day simple average on the last
    day, the share whose close is above it (a fraction)."""
    shares = _shares(ctx, params.universe, params.days)
    return shares if isinstance(shares, Reading) else Reading(float(shares.iloc[-1]))


def pct_above_average_change(ctx: Context, params: PctAboveAverageChangeParams) -> Reading:
    """``share[t] - share[t - over]``, ``over`` trading days with a share back (fraction points:
    +0.30 is thirty more members in a hundred above their average than a month before)."""
    shares = _shares(ctx, params.universe, params.days)
    if isinstance(shares, Reading):
        return shares
    if len(shares) <= params.over:
        return Reading.missing(f"fewer than {params.over + 1} days of {params.universe} breadth by {ctx.day}")
    return Reading(float(shares.iloc[-1] - shares.iloc[-1 - params.over]))
