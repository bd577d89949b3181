"""Seasonality: monthly returns by year and the Santa-rally window, as of a date.

Every function uses only bars dated on or before ``as_of``, and a symbol's trading days come
from its own bars (no exchange calendar is assumed): the last five December bars of a symbol
are its last five December trading days.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.timeseries import to_timestamp

#: The Santa-rally window: the last five trading days of December and the first two of January
#: (Hirsch, *Stock Trader's Almanac*). A window is labelled by its December's year.
SANTA_DECEMBER_DAYS = 5
SANTA_JANUARY_DAYS = 2
#: Bootstrap of the mean Santa return: seeded, so a date always shows the same interval.
BOOTSTRAP_SEED = 20231128
BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_LEVEL = 0.90

MONTHLY_COLUMNS = ("year", "month", "return", "partial", "base_date", "end_date")
SANTA_COLUMNS = ("start", "end", "base_date", "base_close", "end_close", "return")


def _closes_to(close: pd.Series, as_of: date | str | pd.Timestamp) -> pd.Series:
    """The non-NaN closes dated on or before ``as_of``, sorted."""
    values = close.dropna().sort_index()
    return values.loc[: to_timestamp(as_of)]


def monthly_returns(close: pd.Series, as_of: date | str | pd.Timestamp) -> pd.DataFrame:
    """Month-by-month price returns up to ``as_of``, one row per month.

    ``return = C_m / C_{m-1} - 1`` with ``C_m`` the last close of month ``m`` (on or before
    ``as_of``) and ``C_{m-1}`` the last close of the month before it; the first month of data
    has no base and is left out. A month is ``partial`` when a weekday of it is still to
    come after the last bar on or before ``as_of`` (the as-of date falls inside it, or the
    data stops inside it); its return runs to that last bar.

    Returns
    -------
    DataFrame
        Columns :data:`MONTHLY_COLUMNS`, indexed by month (``Period[M]``).
    """
    values = _closes_to(close, as_of)
    if values.empty:
        return pd.DataFrame(columns=list(MONTHLY_COLUMNS), index=pd.PeriodIndex([], freq="M", name="month"))
    months = values.index.to_period("M")
    last = values.groupby(months).tail(1)
    periods = last.index.to_period("M")
    frame = pd.DataFrame({"end_date": last.index, "end_close": last.to_numpy()}, index=periods)
    frame.index.name = "month"
    frame["base_date"] = frame["end_date"].shift(1)
    frame["return"] = frame["end_close"] / frame["end_close"].shift(1) - 1
    # A gap month (no bars) would chain two months into one return: keep only direct successors.
    frame = frame[np.r_[False, np.diff(periods.asi8) == 1]]
    cutoff = min(to_timestamp(as_of), values.index[-1])
    month_end = frame.index.end_time.normalize()
    last_weekday = month_end - pd.to_timedelta(np.maximum(month_end.day_of_week - 4, 0), unit="D")
    frame["partial"] = (last_weekday > cutoff) & (frame["end_date"].to_numpy() < last_weekday)
    frame["year"] = frame.index.year
    frame["month"] = frame.index.month
    return frame[list(MONTHLY_COLUMNS)]


def monthly_table(monthly: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The returns as a year x month grid (columns 1..12) and the matching ``partial`` grid."""
    months = list(range(1, 13))
    grid = monthly.pivot(index="year", columns="month", values="return").reindex(columns=months)
    flags = monthly.assign(partial=monthly["partial"].astype(bool))
    partial = flags.pivot(index="year", columns="month", values="partial").reindex(columns=months)
    partial = partial.astype("boolean").fillna(False).astype(bool)
    return grid.astype("float64"), partial


