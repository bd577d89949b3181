"""Macro metrics: FRED series as published by the date, the Fed's last hike, foreign cuts.

All read the Macro page's view of the date (:func:`analytics.macro.view.policy_facts`, or the
page's whole view): each
series holds only the observations public by then (ALFRED vintages where the source has them,
else the catalogue's release lag, :mod:`analytics.macro.pit`), so a claim reads what the page
shows for the same date. Values keep the series' units (percent stays percent), except
``yoy``, a fraction.
"""
from __future__ import annotations

import pandas as pd

from analytics.macro.global_rates import cut_within
from analytics.macro.pit import aligned_spread, change_over, latest_figure, year_over_year
from analytics.macro.series import CATALOGUE
from analytics.theses.catalogue import (
    CentralBanksCuttingParams,
    DaysSinceFedHikeParams,
    SeriesParams,
    SeriesSpreadParams,
)
from analytics.theses.metrics.context import Context, Reading


def _known(ctx: Context, series_id: str) -> pd.Series | Reading:
    """The observations of ``series_id`` public on the date, or why there are none."""
    if series_id not in CATALOGUE:
        return Reading.missing(f"{series_id} is not in the macro catalogue (python -m analytics check-series lists it)")
    inputs = ctx.macro_inputs(series_id)
    series = inputs.get(series_id)
    if series is None:
        return Reading.missing(inputs.gap(series_id) or f"{series_id} has no value published by {ctx.day}")
    return series


def series(ctx: Context, params: SeriesParams) -> Reading:
    """The latest value of a FRED series published by the date (``level``); ``yoy``:
    ``x[t] / x[t - 12 months] - 1`` matched by date (:func:`year_over_year`, the Macro page's
    inflation); ``change``: ``x[t] - x[t - months]`` (:func:`change_over`), in its units."""
    known = _known(ctx, params.id)
    if isinstance(known, Reading):
        return known
    if params.transform == "change":
        return Reading.of(change_over(known, params.months),
                          f"{params.id} does not reach {params.months} months before its latest value")
    spec = CATALOGUE[params.id]
    if params.transform == "yoy":
        known = year_over_year(known).dropna()
    figure = latest_figure(known, spec, ctx.as_of) if len(known) else None
    return Reading.of(figure.value if figure else None,
                      f"{params.id} has no year-over-year value by {ctx.day}")


def series_spread(ctx: Context, params: SeriesSpreadParams) -> Reading:
    """``a - b`` on ``a``'s latest date, ``b`` carried to it (:func:`aligned_spread`, the Macro
    page's "cuts priced in": DGS2 minus DFF), in the series' units."""
    a, b = _known(ctx, params.a), _known(ctx, params.b)
    for known in (a, b):
        if isinstance(known, Reading):
            return known
    spread = aligned_spread(a, b).loc[: ctx.as_of]
    return Reading.of(spread.iloc[-1] if len(spread) else None,
                      f"{params.a} and {params.b} have no common date by {ctx.day}")


def days_since_fed_hike(ctx: Context, params: DaysSinceFedHikeParams) -> Reading:
    """Calendar days from the latest rise of the Fed's target known on the date (the single
    target to 2008, the upper bound after) to the date (:func:`analytics.macro.fed.latest_hike`)."""
    hike = ctx.macro_view().hike
    return Reading.of(hike.days_since if hike else None, f"no rise of the Fed's target known by {ctx.day}")


def central_banks_cutting(ctx: Context, params: CentralBanksCuttingParams) -> Reading:
    """``cut / tracked``: of the central banks whose rate is current on the date, the share
    that cut by at least ``MIN_CUT_PP`` in the last ``months`` (:func:`cut_within`)."""
    view = ctx.macro_view()
    current = [b for b in view.banks if b.status == "current"]
    if not current:
        return Reading.missing(f"no tracked central bank's rate is current on {ctx.day}")
    if params.months in view.counts.cut:
        cut = view.counts.cut[params.months]
    else:
        cut = sum(cut_within(b.rate.dropna(), ctx.as_of, params.months) for b in current if b.rate is not None)
    return Reading(cut / len(current))
