"""Sector fund price returns over 1 week, 1 month, 3 months and year to date, with ranks.

Each return is ``P_end / P_start - 1`` (price, not total return) with ``P_end`` the last close
on or before the as-of date and ``P_start`` the last close on or before the as-of date minus
1 week / 1 month / 3 months, or the previous year's last close for YTD
(:func:`analytics.performance.returns.period_return`). Ranks are 1 = best within a group (the eleven
SPDR funds, the nine S&P SmallCap 600 funds), so they answer "which sectors led".
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from analytics.performance.returns import period_return, window_starts
from analytics.timeseries import lags_behind, to_timestamp
from analytics.valuation.sectors import SECTOR_OF_ETF

WINDOWS = ("1w", "1m", "3m", "YTD")
#: The rank change compares the last 3 months with the last week: laggards turning leaders.
RANK_FROM, RANK_TO = "3m", "1w"


def sector_returns(closes: Mapping[str, pd.Series], as_of: date | str | pd.Timestamp,
                   groups: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """One row per fund: returns, ranks, rank change and why a value is missing.

    Parameters
    ----------
    closes : mapping
        Fund -> close series (``DatetimeIndex``); a fund absent from it has no data here.
    as_of : date
        Only closes on or before it are used.
    groups : mapping
        Group label -> funds, ranked separately (e.g. ``{"S&P 500 sectors (SPDR)": (...)}``).

    Returns
    -------
    DataFrame
        Index ``symbol``; columns ``group``, ``sector``, ``1w``, ``1m``, ``3m``, ``YTD``
        (fractions, NaN when the window is not covered), ``rank_1w``, ``rank_1m``, ``rank_3m``,
        ``rank_YTD`` (1 = best in its group, among funds with a value), ``rank_change_3m_to_1w``
        (``rank_3m - rank_1w``: positive = climbed), ``first_date``, ``last_date`` and ``note``.
    """
    stamp = to_timestamp(as_of)
    starts = {w: s for w, s in window_starts(stamp).items() if w in WINDOWS}
    rows = []
    for group, funds in groups.items():
        for symbol in funds:
            row = {"symbol": symbol, "group": group, "sector": SECTOR_OF_ETF.get(symbol, ""),
                   "first_date": pd.NaT, "last_date": pd.NaT, "note": ""}
            series = closes.get(symbol)
            series = series.dropna() if series is not None else None
            if series is None or series.empty:
                row.update({w: np.nan for w in WINDOWS})
                row["note"] = "no prices from this source"
                rows.append(row)
                continue
            first, last = series.index[0], series.index[-1]
            row.update(first_date=first, last_date=last)
            row.update({w: period_return(series, start, stamp) for w, start in starts.items()})
            if stamp < first:
                row["note"] = f"n/a: listed {first:%Y-%m-%d}, after the as-of date"
            else:
                short = [w for w, start in starts.items() if start < first]
                if short:
                    row["note"] = f"{', '.join(short)} n/a: prices start {first:%Y-%m-%d}"
                through = series.index[series.index <= stamp][-1]
                if lags_behind(through, stamp):
                    row["note"] = "; ".join(filter(None, [
                        row["note"], f"prices end {through:%Y-%m-%d}: windows it does not reach are n/a"]))
            rows.append(row)
    table = pd.DataFrame(rows).set_index("symbol")
    for window in WINDOWS:
        table[f"rank_{window}"] = table.groupby("group")[window].rank(ascending=False, method="min")
    table["rank_change_3m_to_1w"] = table[f"rank_{RANK_FROM}"] - table[f"rank_{RANK_TO}"]
    return table


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table as the page shows it: returns in percent (1.61 = +1.61%), best week first."""
    out = table[["sector", *WINDOWS, "rank_1w", "rank_3m", "rank_change_3m_to_1w", "note"]].copy()
    out[list(WINDOWS)] = 100 * out[list(WINDOWS)]
    return out.sort_values(["rank_1w", "rank_3m"], na_position="last")