def santa_windows(close: pd.Series, as_of: date | str | pd.Timestamp) -> pd.DataFrame:
    """The Santa-rally return of every window completed on or before ``as_of``.

    The window of December year ``Y`` is the last :data:`SANTA_DECEMBER_DAYS` bars of
    December ``Y`` and the first :data:`SANTA_JANUARY_DAYS` bars of January ``Y+1``; its
    return is ``C_end / C_base - 1`` with ``C_base`` the close of the bar before the window
    and ``C_end`` the close of its last bar. A window counts once its second January bar is
    on or before ``as_of`` (so December is known to be over); one without a bar before it or
    with fewer December or January bars than the window needs is left out.

    Returns
    -------
    DataFrame
        Indexed by December year (``year``), columns :data:`SANTA_COLUMNS`.
    """
    values = _closes_to(close, as_of)
    rows = {}
    index, prices = values.index, values.to_numpy()
    years, months = index.year.to_numpy(), index.month.to_numpy()
    december_rows, january_rows = np.flatnonzero(months == 12), np.flatnonzero(months == 1)
    for year in np.unique(years[december_rows]):
        december = december_rows[years[december_rows] == year]
        january = january_rows[years[january_rows] == year + 1]
        if len(december) < SANTA_DECEMBER_DAYS or len(january) < SANTA_JANUARY_DAYS:
            continue
        first, end = december[-SANTA_DECEMBER_DAYS], january[SANTA_JANUARY_DAYS - 1]
        if first == 0:
            continue
        base = first - 1
        rows[int(year)] = {"start": index[first], "end": index[end], "base_date": index[base],
                           "base_close": float(prices[base]), "end_close": float(prices[end]),
                           "return": float(prices[end] / prices[base] - 1)}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(SANTA_COLUMNS))
    frame.index = frame.index.astype("int64")
    frame.index.name = "year"
    return frame


@dataclass(frozen=True)
class SantaStats:
    """Summary of one symbol's Santa windows over the completed years in a span.

    ``hit_rate`` is the share of windows with a positive return; ``ci_low``/``ci_high`` the
    bootstrap interval of the mean (:func:`bootstrap_mean_interval`). Every statistic is
    ``None`` (with ``reason``) when no window is complete; the interval needs two windows.
    """

    symbol: str
    years: int
    first_year: int | None
    last_year: int | None
    hit_rate: float | None
    median: float | None
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str = ""


