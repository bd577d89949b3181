"""Point in time: which observations of a macro series were public on a given day.

A monthly figure is dated the first of its month but only read weeks later. Two ways to
replay what was known:

* ALFRED vintages (``fredapi.Fred.get_series_as_of_date``): the series exactly as FRED
  published it on the day, revisions not yet made included. Used when the source offers
  ``fred_vintage`` (the live source with a FRED key) and the as-of date is in the past.
* the catalogue's release lag: an observation counts from ``period end + release_lag_days``
  (CPI for October counts from 15 November). Values are today's revised ones.

Every figure keeps its period, so the page can say "CPI, Oct 2023: +3.2% y/y".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from analytics.data.fred_catalogue import SeriesSpec
from analytics.timeseries import to_timestamp

Method = Literal["vintage", "release lag"]
MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Figure:
    """One published number and the period it is for."""

    value: float
    period: pd.Timestamp
    frequency: str
    available_from: pd.Timestamp

    @property
    def period_key(self) -> str:
        """``YYYY-MM`` for monthly figures, ``YYYY-MM-DD`` otherwise."""
        return f"{self.period:%Y-%m}" if self.frequency == "monthly" else f"{self.period:%Y-%m-%d}"

    @property
    def period_label(self) -> str:
        """``Oct 2023`` for monthly figures, ``2023-11-28`` otherwise."""
        return f"{self.period:%b %Y}" if self.frequency == "monthly" else f"{self.period:%Y-%m-%d}"


def period_end(index: pd.DatetimeIndex, spec: SeriesSpec) -> pd.DatetimeIndex:
    """The last day each observation covers: month end for monthly series, the date otherwise."""
    index = pd.DatetimeIndex(index)
    if spec.frequency == "monthly":
        return index + pd.offsets.MonthEnd(0)
    return index


def available_from(index: pd.DatetimeIndex, spec: SeriesSpec) -> pd.DatetimeIndex:
    """First day each observation is public: ``period_end + release_lag_days``."""
    return period_end(index, spec) + pd.Timedelta(days=spec.release_lag_days)


def published_by(series: pd.Series, spec: SeriesSpec, as_of: date | str | pd.Timestamp) -> pd.Series:
    """The observations of ``series`` public on ``as_of`` under the release-lag rule."""
    stamp = to_timestamp(as_of)
    return series[available_from(series.index, spec) <= stamp]


def latest_figure(series: pd.Series, spec: SeriesSpec, as_of: date | str | pd.Timestamp) -> Figure | None:
    """The newest non-NaN value of an already point-in-time series (``None`` when empty)."""
    values = series.loc[: to_timestamp(as_of)].dropna()
    if values.empty:
        return None
    period = values.index[-1]
    return Figure(float(values.iloc[-1]), period, spec.frequency,
                  available_from(pd.DatetimeIndex([period]), spec)[0])


def year_over_year(series: pd.Series) -> pd.Series:
    """Monthly change over twelve months, matched by date: ``x[t] / x[t - 12 months] - 1``.

    Matching dates, not positions: a missing month (October 2025 in CPILFESL) never makes
    ``t`` be compared with ``t - 13 months``. NaN when either month is missing.
    """
    monthly = series.dropna()
    monthly = monthly[~monthly.index.duplicated(keep="last")].sort_index()
    prior_dates = monthly.index - pd.DateOffset(months=MONTHS_PER_YEAR)
    prior = monthly.reindex(prior_dates).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        values = monthly.to_numpy() / prior - 1.0
    return pd.Series(values, index=monthly.index, name=f"{series.name}_YOY" if series.name else "YOY")


def carried_to(series: pd.Series, index: pd.DatetimeIndex) -> pd.Series:
    """``series`` on ``index``'s dates, each its last value on or before the date (a daily rate
    carried over weekends to Treasury days)."""
    return series.reindex(series.index.union(index)).ffill().reindex(index)


def aligned_spread(a: pd.Series, b: pd.Series) -> pd.Series:
    """``a - b`` on ``a``'s dates, ``b`` carried to them (:func:`carried_to`); dates where
    either is missing are dropped."""
    return (a - carried_to(b, a.index)).dropna()


def change_over(series: pd.Series, months: int) -> float | None:
    """The latest value minus the last value on or before ``months`` calendar months earlier,
    ``x[t] - x[t - months]``, in the series' units; ``None`` when it does not reach back."""
    values = series.dropna()
    if values.empty:
        return None
    base = values.loc[: values.index[-1] - pd.DateOffset(months=months)]
    return float(values.iloc[-1] - base.iloc[-1]) if len(base) else None


def known_on(full: pd.Series, spec: SeriesSpec, as_of: date | str | pd.Timestamp,
             vintage: pd.Series | None = None) -> tuple[pd.Series, Method]:
    """What could be read on ``as_of``: the ALFRED vintage when given, else the lag rule."""
    stamp = to_timestamp(as_of)
    if vintage is not None:
        return vintage.loc[:stamp], "vintage"
    return published_by(full.loc[:stamp], spec, stamp), "release lag"
