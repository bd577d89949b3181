"""Deterministic synthetic FRED series for the demo source: every id of the macro catalogue.

A stylised policy path drives everything: a single fed funds target (``DFEDTAR``) from 1985
to 2008-12-15 and a quarter-point range (``DFEDTARU``/``DFEDTARL``) from 2008-12-16, with
hike-pause-cut cycles shaped like the Fed's since 1985 but on made-up dates (the 15th of a
month). Effective fed funds sit at the target; the 2-year yield leans on the average fed funds of
the next two years (so it falls below fed funds before cuts, as in the market); foreign
banks follow the Fed's path some months ahead or behind. Seeded: a date always shows the
same numbers. Not market data.
"""
from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np
import pandas as pd

from analytics.data.fred_catalogue import CATALOGUE, CENTRAL_BANKS, TARGET_RANGE_START

MACRO_SEED = 20231128
MACRO_START = pd.Timestamp("1985-01-01")
#: Same fixed horizon as the demo prices: generated once, then cut at today.
MACRO_HORIZON = pd.Timestamp("2030-12-31")

#: (first day in effect, target %): the single target to 2008-12-15, the upper bound after.
TARGET_MOVES = (
    ("1985-01-01", 8.25), ("1986-03-15", 7.75), ("1986-07-15", 7.0), ("1986-09-15", 6.0),
    ("1987-05-15", 6.75), ("1987-09-15", 7.25), ("1988-04-15", 7.5), ("1988-08-15", 8.25),
    ("1988-12-15", 9.0), ("1989-03-15", 9.75), ("1989-07-15", 9.25), ("1990-07-15", 8.0),
    ("1990-12-15", 7.0), ("1991-04-15", 5.75), ("1991-09-15", 5.0), ("1992-04-15", 3.75),
    ("1992-09-15", 3.0), ("1994-02-15", 3.25), ("1994-04-15", 3.75), ("1994-06-15", 4.25),
    ("1994-09-15", 4.75), ("1994-11-15", 5.5), ("1995-02-15", 6.0), ("1995-07-15", 5.75),
    ("1996-01-15", 5.25), ("1997-03-15", 5.5), ("1998-09-15", 5.25), ("1998-11-15", 4.75),
    ("1999-06-15", 5.0), ("1999-09-15", 5.25), ("1999-11-15", 5.5), ("2000-02-15", 5.75),
    ("2000-03-15", 6.0), ("2000-05-15", 6.5), ("2001-01-15", 6.0), ("2001-03-15", 5.0),
    ("2001-05-15", 4.0), ("2001-08-15", 3.5), ("2001-10-15", 2.5), ("2001-12-15", 1.75),
    ("2002-11-15", 1.25), ("2003-06-15", 1.0), ("2004-07-01", 1.25), ("2004-09-15", 1.75),
    ("2004-12-15", 2.25), ("2005-03-15", 2.75), ("2005-06-15", 3.25), ("2005-09-15", 3.75),
    ("2005-12-15", 4.25), ("2006-03-15", 4.75), ("2006-07-01", 5.25), ("2007-09-15", 4.75),
    ("2007-12-15", 4.25), ("2008-01-15", 3.0), ("2008-03-15", 2.25), ("2008-10-15", 1.5),
    ("2008-11-15", 1.0), ("2008-12-16", 0.25), ("2015-12-15", 0.5), ("2016-12-15", 0.75),
    ("2017-03-15", 1.0), ("2017-06-15", 1.25), ("2017-12-15", 1.5), ("2018-03-15", 1.75),
    ("2018-06-15", 2.0), ("2018-09-15", 2.25), ("2018-12-15", 2.5), ("2019-07-15", 2.25),
    ("2019-09-15", 2.0), ("2019-10-15", 1.75), ("2020-03-15", 0.25), ("2022-03-15", 0.5),
    ("2022-05-15", 1.0), ("2022-06-15", 1.75), ("2022-07-15", 2.5), ("2022-09-15", 3.25),
    ("2022-11-15", 4.0), ("2022-12-15", 4.5), ("2023-02-15", 4.75), ("2023-03-15", 5.0),
    ("2023-05-15", 5.25), ("2023-07-15", 5.5), ("2024-09-15", 5.0), ("2024-11-15", 4.75),
    ("2024-12-15", 4.5), ("2025-09-15", 4.25), ("2025-10-15", 4.0), ("2025-12-15", 3.75),
    ("2027-03-15", 3.5),
)
RANGE_WIDTH = 0.25
#: Months with NBER-style recessions (first and last month at 1).
RECESSIONS = (("1990-08-01", "1991-03-01"), ("2001-04-01", "2001-11-01"), ("2008-01-01", "2009-06-01"),
              ("2020-03-01", "2020-04-01"))
