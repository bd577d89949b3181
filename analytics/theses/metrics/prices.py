"""Price metrics: returns, a close against its average, RSI, MACD and Fibonacci progress.

Each is the Overview's or the Technicals page's own computation (:mod:`analytics.performance.returns`,
:mod:`analytics.technicals.indicators`, :mod:`analytics.technicals.fibonacci`) on the closes
known on the date. Figures whose last close is well before the date are no reading of it
(:meth:`Context.stale`).
"""
from __future__ import annotations

import statistics

import pandas as pd

from analytics.performance.returns import period_return, window_start
from analytics.technicals import fibonacci, indicators
from analytics.theses.catalogue import (
    CloseVsAverageParams,
    FibProgressParams,
    MacdHistogramParams,
    ReturnParams,
    ReturnSpreadParams,
    RsiParams,
)
from analytics.theses.metrics.context import Context, Reading

#: How ``return_spread`` picks among the other symbols' returns.
PICKS = {"best": max, "worst": min, "mean": statistics.fmean}


def _returns(ctx: Context, symbols: list[str], window: str) -> dict[str, float] | Reading:
    """Each symbol's return over ``window`` (:func:`period_return` from :func:`window_start`),
    or the :class:`Reading` that says why there is none."""
    closes = ctx.closes(symbols)
    start = window_start(window, ctx.as_of)
    for symbol in symbols:
        why = ctx.stale(closes[symbol].last_valid_index(), symbol)
        if why:
            return Reading.missing(why)
    out = {s: period_return(closes[s].dropna(), start, ctx.as_of) for s in symbols}
    lacking = [s for s, v in out.items() if v != v]
    if lacking:
        closes_known = closes[lacking].dropna(how="all")
        if len(closes_known.loc[:start]) == 0:
            return Reading.missing(f"no close of {', '.join(lacking)} on or before {start:%Y-%m-%d}")
        # The window starts on (or after) the last close: no return over it yet.
        return Reading.missing(f"the window starts {start:%Y-%m-%d}: no close after it by {ctx.day}")
    return out


def return_metric(ctx: Context, params: ReturnParams) -> Reading:
    """Price return ``close(t1) / close(t0) - 1``: ``t1`` the last close on or before the date,
    ``t0`` the last close on or before the window's start (index providers' convention)."""
    returns = _returns(ctx, [params.symbol], params.window)
    return returns if isinstance(returns, Reading) else Reading(returns[params.symbol])


def return_spread(ctx: Context, params: ReturnSpreadParams) -> Reading:
    """``return(symbol) - pick(return(a) for a in against)``, ``pick`` the max (``best``), min
    (``worst``) or mean, in fraction points (negative: the symbol lagged)."""
    symbols = list(dict.fromkeys([params.symbol, *params.against]))
    returns = _returns(ctx, symbols, params.window)
    if isinstance(returns, Reading):
        return returns
    return Reading(returns[params.symbol] - PICKS[params.pick]([returns[a] for a in params.against]))


def close_vs_average(ctx: Context, params: CloseVsAverageParams) -> Reading:
    """``close / SMA_N - 1``: ``SMA_N`` the mean of the last N daily closes, or with ``weeks``
    of the last N weekly closes, weeks ending Friday and the week in progress counted at the
    last close (the Technicals page's weekly average, :func:`indicators.partial_week_sma`)."""
    close = ctx.bars(params.symbol)["close"].dropna()
    why = ctx.stale(close.index[-1] if len(close) else None, params.symbol)
    if why:
        return Reading.missing(why)
    if params.weeks is not None:
        average, span = indicators.partial_week_sma(close, params.weeks), f"{params.weeks} weeks"
    else:
        average, span = indicators.sma(close, params.days), f"{params.days} days"
    value = close.iloc[-1] / average.iloc[-1] - 1 if len(close) else None
    return Reading.of(value, f"{params.symbol} has fewer than {span} of closes by {ctx.day}")


def _series_for(ctx: Context, symbol: str, bars: str) -> pd.Series | Reading:
    """Closes of daily bars, or of weekly bars ending Friday (the last week partial)."""
    daily = ctx.bars(symbol)
    why = ctx.stale(daily.index[-1] if len(daily) else None, symbol)
    if why:
        return Reading.missing(why)
    return (indicators.weekly_bars(daily) if bars == "weekly" else daily)["close"]


def rsi(ctx: Context, params: RsiParams) -> Reading:
    """Wilder's RSI of ``length`` bars at the last bar (:func:`indicators.rsi`, TA-Lib's values)."""
    close = _series_for(ctx, params.symbol, params.bars)
    if isinstance(close, Reading):
        return close
    values = indicators.rsi(close, params.length)
    return Reading.of(values.iloc[-1] if len(values) else None,
                      f"{params.symbol} has too few {params.bars} bars for RSI {params.length}")


def macd_histogram(ctx: Context, params: MacdHistogramParams) -> Reading:
    """MACD minus its signal line at the last bar: ``(EMA_fast - EMA_slow) - EMA_signal(MACD)``
    (:func:`indicators.macd`, TA-Lib's values); positive once MACD has crossed above its signal."""
    close = _series_for(ctx, params.symbol, params.bars)
    if isinstance(close, Reading):
        return close
    lines = indicators.macd(close, params.fast, params.slow, params.signal)
    hist = lines[f"MACDh_{params.fast}_{params.slow}_{params.signal}"]
    return Reading.of(hist.iloc[-1] if len(hist) else None,
                      f"{params.symbol} has too few {params.bars} bars for MACD "
                      f"({params.fast}, {params.slow}, {params.signal})")


def fib_progress(ctx: Context, params: FibProgressParams) -> Reading:
    """``(close - L) / (T - L)``: ``L`` the swing low of the largest drawdown in the Technicals
    page's Auto lookback (:func:`fibonacci.largest_drawdown`) and ``T = L + r (H - L)`` its
    ``ratio`` extension (:func:`fibonacci.two_point_levels`); 1 when the target is reached."""
    bars = ctx.bars(params.symbol)
    why = ctx.stale(bars.index[-1] if len(bars) else None, params.symbol)
    if why:
        return Reading.missing(why)
    high, low = fibonacci.largest_drawdown(bars, ctx.as_of, fibonacci.DEFAULT_LOOKBACK_YEARS)
    target = fibonacci.two_point_levels(high.price, low.price, (params.ratio,))[params.ratio]
    if target == low.price:
        return Reading.missing(f"{params.symbol} has no drawdown in the lookback to extend")
    return Reading((float(bars["close"].iloc[-1]) - low.price) / (target - low.price))
