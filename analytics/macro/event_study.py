"""What small and large caps did after each Fed cycle event.

For an event on day ``d`` and a horizon of ``h`` months, the price return of an index is

    close(last trading day <= d + h calendar months) / close(last trading day <= d) - 1

for ^RUT (Russell 2000) and ^GSPC (S&P 500); ``small_minus_large`` is their difference.
A horizon that ends after the as-of date is *incomplete*: shown, but left out of the
statistics. An event before an index's first close, or a horizon past its last close, has
no return (*no prices*).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from analytics.macro.fed import EVENT_KINDS, FedEvent
from analytics.timeseries import STALE_AFTER_BUSINESS_DAYS, lags_behind, to_timestamp

SMALL_INDEX = "^RUT"
LARGE_INDEX = "^GSPC"
HORIZONS_MONTHS = (1, 3, 6, 12)
PATH_MONTHS = 12
HIGHLIGHT_YEAR = 2019
Status = Literal["complete", "incomplete", "no prices"]
DAYS_PER_MONTH = 365.25 / 12


def _close_on_or_before(close: pd.Series, when: pd.Timestamp) -> tuple[pd.Timestamp, float] | None:
    # ``close`` is sorted and NaN-free (see event_returns): a binary search, not a slice per
    # event (hundreds of events x horizons on every as-of date).
    at = int(close.index.searchsorted(when, side="right"))
    return (close.index[at - 1], float(close.iloc[at - 1])) if at else None


def event_returns(events: Sequence[FedEvent], closes: pd.DataFrame, as_of: date | str | pd.Timestamp,
                  horizons: Sequence[int] = HORIZONS_MONTHS) -> pd.DataFrame:
    """One row per event and horizon: returns of ^RUT and ^GSPC, their difference, a status.

    ``closes`` holds a column per index (missing columns count as no prices). Only closes
    dated on or before ``as_of`` are read.
    """
    stamp = to_timestamp(as_of)
    known = closes.loc[:stamp]
    indexes = {symbol: known[symbol].dropna() if symbol in known else pd.Series(dtype="float64")
               for symbol in (SMALL_INDEX, LARGE_INDEX)}
    rows = []
    for event in events:
        for months in horizons:
            end = event.date + pd.DateOffset(months=months)
            row = {"kind": event.kind, "date": event.date, "horizon_months": months, "horizon_end": end,
                   "rut_return": np.nan, "spx_return": np.nan}
            status: Status = "incomplete" if end > stamp else "complete"
            for column, symbol in (("rut_return", SMALL_INDEX), ("spx_return", LARGE_INDEX)):
                if status != "complete":
                    break
                close = indexes[symbol]
                base, last = _close_on_or_before(close, event.date), _close_on_or_before(close, end)
                if (base is None or last is None or lags_behind(base[0], event.date, STALE_AFTER_BUSINESS_DAYS)
                        or lags_behind(last[0], end, STALE_AFTER_BUSINESS_DAYS)):
                    status = "no prices"
                    break
                row[column] = last[1] / base[1] - 1
            if status != "complete":
                row["rut_return"] = row["spx_return"] = np.nan
            row["status"] = status
            rows.append(row)
    frame = pd.DataFrame(rows, columns=["kind", "date", "horizon_months", "horizon_end", "rut_return",
                                        "spx_return", "status"])
    frame["small_minus_large"] = frame["rut_return"] - frame["spx_return"]
    return frame


def event_stats(returns: pd.DataFrame) -> pd.DataFrame:
    """N, median, min and max of each return per event kind and horizon, complete rows only.

    Index: (kind, horizon_months); columns: ``n`` and ``<rut|spx|diff>_<median|min|max>``.
    Every kind and horizon gets a row, with ``n = 0`` and NaN statistics when no event
    is complete.
    """
    done = returns[returns["status"] == "complete"]
    horizons = sorted(returns["horizon_months"].unique()) if len(returns) else list(HORIZONS_MONTHS)
    rows = []
    for kind in EVENT_KINDS:
        for months in horizons:
            part = done[(done["kind"] == kind) & (done["horizon_months"] == months)]
            row = {"kind": kind, "horizon_months": int(months), "n": len(part)}
            for prefix, column in (("rut", "rut_return"), ("spx", "spx_return"), ("diff", "small_minus_large")):
                values = part[column]
                row[f"{prefix}_median"] = values.median() if len(values) else np.nan
                row[f"{prefix}_min"] = values.min() if len(values) else np.nan
                row[f"{prefix}_max"] = values.max() if len(values) else np.nan
            rows.append(row)
    return pd.DataFrame(rows).set_index(["kind", "horizon_months"])


def event_paths(events: Sequence[FedEvent], closes: pd.DataFrame, as_of: date | str | pd.Timestamp,
                months: int = PATH_MONTHS) -> dict[FedEvent, pd.DataFrame]:
    """For each event with prices: ^RUT, ^GSPC and ^RUT/^GSPC rebased to 100 on the event.

    Each frame is indexed by trading date from the last close on or before the event to
    ``months`` later (or the as-of date), with ``months_after`` as calendar months elapsed.
    """
    stamp = to_timestamp(as_of)
    if SMALL_INDEX not in closes or LARGE_INDEX not in closes:
        return {}
    pair = closes[[SMALL_INDEX, LARGE_INDEX]].loc[:stamp].dropna()
    paths = {}
    for event in events:
        before = pair.loc[: event.date]
        if before.empty or lags_behind(before.index[-1], event.date):
            continue
        window = pair.loc[before.index[-1]: min(event.date + pd.DateOffset(months=months), stamp)]
        rebased = 100 * window / window.iloc[0]
        frame = pd.DataFrame({
            "months_after": (window.index - event.date).days / DAYS_PER_MONTH,
            "rut": rebased[SMALL_INDEX], "spx": rebased[LARGE_INDEX],
            "rut_vs_spx": 100 * rebased[SMALL_INDEX] / rebased[LARGE_INDEX],
        }, index=window.index)
        paths[event] = frame
    return paths