INFLATION_KNOTS = (
    ("1985-01-01", 3.6), ("1987-01-01", 1.5), ("1990-10-01", 6.2), ("1994-01-01", 2.6), ("1998-06-01", 1.5),
    ("2000-06-01", 3.5), ("2003-01-01", 2.0), ("2008-07-01", 5.0), ("2009-07-01", -1.5), ("2011-09-01", 3.8),
    ("2015-06-01", 0.2), ("2019-01-01", 2.0), ("2020-05-01", 0.3), ("2021-06-01", 7.0), ("2022-06-01", 8.0), ("2022-12-01", 3.5), ("2023-11-01", 3.0),
    ("2025-06-01", 2.6), ("2030-12-01", 2.3),
)
UNEMPLOYMENT_KNOTS = (
    ("1985-01-01", 7.3), ("1989-03-01", 5.0), ("1992-06-01", 7.8), ("2000-04-01", 3.9), ("2003-06-01", 6.3),
    ("2007-05-01", 4.4), ("2009-10-01", 10.0), ("2019-09-01", 3.5), ("2020-04-01", 14.7), ("2021-12-01", 3.9),
    ("2023-04-01", 3.4), ("2025-06-01", 4.2), ("2030-12-01", 4.4),
)
LONG_RATE_KNOTS = (
    ("1985-01-01", 10.5), ("1993-10-01", 5.5), ("2000-01-01", 6.5), ("2003-06-01", 3.5), ("2007-06-01", 5.0),
    ("2012-07-01", 1.6), ("2018-10-01", 3.1), ("2020-08-01", 1.0), ("2023-10-01", 4.3), ("2030-12-01", 4.2),
)
HY_SPREAD_KNOTS = (
    ("1996-12-31", 3.2), ("1998-10-01", 6.0), ("2000-12-01", 9.0), ("2002-10-01", 10.5), ("2004-06-01", 3.5),
    ("2007-06-01", 2.5), ("2008-12-15", 20.0), ("2009-12-01", 6.5), ("2011-10-01", 7.5), ("2014-06-01", 3.4),
    ("2016-02-01", 8.5), ("2018-01-01", 3.3), ("2018-12-01", 5.3), ("2020-03-23", 10.5), ("2021-06-01", 3.0),
    ("2022-07-01", 5.8), ("2023-11-01", 3.9), ("2025-12-01", 3.0), ("2030-12-31", 3.5),
)
HY_START = "1996-12-31"
#: Months the demo leaves out, as the real series do (no October 2025 CPI or household survey).
MISSING_MONTHS = {"CPILFESL": ("2025-10-01",), "SAHMREALTIME": ("2025-10-01",)}
#: Foreign banks: (level offset, beta to the Fed, months ahead of the Fed, floor, step, first, last).
BANK_SHAPES = {
    "ECBDFR": (-1.0, 0.8, 3, -0.5, 0.25, "1999-01-01", None),
    "BOERUKM": (0.5, 0.9, 1, 0.1, 0.25, "1985-01-01", None),
    "IRSTCB01CAM156N": (0.25, 0.9, 4, 0.25, 0.25, "1985-01-01", None),
    "IRSTCB01JPM156N": (0.0, 0.05, 0, -0.1, 0.1, "1985-01-01", "2023-12-01"),
    "IRSTCB01CHM156N": (-1.5, 0.6, 6, -0.75, 0.25, "1985-01-01", None),
    "IRSTCI01AUM156N": (1.0, 0.7, -2, 0.1, 0.25, "1990-01-01", None),
    "IRSTCB01SEM156N": (-0.5, 0.8, 5, -0.5, 0.25, "1994-06-01", None),
    "IRSTCB01NOM156N": (0.75, 0.8, -1, 0.0, 0.25, "1991-01-01", None),
    "IRSTCI01NZM156N": (1.5, 0.9, 2, 0.25, 0.25, "1999-03-01", None),
    "IRSTCB01KRM156N": (0.5, 0.6, 5, 0.5, 0.25, "1999-05-01", None),
    "IRSTCB01BRM156N": (7.0, 1.2, 13, 2.0, 0.5, "1996-06-01", None),
    "IRSTCB01MXM156N": (4.5, 1.0, 9, 3.0, 0.25, "2008-01-01", None),
    "IRSTCB01INM156N": (3.0, 0.5, 7, 4.0, 0.25, "2000-04-01", "2023-12-01"),
}


