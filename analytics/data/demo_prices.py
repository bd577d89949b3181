"""The demo's synthetic prices: factors, profiles and bars, shared by the demo source and its funds.

A three-factor model drives every symbol: a market factor with clustered volatility (AR(1)
log-volatility), a size factor (small minus large) and a growth factor (Nasdaq minus rest).
Small caps therefore move with large caps (correlation about 0.85) but drift apart for
years, as in the thesis. Macro series come from :mod:`analytics.data.demo_macro`. Every draw is seeded:
the same date always shows the same numbers, whatever day the demo is run.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from analytics.catalog import SECTOR_ETFS, SMALLCAP_SECTOR_ETFS, TRADING_DAYS_PER_YEAR
from analytics.errors import DataUnavailableError

DEMO_SEED = 20231128
DEMO_START = pd.Timestamp("2000-01-03")
#: Generated to a fixed horizon, then cut at today, so a date's values never depend on when
#: the demo runs.
DEMO_HORIZON = pd.Timestamp("2030-12-31")
SECTORS = (
    "Industrials", "Financials", "Health Care", "Information Technology", "Consumer Discretionary",
    "Real Estate", "Energy", "Materials", "Utilities", "Consumer Staples", "Communication",
)
#: Trailing dividend yield per year (fraction), paid quarterly: it makes ``adj_close`` drift
#: from ``close`` as a total-return series does. Other symbols pay none (indices, crypto:
#: ``adj_close == close``); index members carry no ``adj_close``.
DIVIDEND_YIELDS = {"SPY": 0.013, "IWM": 0.012, "QQQ": 0.006, "RSP": 0.016, "DIA": 0.018}
#: Quarterly ex-dividend days: the first bar on or after the 15th of these months.
EX_DIVIDEND_MONTHS = (3, 6, 9, 12)
EX_DIVIDEND_DAY = 15
N_LARGE_MEMBERS = 120
N_SMALL_MEMBERS = 300
UNIVERSE_AS_OF = date(2025, 5, 13)


@dataclass(frozen=True)
class Profile:
    """Loadings of one synthetic symbol on the factors, and its own noise."""

    start_price: float
    beta_market: float = 1.0
    beta_size: float = 0.0
    beta_growth: float = 0.0
    idio_vol: float = 0.002
    listed: str = "2000-01-03"
    scale: float = 1.0


PROFILES: dict[str, Profile] = {
    "SPY": Profile(145.0, 1.0, 0.0, 0.0, 0.0008),
    "^GSPC": Profile(1455.0, 1.0, 0.0, 0.0, 0.0002),
    "IWM": Profile(50.0, 1.05, 1.0, 0.0, 0.0015, "2000-05-26"),
    "^RUT": Profile(500.0, 1.05, 1.0, 0.0, 0.0004),
    "QQQ": Profile(90.0, 1.1, -0.1, 1.0, 0.0012),
    "^NDX": Profile(3700.0, 1.1, -0.1, 1.0, 0.0004),
    "RSP": Profile(40.0, 0.97, 0.35, -0.15, 0.0012, "2003-05-01"),
    "DIA": Profile(110.0, 0.92, 0.0, -0.2, 0.0025),
    "BTC-USD": Profile(450.0, 0.6, 0.6, 0.8, 0.035, "2014-09-17"),
    "ETH-USD": Profile(300.0, 0.7, 0.8, 0.9, 0.045, "2017-11-09"),
    # Alts for the crypto page's equal-weighted basket (listing dates as on Yahoo).
    "XRP-USD": Profile(0.2, 0.8, 0.9, 0.8, 0.05, "2017-11-09"),
    "ADA-USD": Profile(0.03, 0.8, 1.0, 0.9, 0.055, "2017-11-09"),
    "SOL-USD": Profile(0.95, 0.9, 1.1, 1.0, 0.06, "2020-04-10"),
}
for _i, _etf in enumerate(SECTOR_ETFS):
    PROFILES[_etf] = Profile(20.0 + 3 * _i, 0.75 + 0.05 * _i, 0.1 * (_i % 3), 0.1 * (_i % 4 - 1),
                             0.006, "2018-06-19" if _etf == "XLC" else
                             "2015-10-08" if _etf == "XLRE" else "2000-01-03")
for _i, _etf in enumerate(SMALLCAP_SECTOR_ETFS):  # small-cap sector funds: size loading, listed 2010
    PROFILES[_etf] = Profile(15.0 + 2 * _i, 0.8 + 0.05 * _i, 0.8, 0.1 * (_i % 3 - 1), 0.007, "2010-04-07")

#: The demo S&P 500 holds the real Magnificent 7 tickers (synthetic prices, strong growth
#: loading) so the Mag 7 basket has something to show.
MAG7_DEMO = ("AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "META", "TSLA")
LARGE_MEMBERS = MAG7_DEMO + tuple(f"LC{i:03d}" for i in range(len(MAG7_DEMO) + 1, N_LARGE_MEMBERS + 1))
SMALL_MEMBERS = tuple(f"SC{i:03d}" for i in range(1, N_SMALL_MEMBERS + 1))


def seed_of(name: str) -> int:
    return DEMO_SEED ^ zlib.crc32(name.encode())


@lru_cache(maxsize=1)
def _calendar() -> pd.DatetimeIndex:
    return pd.bdate_range(DEMO_START, DEMO_HORIZON, name="date")


@lru_cache(maxsize=1)
def factor_paths() -> pd.DataFrame:
    """Daily factor returns: market with clustered volatility, size and growth."""
    days = _calendar()
    rng = np.random.default_rng(DEMO_SEED)
    n = len(days)
    log_vol = np.empty(n)
    log_vol[0] = np.log(0.011)
    shocks = rng.standard_normal(n)
    for t in range(1, n):  # AR(1) log-volatility: calm years, violent weeks
        log_vol[t] = np.log(0.009) + 0.985 * (log_vol[t - 1] - np.log(0.009)) + 0.05 * shocks[t]
    vol = np.exp(log_vol)
    market = 0.08 / TRADING_DAYS_PER_YEAR + vol * rng.standard_normal(n)
    # Size and growth regimes switch every few years, giving long spells of out/under-performance.
    years = days.year.to_numpy()
    size_drift = np.where((years % 8) < 4, 0.03, -0.05) / TRADING_DAYS_PER_YEAR
    growth_drift = np.where((years % 6) < 4, 0.05, -0.03) / TRADING_DAYS_PER_YEAR
    size = size_drift + 0.45 * vol * rng.standard_normal(n)
    growth = growth_drift + 0.40 * vol * rng.standard_normal(n)
    return pd.DataFrame({"market": market, "size": size, "growth": growth, "vol": vol}, index=days)


def _member_profile(symbol: str) -> Profile:
    rng = np.random.default_rng(seed_of(symbol))
    small = symbol.startswith("SC")
    if symbol in MAG7_DEMO:
        return Profile(start_price=float(rng.uniform(10, 40)), beta_market=1.15, beta_size=-0.4,
                       beta_growth=float(rng.uniform(1.3, 1.9)), idio_vol=0.015)
    listed = "2000-01-03"
    if rng.random() < 0.1:  # a few listings mid-history, to exercise "not enough history"
        listed = str(pd.Timestamp("2005-01-03") + pd.Timedelta(days=int(rng.integers(0, 7000))))[:10]
    return Profile(
        start_price=float(rng.uniform(8, 60) if small else rng.uniform(20, 150)),
        beta_market=float(rng.uniform(0.7, 1.4)),
        beta_size=float(rng.uniform(0.6, 1.3) if small else rng.uniform(-0.3, 0.2)),
        beta_growth=float(rng.uniform(-0.5, 0.8)),
        idio_vol=float(rng.uniform(0.012, 0.03) if small else rng.uniform(0.008, 0.018)),
        listed=listed,
    )


def _profile(symbol: str) -> Profile:
    if symbol in PROFILES:
        return PROFILES[symbol]
    if symbol in LARGE_MEMBERS or symbol in SMALL_MEMBERS:
        return _member_profile(symbol)
    raise DataUnavailableError(f"{symbol}: not in the demo data set")


@lru_cache(maxsize=1024)
def symbol_bars(symbol: str) -> pd.DataFrame:
    """Full-horizon OHLCV for one symbol (closes from compounded factor returns)."""
    profile = _profile(symbol)
    factors = factor_paths()
    rng = np.random.default_rng(seed_of(symbol))
    idio = profile.idio_vol * rng.standard_normal(len(factors))
    returns = (
        profile.beta_market * factors["market"].to_numpy()
        + profile.beta_size * factors["size"].to_numpy()
        + profile.beta_growth * factors["growth"].to_numpy()
        + idio
    )
    close = profile.start_price * np.exp(np.cumsum(np.log1p(returns)))
    day_range = np.abs(rng.standard_normal(len(close))) * (factors["vol"].to_numpy() + profile.idio_vol)
    prev_close = np.concatenate([[profile.start_price], close[:-1]])
    open_ = prev_close * (1 + 0.25 * factors["vol"].to_numpy() * rng.standard_normal(len(close)))
    high = np.maximum(open_, close) * (1 + 0.5 * day_range)
    low = np.minimum(open_, close) * (1 - 0.5 * day_range)
    volume = np.round(rng.lognormal(15, 0.4, len(close)))
    frame = pd.DataFrame(
        {"open": open_, "high": high, "low": low, "close": close, "volume": volume},
        index=factors.index,
    ).loc[pd.Timestamp(profile.listed):]
    if symbol not in PROFILES:  # index members: breadth reads closes only, keep their frames lean
        return frame
    return frame.assign(adj_close=adjusted_close(frame["close"], DIVIDEND_YIELDS.get(symbol, 0.0)))


def adjusted_close(close: pd.Series, annual_yield: float) -> pd.Series:
    """A split+dividend adjusted close for quarterly dividends of ``annual_yield / 4`` of the
    price, the way Yahoo adjusts (CRSP's factor): every close before an ex-dividend day ``x``
    is multiplied by ``1 - D_x / C_{x-1}``, with ``D_x`` the dividend and ``C_{x-1}`` the
    close before it. Adjusted back from the end of the demo horizon, so a date's value does not
    depend on the day the demo runs.
    """
    if annual_yield <= 0 or len(close) < 2:
        return close.copy()
    index = close.index
    candidate = pd.Series(index, index=index)[index.month.isin(EX_DIVIDEND_MONTHS) & (index.day >= EX_DIVIDEND_DAY)]
    ex_days = candidate.groupby([candidate.index.year, candidate.index.month]).min()
    ex_days = pd.DatetimeIndex(ex_days.to_numpy())
    ex_days = ex_days[ex_days > index[0]]
    # Dividend over the close before it: D_x / C_{x-1} = annual_yield / 4.
    step = pd.Series(1.0, index=index)
    step.loc[ex_days] = 1.0 - annual_yield / len(EX_DIVIDEND_MONTHS)
    # factor_t = product of step_x over ex-days x > t: a reversed cumulative product, shifted.
    after = step.iloc[::-1].cumprod().iloc[::-1].shift(-1, fill_value=1.0)
    return close * after


def demo_today() -> pd.Timestamp:
    return min(pd.Timestamp(date.today()), DEMO_HORIZON)
