"""Point-in-time helpers on hand-built series."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.errors import AsOfError
from analytics.timeseries import as_of, last_on_or_before, stale_symbols, to_timestamp


def bars(start: str, end: str) -> pd.DataFrame:
    index = pd.bdate_range(start, end, name="date")
    return pd.DataFrame({"close": range(len(index))}, index=index, dtype=float)


def test_as_of_keeps_the_as_of_day_and_nothing_after():
    frame = bars("2024-01-01", "2024-01-31")
    cut = as_of(frame, "2024-01-10")
    assert cut.index[-1] == pd.Timestamp("2024-01-10")
    assert (cut.index <= "2024-01-10").all()


def test_last_on_or_before_skips_nan_and_weekends():
    series = pd.Series([1.0, 2.0, float("nan")], index=pd.DatetimeIndex(["2024-01-04", "2024-01-05", "2024-01-08"]))
    # Sunday 2024-01-07 -> Friday; Monday's NaN is skipped.
    assert last_on_or_before(series, "2024-01-07") == (pd.Timestamp("2024-01-05"), 2.0)
    assert last_on_or_before(series, "2024-01-09") == (pd.Timestamp("2024-01-05"), 2.0)
    assert last_on_or_before(series, "2024-01-01") is None


def test_bad_date_is_a_typed_error():
    with pytest.raises(AsOfError):
        to_timestamp("2024-13-45")


def test_stale_symbols_counts_business_days_after_the_last_bar():
    frames = {
        "FRESH": bars("2024-01-01", "2024-03-01"),    # Friday; as of Monday: 1 business day
        "HOLIDAY": bars("2024-01-01", "2024-02-23"),  # 6 business days before 2024-03-04
        "EDGE": bars("2024-01-01", "2024-02-26"),     # exactly 5: still fine
        "FUTURE": bars("2024-01-01", "2024-06-28"),   # bars after the as-of date do not count
    }
    stale = stale_symbols(frames, "2024-03-04")
    assert stale == {"HOLIDAY": pd.Timestamp("2024-02-23")}


def test_stale_symbols_ignores_symbols_with_no_bar_yet():
    assert stale_symbols({"LATER": bars("2025-01-01", "2025-02-01")}, "2024-03-04") == {}
