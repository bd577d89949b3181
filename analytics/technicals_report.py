"""The report's ``technicals`` section: indicators, signals and the automatic Fibonacci swing."""
from __future__ import annotations

from datetime import date

from analytics import fibonacci, indicators
from analytics.catalog import SMALL_CAP
from analytics.data.base import Source
from analytics.errors import DataUnavailableError
from analytics.report_values import check_as_of, clean
from analytics.symbols import validate_symbol


def technicals_section(source: Source, as_of: date | str, symbol: str = SMALL_CAP,
                       lookback_years: float = fibonacci.DEFAULT_LOOKBACK_YEARS, **_: object) -> dict:
    """Daily and weekly indicators, MACD/RSI signals and the automatic Fibonacci swing.

    Weekly bars end on Friday; the last week may be partial up to ``as_of``. Extensions are
    ``low + r * (high - low)`` on the largest drawdown of the lookback.
    """
    symbol = validate_symbol(symbol)
    batch = source.prices([symbol])
    if symbol not in batch.frames:
        raise DataUnavailableError(f"no prices for {symbol} ({batch.failed.get(symbol, 'no data')})")
    bars = batch.frames[symbol]
    stamp = check_as_of(as_of, bars.index[0])
    daily, weekly = indicators.daily_and_weekly(bars, stamp)
    macd_col, hist_col, signal_col = indicators.MACD_COLUMNS
    last, last_week = daily.iloc[-1], weekly.iloc[-1]
    state = indicators.macd_state(daily)
    rsi_col = f"RSI_{indicators.RSI_LENGTH}"
    high, low = fibonacci.largest_drawdown(bars, stamp, lookback_years)
    levels = fibonacci.two_point_levels(high.price, low.price, fibonacci.DEFAULT_RATIOS)
    _, _, vs_50w = indicators.close_vs_weekly_sma(daily)
    return {
        "symbol": symbol,
        "date": f"{daily.index[-1]:%Y-%m-%d}",
        "close": clean(last["close"]),
        "sma_50": clean(last["SMA_50"]),
        "sma_200": clean(last["SMA_200"]),
        "rsi_14": clean(last[rsi_col]),
        "rsi_percentile_1y": clean(indicators.rsi_percentile(daily[rsi_col])),
        "macd": {
            "macd": clean(last[macd_col]), "signal": clean(last[signal_col]), "hist": clean(last[hist_col]),
            "above_signal": state.above if state else None,
            "bars_since_cross": state.bars_since_cross if state else None,
            "flip_close": clean(state.flip_close) if state and state.flip_close else None,
        },
        "weekly": {
            "week_ending": f"{weekly.index[-1]:%Y-%m-%d}",
            "sma_50": clean(last_week[f"SMA_{indicators.WEEKLY_SMA}"]),
            "rsi_14": clean(last_week[rsi_col]),
            "macd_hist": clean(last_week[hist_col]),
        },
        "close_vs_sma_50w": clean(vs_50w),
        "fib": {
            "lookback_years": lookback_years,
            "swing_high": {"date": f"{high.date:%Y-%m-%d}", "price": clean(high.price)},
            "swing_low": {"date": f"{low.date:%Y-%m-%d}", "price": clean(low.price)},
            "extensions": {fibonacci.ratio_key(r): clean(p) for r, p in levels.items()},
            "move_from_close": {fibonacci.ratio_key(r): clean(p / last["close"] - 1) for r, p in levels.items()},
        },
    }
