"""What every report section shares: JSON-safe numbers and dates, and the as-of check."""
from __future__ import annotations

import math
from datetime import date

import pandas as pd

from analytics.errors import AsOfError
from analytics.timeseries import to_timestamp

#: Decimals kept in the report: fractions to a millionth (0.0211 is 2.11%).
REPORT_DECIMALS = 6


def clean(value: float | None) -> float | None:
    """JSON has no NaN: a missing number becomes ``null``; others are rounded to 6 decimals."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else round(value, REPORT_DECIMALS)


def date_text(observation: tuple[pd.Timestamp, float] | None) -> str | None:
    """The date of a ``(date, value)`` observation as ``YYYY-MM-DD`` (``None`` if missing)."""
    return f"{observation[0]:%Y-%m-%d}" if observation else None


def not_in_future(as_of: date | str, today: date | None = None) -> pd.Timestamp:
    """``as_of`` as a Timestamp; :class:`AsOfError` for a date after ``today``."""
    stamp = to_timestamp(as_of)
    if stamp > pd.Timestamp(today or date.today()):
        raise AsOfError(f"as-of date {stamp:%Y-%m-%d} is in the future")
    return stamp


def check_as_of(as_of: date | str, first_date: pd.Timestamp, today: date | None = None) -> pd.Timestamp:
    """The as-of date as a Timestamp, or :class:`AsOfError` if it is before the data or in the future."""
    stamp = not_in_future(as_of, today)
    if stamp < first_date:
        raise AsOfError(f"as-of date {stamp:%Y-%m-%d} is before the first data ({first_date:%Y-%m-%d})")
    return stamp
