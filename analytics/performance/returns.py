"""Price returns, rebasing and relative strength, all as of a date.

Every function takes closes (a wide frame, one column per symbol, ``DatetimeIndex``) and an
``as_of`` date, and uses only rows dated on or before it.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analytics.catalog import THESIS_DATE
from analytics.timeseries import as_of as truncate
from analytics.timeseries import last_on_or_before, to_timestamp

#: Look-back windows of the returns table, as calendar offsets from the as-of date.
WINDOWS = {
    "1w": pd.DateOffset(weeks=1),
    "1m": pd.DateOffset(months=1),
    "3m": pd.DateOffset(months=3),
    "1y": pd.DateOffset(years=1),
}
TABLE_COLUMNS = ("1w", "1m", "3m", "YTD", "1y")
RATIO_SMA_DAYS = 50
REBASE_LEVEL = 100.0


def year_end_before(when: date | str | pd.Timestamp) -> pd.Timestamp:
    """31 December of the year before ``when``: the base date of year-to-date returns."""
    stamp = to_timestamp(when)
    return pd.Timestamp(year=stamp.year - 1, month=12, day=31)


def period_return(close: pd.Series, start: date | str | pd.Timestamp,
                  end: date | str | pd.Timestamp) -> float:
    """Price return ``P_end / P_start - 1``.

    ``P_end`` is the last close on or before ``end`` and ``P_start`` the last close on or
    before ``start`` (so a year-to-date return starts from the previous year's last close,
    the convention of index providers). NaN when either close does not exist, or when the
    series has no close after ``start`` (a series that stopped before the window has no
    return over it, not a return of zero).
    """
    last = last_on_or_before(close, end)
    first = last_on_or_before(close, start)
    if last is None or first is None or first[1] == 0 or last[0] <= to_timestamp(start):
        return float("nan")
    return last[1] / first[1] - 1.0


#: Window names of a thesis' ``return`` metrics (DESIGN.md "Thesis file") and their offsets
#: back from the date: the returns table's, plus six months.
THESIS_WINDOWS = {**WINDOWS, "6m": pd.DateOffset(months=6)}
SINCE_PREFIX = "since:"


def window_start(window: str, as_of_date: date | str | pd.Timestamp) -> pd.Timestamp:
    """The base date of a return over ``window`` ending ``as_of_date``.

    ``1w``, ``1m``, ``3m``, ``6m``, ``1y``: that calendar offset back; ``ytd``: 31 December of
    the year before (:func:`year_end_before`); ``since:YYYY-MM-DD``: that day. The return
    starts from the last close on or before it (:func:`period_return`).
    """
    end = to_timestamp(as_of_date)
    key = window.lower()
    if key == "ytd":
        return year_end_before(end)
    if key.startswith(SINCE_PREFIX):
        return to_timestamp(key[len(SINCE_PREFIX):])
    if key not in THESIS_WINDOWS:
        raise ValueError(f"unknown window {window!r}; expected one of {', '.join(THESIS_WINDOWS)}, ytd or since:DATE")
    return end - THESIS_WINDOWS[key]


def window_starts(as_of_date: date | str | pd.Timestamp,
                  since: date | str | pd.Timestamp | None = None) -> dict[str, pd.Timestamp]:
    """Start date of each returns-table column, in display order."""
    end = to_timestamp(as_of_date)
    starts = {name: end - offset for name, offset in WINDOWS.items()}
    starts["YTD"] = year_end_before(end)
    starts = {name: starts[name] for name in TABLE_COLUMNS}
    if since is not None:
        starts["since"] = to_timestamp(since)
    return starts


def returns_table(closes: pd.DataFrame, as_of_date: date | str | pd.Timestamp,
                  since: date | str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Price returns (fractions) per symbol (rows) over each window (columns).

    Examples
    --------
    A close that goes 100 (31 Dec) -> 110 (as of) gives ``YTD = 0.10``.
    """
    end = to_timestamp(as_of_date)
    data = truncate(closes, end)
    starts = window_starts(end, since)
    return pd.DataFrame(
        {name: [period_return(data[s], start, end) for s in data.columns] for name, start in starts.items()},
        index=pd.Index(data.columns, name="symbol"),
    )


def rebase(closes: pd.DataFrame, start: date | str | pd.Timestamp,
           as_of_date: date | str | pd.Timestamp, level: float = REBASE_LEVEL) -> pd.DataFrame:
    """Every column scaled to ``level`` (100) at one common base date, from that date on.

    The base date is ``start``, or, when some column has no close by then (listed later), the
    first day every column has one: lines in one chart are always rebased at the same date,
    so their gaps are comparable. Each column's base is its last close on or before the base
    date: ``level * P_t / P_base``. Rows run from the base date to ``as_of``. Columns with no
    close at all by ``as_of`` are left out.
    """
    data = truncate(closes, as_of_date).dropna(axis=1, how="all")
    if data.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    base = max([to_timestamp(start)] + [data[c].first_valid_index() for c in data.columns])
    base_row = data.index[data.index <= base].max()
    out = {}
    for symbol in data.columns:
        column = data[symbol].dropna()
        out[symbol] = level * column.loc[base_row:] / column.loc[:base_row].iloc[-1]
    frame = pd.DataFrame(out)
    frame.loc[base_row] = level  # every line starts at the base, even if one market was shut that day
    frame = frame.sort_index()
    frame.index.name = "date"
    return frame


