"""Point-in-time helpers: nothing dated after ``as_of`` ever reaches a computation."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TypeVar

import numpy as np
import pandas as pd

from analytics.errors import AsOfError

Frame = TypeVar("Frame", pd.DataFrame, pd.Series)


@lru_cache(maxsize=4096)
def to_timestamp(when: date | str | pd.Timestamp) -> pd.Timestamp:
    """A tz-naive midnight ``Timestamp``; raises :class:`AsOfError` for an unparseable date.

    Cached: a page's tables call it for every symbol and window with the same few dates, and
    parsing one costs tens of microseconds (a ``Timestamp`` is immutable, so sharing is safe).
    """
    try:
        stamp = pd.Timestamp(when)
    except (ValueError, TypeError) as exc:
        raise AsOfError(f"{when!r} is not a date (use YYYY-MM-DD)") from exc
    if pd.isna(stamp):
        raise AsOfError(f"{when!r} is not a date (use YYYY-MM-DD)")
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


FRIDAY = 4  # pandas dayofweek


def week_ending_friday(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """Each date's week end, the Friday on or after it (``date + (4 - weekday) mod 7`` days):
    the bins of pandas' ``W-FRI``, computed at once rather than one offset at a time."""
    days = index.normalize()
    return days + pd.to_timedelta((FRIDAY - days.day_of_week) % 7, unit="D")


def as_of(data: Frame, when: date | str | pd.Timestamp) -> Frame:
    """Rows dated on or before ``when`` (the index must be a sorted ``DatetimeIndex``)."""
    return data.loc[: to_timestamp(when)]


def last_on_or_before(series: pd.Series, when: date | str | pd.Timestamp) -> tuple[pd.Timestamp, float] | None:
    """The last non-NaN observation dated on or before ``when``, or ``None``.

    ``series`` has a sorted ``DatetimeIndex``. A binary search and a scan of the values in
    numpy: this runs for every symbol and window of a returns table on every as-of date.
    """
    end = int(series.index.searchsorted(to_timestamp(when), side="right"))
    present = np.flatnonzero(pd.notna(series.to_numpy()[:end]))
    if not len(present):
        return None
    at = int(present[-1])
    return series.index[at], float(series.iloc[at])


#: A symbol whose last bar is more business days than this before the as-of date is called
#: out: a week of market holidays never reaches it, a delisted or stale series does.
STALE_AFTER_BUSINESS_DAYS = 5


def stale_symbols(frames: dict[str, pd.DataFrame], when: date | str | pd.Timestamp,
                  max_lag: int = STALE_AFTER_BUSINESS_DAYS) -> dict[str, pd.Timestamp]:
    """Symbols whose last bar on or before ``when`` is more than ``max_lag`` business days old.

    The lag is ``numpy.busday_count(last_bar, when)``: weekdays from the last bar up to, not
    including, the as-of date. Symbols with no bar at all are left to the caller's "no data" path.
    """
    stamp = to_timestamp(when)
    stale = {}
    for symbol, frame in frames.items():
        index = frame.index[frame.index <= stamp]
        if len(index) and lags_behind(index[-1], stamp, max_lag):
            stale[symbol] = index[-1]
    return stale


def lags_behind(last: date | str | pd.Timestamp, when: date | str | pd.Timestamp,
                max_lag: int = STALE_AFTER_BUSINESS_DAYS) -> bool:
    """Whether ``numpy.busday_count(last, when)`` exceeds ``max_lag`` business days."""
    return bool(np.busday_count(to_timestamp(last).date(), to_timestamp(when).date()) > max_lag)


def not_started(frames: dict[str, pd.DataFrame], when: date | str | pd.Timestamp) -> dict[str, pd.Timestamp]:
    """Symbols whose first bar comes after ``when``, with that first date (a replay before
    a listing: the page says where the data starts instead of showing nothing)."""
    stamp = to_timestamp(when)
    return {symbol: frame.index[0] for symbol, frame in frames.items()
            if len(frame.index) and frame.index[0] > stamp}