def bootstrap_mean_interval(values: np.ndarray | pd.Series, level: float = BOOTSTRAP_LEVEL,
                            resamples: int = BOOTSTRAP_RESAMPLES,
                            seed: int = BOOTSTRAP_SEED) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean (Efron & Tibshirani 1993, ch. 13).

    Draws ``resamples`` samples of ``len(values)`` with replacement from a
    ``numpy.random.default_rng(seed)``, and returns the ``(1 - level) / 2`` and
    ``(1 + level) / 2`` quantiles of their means. ``None`` for fewer than two values.
    """
    data = np.asarray(values, dtype="float64")
    data = data[~np.isnan(data)]
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    if resamples < 1:
        raise ValueError(f"resamples must be positive, got {resamples!r}")
    if len(data) < 2:
        return None
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(resamples, len(data)))].mean(axis=1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


def _span(windows: pd.DataFrame, first_year: int | None, last_year: int | None) -> pd.DataFrame:
    if first_year is not None and last_year is not None and first_year > last_year:
        raise ValueError(f"first_year {first_year!r} is after last_year {last_year!r}")
    keep = np.ones(len(windows), dtype=bool)
    if first_year is not None:
        keep &= windows.index >= first_year
    if last_year is not None:
        keep &= windows.index <= last_year
    return windows[keep]


def summarize_santa(windows: pd.DataFrame, symbol: str, first_year: int | None = None,
                    last_year: int | None = None) -> SantaStats:
    """:class:`SantaStats` of the windows from :func:`santa_windows` in ``[first_year, last_year]``."""
    returns = _span(windows, first_year, last_year)["return"].dropna()
    if returns.empty:
        span = (f" in {first_year or '…'}-{last_year or '…'}" if first_year or last_year else "")
        return SantaStats(symbol, 0, None, None, None, None, None, None, None,
                          reason=f"no Santa window of {symbol} is complete{span} by the as-of date")
    interval = bootstrap_mean_interval(returns)
    return SantaStats(
        symbol=symbol, years=len(returns), first_year=int(returns.index[0]), last_year=int(returns.index[-1]),
        hit_rate=float((returns > 0).mean()), median=float(returns.median()), mean=float(returns.mean()),
        ci_low=interval[0] if interval else None, ci_high=interval[1] if interval else None,
        reason="" if interval else "one window: no interval",
    )


def santa_stats(closes: pd.DataFrame, symbol: str, as_of: date | str | pd.Timestamp,
                first_year: int | None = None, last_year: int | None = None) -> SantaStats:
    """Santa-rally statistics of ``closes[symbol]`` over the windows completed by ``as_of``.

    The scorecard's entry point: ``closes`` is a wide frame of closes (one column per symbol,
    e.g. ``PriceBatch.closes()``). A symbol missing from ``closes`` gives zero years.
    """
    if symbol not in closes.columns:
        return SantaStats(symbol, 0, None, None, None, None, None, None, None, reason=f"no prices for {symbol}")
    return summarize_santa(santa_windows(closes[symbol], as_of), symbol, first_year, last_year)


@dataclass(frozen=True)
class BeatRate:
    """How often ``symbol``'s Santa return beat ``other``'s over the December years both have."""

    symbol: str
    other: str
    years: int
    beats: int

    @property
    def share(self) -> float | None:
        return self.beats / self.years if self.years else None


def santa_table(closes: pd.DataFrame, symbols: list[str] | tuple[str, ...],
                as_of: date | str | pd.Timestamp) -> pd.DataFrame:
    """Santa returns by December year (rows) and symbol (columns ``santa_return_<SYMBOL>``)."""
    columns = {f"santa_return_{s}": santa_windows(closes[s], as_of)["return"]
               for s in symbols if s in closes.columns}
    frame = pd.DataFrame(columns) if columns else pd.DataFrame()
    frame.index.name = "year"
    return frame.sort_index()


def beat_rate(closes: pd.DataFrame, symbol: str, other: str, as_of: date | str | pd.Timestamp,
              first_year: int | None = None, last_year: int | None = None) -> BeatRate:
    """How often ``symbol``'s window return exceeded ``other``'s, over the same December years."""
    return beat_rate_in(santa_table(closes, [symbol, other], as_of), symbol, other, first_year, last_year)


def beat_rate_in(table: pd.DataFrame, symbol: str, other: str, first_year: int | None = None,
                 last_year: int | None = None) -> BeatRate:
    """:func:`beat_rate` from a :func:`santa_table` already built (windows computed once)."""
    both = [f"santa_return_{symbol}", f"santa_return_{other}"]
    if not set(both) <= set(table.columns):
        return BeatRate(symbol, other, 0, 0)
    pairs = _span(table[both].dropna(), first_year, last_year)
    return BeatRate(symbol, other, len(pairs), int((pairs[both[0]] > pairs[both[1]]).sum()))


STATS_UNITS = {"years": "count", "first_year": "December year", "last_year": "December year",
               "hit_rate": "fraction", "median": "fraction", "mean": "fraction",
               "mean_ci90_low": "fraction", "mean_ci90_high": "fraction"}


def stats_frame(stats: list[SantaStats] | tuple[SantaStats, ...]) -> pd.DataFrame:
    """One row per symbol (:data:`STATS_UNITS` columns), for the table and its CSV."""
    rows = {s.symbol: {"years": s.years, "first_year": s.first_year, "last_year": s.last_year,
                       "hit_rate": s.hit_rate, "median": s.median, "mean": s.mean,
                       "mean_ci90_low": s.ci_low, "mean_ci90_high": s.ci_high} for s in stats}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(STATS_UNITS))
    frame.index.name = "symbol"
    return frame


def stats_in(table: pd.DataFrame, symbol: str, first_year: int | None = None,
             last_year: int | None = None) -> SantaStats:
    """:func:`santa_stats` from a :func:`santa_table` already built (windows computed once)."""
    column = f"santa_return_{symbol}"
    if column not in table.columns:
        return SantaStats(symbol, 0, None, None, None, None, None, None, None, reason=f"no prices for {symbol}")
    return summarize_santa(table[[column]].dropna().rename(columns={column: "return"}), symbol,
                           first_year, last_year)
