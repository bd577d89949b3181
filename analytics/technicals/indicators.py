"""Moving averages, MACD and RSI through pandas-ta-classic, plus the signals read from them.

Indicators are computed on the whole history up to the as-of date, then the caller slices
what it shows: EMA-based values (MACD, RSI) need a long warm-up to equal TA-Lib's, and the
full history gives them hundreds of bars. ``talib=False`` is passed on purpose so the
numbers come from pandas-ta's own code, which the tests check against TA-Lib.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pandas_ta_classic as ta

from analytics.timeseries import as_of as truncate
from analytics.timeseries import week_ending_friday

MACD_FAST, MACD_SLOW, MACD_SIGNAL = 12, 26, 9
RSI_LENGTH = 14
DAILY_SMAS = (50, 200)
WEEKLY_SMA = 50
WEEK_RULE = "W-FRI"  # weeks end on Friday; the last one may be partial up to the as-of date
RSI_PERCENTILE_LOOKBACK = 252
#: Fewer bars than this draw no chart: one bar has no move to read.
MIN_BARS = 2
MACD_COLUMNS = (f"MACD_{MACD_FAST}_{MACD_SLOW}_{MACD_SIGNAL}",
                f"MACDh_{MACD_FAST}_{MACD_SLOW}_{MACD_SIGNAL}",
                f"MACDs_{MACD_FAST}_{MACD_SLOW}_{MACD_SIGNAL}")
Interval = Literal["daily", "weekly"]


def weekly_bars(bars: pd.DataFrame) -> pd.DataFrame:
    """Daily OHLCV resampled to weeks ending Friday, labelled with the week's last trading day.

    The last week may be partial: it ends at the last daily bar given. Each day is grouped on
    its week's Friday (``date + (4 - weekday) mod 7`` days), the bins of ``W-FRI``;
    ``pd.Grouper(freq="W-FRI")`` builds those bins one offset at a time, half this
    function's cost on decades of bars.
    """
    week = week_ending_friday(bars.index)
    grouped = bars.groupby(week)
    weekly = grouped.agg({"open": "first", "high": "max", "low": "min", "close": "last",
                          "volume": "sum"})
    # The week's last trading day, as a column aggregated like the others (a per-group
    # ``apply`` costs a Python call for each of thousands of weeks).
    last_day = pd.Series(bars.index, index=bars.index).groupby(week).max()
    weekly.index = pd.DatetimeIndex(last_day.reindex(weekly.index).to_numpy(), name="date")
    return weekly.dropna(subset=["close"])


def sma(close: pd.Series, length: int) -> pd.Series:
    """Simple moving average of the last ``length`` closes (NaN until ``length`` bars)."""
    out = ta.sma(close, length=length, talib=False)
    return out if out is not None else pd.Series(np.nan, index=close.index)


def rsi(close: pd.Series, length: int = RSI_LENGTH) -> pd.Series:
    """Wilder's relative strength index over ``length`` bars, as TA-Lib computes it:
    ``100 - 100 / (1 + RS)``, ``RS`` the ratio of Wilder-smoothed gains to losses."""
    out = ta.rsi(close, length=length, talib=False)
    return out if out is not None else pd.Series(np.nan, index=close.index)


def macd(close: pd.Series, fast: int = MACD_FAST, slow: int = MACD_SLOW, signal: int = MACD_SIGNAL) -> pd.DataFrame:
    """Appel's MACD (``EMA_fast - EMA_slow``), its signal line (``EMA_signal`` of it) and the
    histogram (their difference), as TA-Lib computes them; columns ``MACD_f_s_g``,
    ``MACDh_f_s_g``, ``MACDs_f_s_g`` (all NaN when there are too few bars)."""
    columns = [f"{kind}_{fast}_{slow}_{signal}" for kind in ("MACD", "MACDh", "MACDs")]
    out = ta.macd(close, fast=fast, slow=slow, signal=signal, talib=False)
    if out is None:
        return pd.DataFrame(np.nan, index=close.index, columns=columns)
    return out[columns]


def with_indicators(bars: pd.DataFrame, sma_lengths: tuple[int, ...] = DAILY_SMAS) -> pd.DataFrame:
    """``bars`` plus ``SMA_<n>``, ``MACD_12_26_9``, ``MACDh_...``, ``MACDs_...`` and ``RSI_14``
    (:func:`sma`, :func:`macd`, :func:`rsi`)."""
    close = bars["close"]
    out = bars.copy()
    for length in sma_lengths:
        out[f"SMA_{length}"] = sma(close, length)
    lines = macd(close)
    for column in MACD_COLUMNS:
        out[column] = lines[column]
    out[f"RSI_{RSI_LENGTH}"] = rsi(close)
    return out


def daily_and_weekly(bars: pd.DataFrame, as_of_date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicator frames on daily bars and on weekly bars, both using data up to ``as_of`` only.

    The daily frame also carries ``SMA_50W``: the 50-week average of the latest weekly
    close known on each day (completed weeks plus the week in progress).
    """
    daily_bars = truncate(bars, as_of_date)
    weekly = with_indicators(weekly_bars(daily_bars), sma_lengths=(WEEKLY_SMA,))
    daily = with_indicators(daily_bars)
    daily[f"SMA_{WEEKLY_SMA}W"] = partial_week_sma(daily_bars["close"], WEEKLY_SMA)
    return daily, weekly