def _seed(name: str) -> int:
    return MACRO_SEED ^ zlib.crc32(name.encode())


def _knots(knots: tuple[tuple[str, float], ...], index: pd.DatetimeIndex) -> np.ndarray:
    x = pd.DatetimeIndex([k[0] for k in knots]).asi8
    return np.interp(index.asi8, x, [k[1] for k in knots])


def _steps(moves: tuple[tuple[str, float], ...], index: pd.DatetimeIndex) -> pd.Series:
    changes = pd.Series([m[1] for m in moves], index=pd.DatetimeIndex([m[0] for m in moves]))
    return changes.reindex(index.union(changes.index)).ffill().reindex(index)


def _monthly(daily: pd.Series) -> pd.Series:
    return daily.resample("MS").mean()


def _forward_mean(values: pd.Series, days: int) -> pd.Series:
    return values[::-1].rolling(days, min_periods=1).mean()[::-1]


@lru_cache(maxsize=1)
def _policy() -> tuple[pd.DatetimeIndex, pd.Series]:
    daily = pd.date_range(MACRO_START, MACRO_HORIZON, freq="D", name="date")
    return daily, _steps(TARGET_MOVES, daily)


def _bank_rate(series_id: str, upper: pd.Series) -> pd.Series:
    offset, beta, lead, floor, step, first, last = BANK_SHAPES[series_id]
    ahead = upper.shift(-int(round(lead * 30.44))).ffill()
    raw = np.maximum(floor, offset + beta * ahead.to_numpy())
    rate = pd.Series(np.round(raw / step) * step, index=upper.index)
    rate = rate.loc[first: last or MACRO_HORIZON]
    return rate if CATALOGUE[series_id].frequency == "daily" else _monthly(rate).round(2)


