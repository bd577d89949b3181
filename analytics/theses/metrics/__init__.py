"""The metrics of thesis format 1 computed: one function per catalogue entry, and a claim's verdict.

Each metric is ``f(ctx, params) -> Reading`` with ``ctx`` a :class:`Context` (a source on a
date, and the inputs its claims share) and ``params`` the claim's validated parameters
(:mod:`analytics.theses.catalogue`). :func:`readings` is the one entry point: ``(source,
dates, params) -> [Reading]``, each date's value from data known on it, the dates sharing
every loaded input (a whole price or breadth history is read once and cut at each date);
:func:`series` gives the values as a ``pd.Series`` and :func:`measure`, one date's, is the
last element of :func:`readings` (so a card and a timeline cannot disagree). Where a metric the source cannot compute reads ``None`` and a reason,
never an error for the whole card. :func:`verdict` applies a claim's rule.

This subpackage sits above the topics (it reuses their code); the rest of
:mod:`analytics.theses` (the file format) stays on the kernel alone.
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from datetime import date
from typing import Literal

import pandas as pd

from analytics.data.base import Source
from analytics.errors import DashboardError
from analytics.report_values import not_in_future
from analytics.theses.catalogue import CATALOGUE, MetricParams
from analytics.theses.metrics import breadth, macro, other, prices
from analytics.theses.metrics.context import Context, Loaders, Reading
from analytics.theses.model import ClaimBase
from analytics.timeseries import to_timestamp

Verdict = Literal["supports", "against", "no_data"]
VERDICTS: tuple[Verdict, ...] = ("supports", "against", "no_data")
#: A rule's comparison as a function.
COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}

#: Metric name -> its function, for every metric of the catalogue.
METRICS: dict[str, Callable[[Context, MetricParams], Reading]] = {
    "return": prices.return_metric,
    "return_spread": prices.return_spread,
    "close_vs_average": prices.close_vs_average,
    "rsi": prices.rsi,
    "macd_histogram": prices.macd_histogram,
    "fib_progress": prices.fib_progress,
    "pct_above_average": breadth.pct_above_average,
    "pct_above_average_change": breadth.pct_above_average_change,
    "series": macro.series,
    "series_spread": macro.series_spread,
    "days_since_fed_hike": macro.days_since_fed_hike,
    "central_banks_cutting": macro.central_banks_cutting,
    "fund_ratio_spread": other.fund_ratio_spread,
    "santa_hit_rate": other.santa_hit_rate,
    "alts_vs_btc": other.alts_vs_btc,
}
assert set(METRICS) == set(CATALOGUE), "every catalogue metric has a function"  # noqa: S101

#: Errors that mean "this source cannot give this value on this date" (a source without the
#: method counts: it has no such data): the claim reads no
#: data with the message; anything else is a bug and propagates.
UNAVAILABLE = (DashboardError, ValueError, KeyError, IndexError, ZeroDivisionError, AttributeError, ImportError)


def read(ctx: Context, params: MetricParams) -> Reading:
    """The metric of ``params`` in ``ctx``; ``None`` and the reason when the source lacks data
    or the date is in the future (nothing is known on a day that has not come)."""
    try:
        not_in_future(ctx.as_of)
        return METRICS[params.metric](ctx, params)
    except UNAVAILABLE as exc:
        return Reading.missing(f"{params.metric}: {exc}" if str(exc) else f"{params.metric}: not available")


def measure(source: Source, as_of: date | str | pd.Timestamp, params: MetricParams,
            loaders: Loaders | None = None) -> Reading:
    """One metric of ``source`` as of ``as_of`` (data dated on or before it only).

    Parameters
    ----------
    source : Source
        Where prices, FRED series, member lists and fund data come from.
    as_of : date-like
        The date: every value uses only what was known then (DESIGN.md "Thesis file").
    params : MetricParams
        A claim's validated parameters; ``params.metric`` names the function (:data:`METRICS`).
    loaders : Loaders, optional
        Shared inputs a server already holds (``ui/theses.py``); default the topics' functions.

    Returns
    -------
    Reading
        The value in the metric's unit (fractions; FRED series in their own units), or
        ``None`` and a one-line reason when the source cannot give it.

    Examples
    --------
    IWM's year-to-date return minus the better of SPY's and QQQ's on the article's date:

    >>> from analytics.data.demo import DemoSource
    >>> from analytics.theses.catalogue import ReturnSpreadParams
    >>> p = ReturnSpreadParams(symbol="IWM", against=["SPY", "QQQ"], window="ytd")
    >>> measure(DemoSource(), "2023-11-28", p).value < 1
    True
    """
    return readings(source, [as_of], params, loaders)[-1]


def readings(source: Source, dates: Iterable[date | str | pd.Timestamp], params: MetricParams,
             loaders: Loaders | None = None, shared: dict | None = None) -> list[Reading]:
    """The metric on each of ``dates``, point in time: ``readings(s, D, p)[i] ==
    measure(s, D[i], p)``, the value at ``D[i]`` computed from data dated on or before it.

    Parameters
    ----------
    source, params, loaders
        As for :func:`measure`.
    dates : iterable of date-like
        The dates, in any order.
    shared : dict, optional
        The memo of loaded inputs, shared with other metrics' calls on the same source (a
        timeline of several claims); default one for this call.

    Returns
    -------
    list of Reading
        One per date, in the order given.
    """
    memo: dict = {} if shared is None else shared
    return [read(Context.on(source, day, loaders, memo), params) for day in dates]


def series(source: Source, dates: Iterable[date | str | pd.Timestamp], params: MetricParams,
           loaders: Loaders | None = None, shared: dict | None = None) -> pd.Series:
    """:func:`readings` as a float series indexed by date (NaN where there is no value)."""
    stamps = [to_timestamp(day) for day in dates]
    values = [r.value for r in readings(source, stamps, params, loaders, shared)]
    return pd.Series([float("nan") if v is None else v for v in values], index=pd.DatetimeIndex(stamps, name="date"),
                     name=params.metric, dtype=float)


def verdict(claim: ClaimBase, value: float | None) -> Verdict:
    """``supports`` when ``value <op> threshold`` holds, ``against`` when not, ``no_data``
    when there is no value."""
    if value is None or value != value:
        return "no_data"
    return "supports" if COMPARE[claim.op](float(value), claim.threshold) else "against"


__all__ = ["METRICS", "VERDICTS", "Context", "Loaders", "Reading", "Verdict", "measure", "read", "readings", "series",
           "verdict"]