def partial_week_sma(close: pd.Series, weeks: int) -> pd.Series:
    """On each day: mean of the previous ``weeks - 1`` weekly closes and today's close.

    This equals the weekly ``SMA_<weeks>`` of a week in progress, so it is what a weekly chart
    showed that day; it uses no close after the day.
    """
    week = close.index.to_period(WEEK_RULE)
    week_close = close.groupby(week).last()
    prior_sum = week_close.rolling(weeks - 1).sum().shift(1)
    return pd.Series((prior_sum.reindex(week).to_numpy() + close.to_numpy()) / weeks,
                     index=close.index, name=f"SMA_{weeks}W")


@dataclass(frozen=True)
class MacdState:
    """Where MACD stands against its signal line, and what close would flip it tomorrow."""

    macd: float
    signal: float
    hist: float
    above: bool
    bars_since_cross: int | None
    flip_close: float | None


def macd_flip_close(close: pd.Series) -> float | None:
    """The next close at which the MACD histogram would be exactly zero.

    With smoothing factors ``a = 2/(n+1)`` for the 12-, 26- and 9-period EMAs, the next
    histogram is ``(1 - a9) * (MACD' - signal)`` where
    ``MACD' = (1 - a12) * E12 - (1 - a26) * E26 + (a12 - a26) * C``. Setting
    ``MACD' = signal`` gives ``C = (signal - (1 - a12) E12 + (1 - a26) E26) / (a12 - a26)``.
    """
    fast = ta.ema(close, length=MACD_FAST, talib=False)
    slow = ta.ema(close, length=MACD_SLOW, talib=False)
    macd = ta.macd(close, fast=MACD_FAST, slow=MACD_SLOW, signal=MACD_SIGNAL, talib=False)
    if fast is None or slow is None or macd is None or np.isnan(macd[MACD_COLUMNS[2]].iloc[-1]):
        return None
    a_fast, a_slow = 2 / (MACD_FAST + 1), 2 / (MACD_SLOW + 1)
    signal = macd[MACD_COLUMNS[2]].iloc[-1]
    price = (signal - (1 - a_fast) * fast.iloc[-1] + (1 - a_slow) * slow.iloc[-1]) / (a_fast - a_slow)
    return float(price) if price > 0 else None


def macd_state(frame: pd.DataFrame) -> MacdState | None:
    """Read the MACD columns of :func:`with_indicators` at the last bar."""
    macd_col, hist_col, signal_col = MACD_COLUMNS
    valid = frame[[macd_col, hist_col, signal_col]].dropna()
    if valid.empty:
        return None
    hist = valid[hist_col]
    sign = np.sign(hist.to_numpy())
    changes = np.nonzero(sign[1:] != sign[:-1])[0]
    since = int(len(sign) - 1 - (changes[-1] + 1)) if len(changes) else None
    last = valid.iloc[-1]
    return MacdState(
        macd=float(last[macd_col]), signal=float(last[signal_col]), hist=float(last[hist_col]),
        above=bool(last[hist_col] > 0), bars_since_cross=since,
        flip_close=macd_flip_close(frame["close"]),
    )


def rsi_percentile(rsi: pd.Series, lookback: int = RSI_PERCENTILE_LOOKBACK) -> float | None:
    """Share of the last ``lookback`` RSI readings at or below the latest one (0..1)."""
    window = rsi.dropna().iloc[-lookback:]
    if window.empty:
        return None
    return float((window <= window.iloc[-1]).mean())


def close_vs_weekly_sma(daily: pd.DataFrame) -> tuple[float, float, float]:
    """Last close, its 50-week average (week in progress included) and ``close / average - 1``."""
    close = float(daily["close"].iloc[-1])
    average = float(daily[f"SMA_{WEEKLY_SMA}W"].iloc[-1])
    return close, average, (close / average - 1) if average == average else float("nan")