@lru_cache(maxsize=1)
def macro_series() -> dict[str, pd.Series]:
    """Every catalogue id, full horizon (the demo source cuts at today)."""
    daily, upper = _policy()
    rng = np.random.default_rng(_seed("macro"))
    business = daily[daily.day_of_week < 5]
    monthly = pd.date_range(MACRO_START, MACRO_HORIZON, freq="MS", name="date")
    range_start = pd.Timestamp(TARGET_RANGE_START)
    in_range = daily >= range_start
    lower = (upper - RANGE_WIDTH).clip(lower=0.0)
    # Fed funds: at the single target, or 8 bp above the range's floor, with a little noise.
    dff = np.where(in_range, lower + 0.08, upper) + 0.02 * rng.standard_normal(len(daily))
    dff = pd.Series(np.round(np.clip(dff, 0.04, None), 2), index=daily)
    dgs2 = (0.35 * dff + 0.65 * _forward_mean(dff, 730) + 0.1
            + 0.08 * rng.standard_normal(len(daily))).clip(lower=0.1)
    long_rate = pd.Series(_knots(LONG_RATE_KNOTS, daily), index=daily)
    dgs10 = (0.3 * dgs2 + 0.7 * long_rate + 0.2 + 0.05 * rng.standard_normal(len(daily))).clip(lower=0.3)
    bill_3m = _forward_mean(dff, 91)
    inflation = _knots(INFLATION_KNOTS, monthly) + 0.15 * rng.standard_normal(len(monthly))
    core = pd.Series(inflation, index=monthly).rolling(9, min_periods=1).mean().to_numpy() * 0.8 + 0.5
    cpi = 105.3 * np.cumprod(1 + inflation / 100 / 12)
    core_cpi = 106.0 * np.cumprod(1 + core / 100 / 12)
    core_pce = 49.0 * np.cumprod(1 + (core - 0.35) / 100 / 12)
    unrate = pd.Series(np.round(_knots(UNEMPLOYMENT_KNOTS, monthly) + 0.05 * rng.standard_normal(len(monthly)), 1),
                       index=monthly)
    three_month = unrate.rolling(3).mean()
    sahm = (three_month - three_month.shift(1).rolling(12).min()).clip(lower=0).round(2)
    usrec = pd.Series(0.0, index=monthly)
    for first, last in RECESSIONS:
        usrec.loc[first:last] = 1.0
    weeks = pd.date_range(MACRO_START, MACRO_HORIZON, freq="W-SAT", name="date")
    weekly_un = np.interp(weeks.asi8, monthly.asi8, unrate.to_numpy())
    icsa = np.round((210_000 + 70_000 * (weekly_un - 4.0)) * np.exp(0.04 * rng.standard_normal(len(weeks))), -3)
    hy_days = business[business >= HY_START]
    hy = _knots(HY_SPREAD_KNOTS, hy_days) * np.exp(0.03 * rng.standard_normal(len(hy_days)))
    fridays = weeks - pd.Timedelta(days=1)
    nfci = -0.45 + 0.18 * (np.interp(fridays.asi8, hy_days.asi8, hy) - 4.0) + 0.03 * rng.standard_normal(len(weeks))
    recession_prob = (100 * usrec.rolling(3, center=True, min_periods=1).mean()
                      + np.abs(rng.standard_normal(len(monthly)))).clip(0, 100).round(2)
    series = {
        "DFF": dff,
        "DFEDTAR": upper.loc[: range_start - pd.Timedelta(days=1)],
        "DFEDTARU": upper.loc[range_start:],
        "DFEDTARL": lower.loc[range_start:],
        "FEDFUNDS": _monthly(dff).round(2),
        "CPIAUCSL": pd.Series(np.round(cpi, 3), index=monthly),
        "CPILFESL": pd.Series(np.round(core_cpi, 3), index=monthly),
        "PCEPILFE": pd.Series(np.round(core_pce, 3), index=monthly),
        "UNRATE": unrate,
        "SAHMREALTIME": sahm.dropna(),
        "ICSA": pd.Series(icsa, index=weeks),
        "DGS2": dgs2.round(2).reindex(business),
        "DGS10": dgs10.round(2).reindex(business),
        "T10Y2Y": (dgs10 - dgs2).round(2).reindex(business),
        "T10Y3M": (dgs10 - bill_3m).round(2).reindex(business),
        "BAMLH0A0HYM2": pd.Series(np.round(hy, 2), index=hy_days),
        "NFCI": pd.Series(np.round(nfci, 3), index=fridays),
        "USREC": usrec,
        "RECPROUSM156N": recession_prob,
    }
    series.update({bank.spec.series_id: _bank_rate(bank.spec.series_id, upper) for bank in CENTRAL_BANKS})
    for series_id, months in MISSING_MONTHS.items():
        series[series_id] = series[series_id].drop(pd.DatetimeIndex(months), errors="ignore")
    return series