def rebase_date(rebased: pd.DataFrame) -> pd.Timestamp | None:
    """The common base date of :func:`rebase`'s output (its first row)."""
    return rebased.index[0] if len(rebased) else None


def relative_strength(closes: pd.DataFrame, numerator: str, denominator: str,
                      as_of_date: date | str | pd.Timestamp,
                      sma_days: int = RATIO_SMA_DAYS) -> pd.DataFrame:
    """The price ratio ``numerator / denominator`` on common dates and its simple moving average.

    A rising ratio means the numerator outperforms. Columns: ``ratio`` and ``SMA_<n>``.
    """
    data = truncate(closes[[numerator, denominator]], as_of_date).dropna()
    ratio = data[numerator] / data[denominator]
    return pd.DataFrame({"ratio": ratio, f"SMA_{sma_days}": ratio.rolling(sma_days).mean()})


def ratio_on(closes: pd.DataFrame, numerator: str, denominator: str,
             as_of_date: date | str | pd.Timestamp) -> float:
    """The ratio of the two closes on or before ``as_of`` (NaN if either is missing)."""
    a = last_on_or_before(closes[numerator], as_of_date)
    b = last_on_or_before(closes[denominator], as_of_date)
    return a[1] / b[1] if a and b and b[1] else float("nan")


def outperformance(table: pd.DataFrame, symbol: str, benchmark: str) -> pd.Series:
    """Return of ``symbol`` minus return of ``benchmark`` for each window (fractions)."""
    if symbol not in table.index or benchmark not in table.index:
        return pd.Series(np.nan, index=table.columns)
    return table.loc[symbol] - table.loc[benchmark]


#: Chart ranges offered on the Overview page (also their URL values). "YTD" starts at the
#: previous year's last close, "Thesis" at the article's date, "Custom" at a chosen date.
RANGE_PRESETS = ("YTD", "1Y", "3Y", "5Y", "10Y", "Thesis", "Custom")
_RANGE_OFFSETS = {"1Y": pd.DateOffset(years=1), "3Y": pd.DateOffset(years=3),
                  "5Y": pd.DateOffset(years=5), "10Y": pd.DateOffset(years=10)}
MIN_RATIO_WINDOW = pd.DateOffset(years=1)


def range_start(preset: str, as_of_date: date | str | pd.Timestamp,
                custom: date | str | pd.Timestamp | None = None,
                thesis_date: date | str = THESIS_DATE) -> pd.Timestamp:
    """The base date for a chart range preset (see :data:`RANGE_PRESETS`)."""
    end = to_timestamp(as_of_date)
    if preset == "YTD":
        return year_end_before(end)
    if preset in _RANGE_OFFSETS:
        return end - _RANGE_OFFSETS[preset]
    if preset == "Thesis":
        return to_timestamp(thesis_date)
    if preset == "Custom":
        if custom is None:
            raise ValueError("range 'Custom' needs a start date")
        return to_timestamp(custom)
    raise ValueError(f"unknown range {preset!r}; expected one of {', '.join(RANGE_PRESETS)}")


def ratio_window_start(start: pd.Timestamp, as_of_date: date | str | pd.Timestamp) -> pd.Timestamp:
    """Ratio charts show at least a year, so the 50-day average has a shape to read."""
    return min(to_timestamp(start), to_timestamp(as_of_date) - MIN_RATIO_WINDOW)


def ratio_signal(strength: pd.DataFrame) -> dict[str, float | str | None]:
    """Latest ratio, its moving average, the gap between them and the average's 20-day slope.

    ``gap = ratio / SMA - 1``; ``trend`` is ``"rising"`` when the average is above its value
    20 rows earlier.
    """
    sma_column = next(c for c in strength.columns if c.startswith("SMA_"))
    valid = strength.dropna()
    if valid.empty:
        return {"ratio": None, "sma": None, "gap": None, "trend": None, "date": None}
    last = valid.iloc[-1]
    earlier = valid[sma_column].iloc[-21] if len(valid) > 20 else float("nan")
    trend = None if np.isnan(earlier) else ("rising" if last[sma_column] > earlier else "falling")
    return {
        "ratio": float(last["ratio"]),
        "sma": float(last[sma_column]),
        "gap": float(last["ratio"] / last[sma_column] - 1),
        "trend": trend,
        "date": valid.index[-1],
    }
