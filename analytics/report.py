"""The headless report: the numbers behind each page as one JSON object.

``python -m analytics report --source S --as-of YYYY-MM-DD --section performance``. Ratios
and returns are fractions. Each section is a function ``(source, as_of, options) -> dict``.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd

from analytics import fibonacci, indicators
from analytics.breadth import compute_breadth
from analytics.data.batch import fetch_in_chunks
from analytics.catalog import LARGE_CAP, SMALL_CAP, THESIS_SYMBOLS
from analytics.data.base import Source
from analytics.errors import AsOfError, DataUnavailableError
from analytics.forward_report import forward_section
from analytics.macro.report import macro_section
from analytics.performance import (
    outperformance,
    ratio_on,
    returns_table,
    year_end_before,
)
from analytics.symbols import validate_symbol, validate_symbols
from analytics.timeseries import last_on_or_before, to_timestamp
from analytics.valuation.report import valuation_section
from analytics.seasonality_report import seasonality_section
from analytics.scorecard.gather import scorecard_section

JSONable = dict | list | str | float | int | None


def _clean(value: float) -> float | None:
    """JSON has no NaN: missing numbers become ``null``."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), 6)


def _date_text(observation: tuple[pd.Timestamp, float] | None) -> str | None:
    return f"{observation[0]:%Y-%m-%d}" if observation else None


def check_as_of(as_of: date | str, first_date: pd.Timestamp, today: date | None = None) -> pd.Timestamp:
    """The as-of date as a Timestamp, or :class:`AsOfError` if it is before the data or in the future."""
    stamp = to_timestamp(as_of)
    if stamp > pd.Timestamp(today or date.today()):
        raise AsOfError(f"as-of date {stamp:%Y-%m-%d} is in the future")
    if stamp < first_date:
        raise AsOfError(f"as-of date {stamp:%Y-%m-%d} is before the first data ({first_date:%Y-%m-%d})")
    return stamp


def performance_section(source: Source, as_of: date | str, symbols: Sequence[str] = (), **_: object) -> dict:
    """Closes, year-to-date and trailing returns of IWM, SPY, QQQ (plus ``symbols``).

    ``ytd`` is the price return from the last close of the previous calendar year;
    ``ratio_iwm_spy`` is IWM's close divided by SPY's, both on or before ``as_of``.
    """
    wanted = validate_symbols(list(THESIS_SYMBOLS) + list(symbols))
    batch = source.prices(wanted)
    if batch.failed:
        missing = ", ".join(f"{s} ({why})" for s, why in batch.failed.items())
        raise DataUnavailableError(f"no prices for {missing}")
    closes = batch.closes(wanted)
    # Every requested symbol must have started trading by the as-of date.
    stamp = check_as_of(as_of, max(closes[s].first_valid_index() for s in wanted))
    table = returns_table(closes, stamp)
    close, close_date = {}, {}
    for symbol in wanted:
        last = last_on_or_before(closes[symbol], stamp)
        close[symbol] = _clean(last[1]) if last else None
        close_date[symbol] = _date_text(last)
    return {
        "close": close,
        "close_date": close_date,
        "ytd_base_date": {s: _date_text(last_on_or_before(closes[s], year_end_before(stamp)))
                          for s in wanted},
        "ytd": {s: _clean(table.loc[s, "YTD"]) for s in wanted},
        "returns": {s: {w: _clean(table.loc[s, w]) for w in table.columns} for s in wanted},
        "ratio_iwm_spy": _clean(ratio_on(closes, SMALL_CAP, LARGE_CAP, stamp)),
        "iwm_minus_spy": {w: _clean(v) for w, v in outperformance(table, SMALL_CAP, LARGE_CAP).items()},
        "notes": list(batch.notes),
    }


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
        "close": _clean(last["close"]),
        "sma_50": _clean(last["SMA_50"]),
        "sma_200": _clean(last["SMA_200"]),
        "rsi_14": _clean(last[rsi_col]),
        "rsi_percentile_1y": _clean(indicators.rsi_percentile(daily[rsi_col])),
        "macd": {
            "macd": _clean(last[macd_col]), "signal": _clean(last[signal_col]), "hist": _clean(last[hist_col]),
            "above_signal": state.above if state else None,
            "bars_since_cross": state.bars_since_cross if state else None,
            "flip_close": _clean(state.flip_close) if state and state.flip_close else None,
        },
        "weekly": {
            "week_ending": f"{weekly.index[-1]:%Y-%m-%d}",
            "sma_50": _clean(last_week[f"SMA_{indicators.WEEKLY_SMA}"]),
            "rsi_14": _clean(last_week[rsi_col]),
            "macd_hist": _clean(last_week[hist_col]),
        },
        "close_vs_sma_50w": _clean(vs_50w),
        "fib": {
            "lookback_years": lookback_years,
            "swing_high": {"date": f"{high.date:%Y-%m-%d}", "price": _clean(high.price)},
            "swing_low": {"date": f"{low.date:%Y-%m-%d}", "price": _clean(low.price)},
            "extensions": {fibonacci.ratio_key(r): _clean(p) for r, p in levels.items()},
            "move_from_close": {fibonacci.ratio_key(r): _clean(p / last["close"] - 1) for r, p in levels.items()},
        },
    }


BREADTH_LOOKBACK_DAYS = 252


def breadth_section(source: Source, as_of: date | str, universe: str = "sp500",
                    lookback_days: int = BREADTH_LOOKBACK_DAYS, **_: object) -> dict:
    """Share of a universe's members above their 20/50/200-day averages (fractions), with the
    denominators, and the daily 50-day history for the last ``lookback_days`` trading days.

    ``date`` is the last day any member has a price: earlier than ``as_of`` when the source's
    member prices stop before it, and then every figure is as of ``date``."""
    members = source.universe(universe)
    batch = fetch_in_chunks(source, members.symbols)
    if not batch.frames:
        raise DataUnavailableError(f"no prices for any of the {len(members.symbols)} members of {universe}")
    first = min(f.index[0] for f in batch.frames.values())
    stamp = check_as_of(as_of, first)
    result = compute_breadth(batch.frames, len(members.symbols), stamp)
    latest = result.latest()
    history = result.above[50].dropna(subset=["pct"]).iloc[-lookback_days:]
    return {
        "universe": universe,
        "membership_as_of": members.as_of.isoformat() if members.as_of else None,
        "members": len(members.symbols),
        "members_with_data": result.members_with_data,
        "failed": len(batch.failed),
        "date": f"{result.through:%Y-%m-%d}" if result.through is not None else None,
        **{k: (_clean(v) if k.startswith("pct") or k == "mcclellan" else v) for k, v in latest.items()},
        "history": [{"date": f"{d:%Y-%m-%d}", "pct_above_50dma": _clean(v)}
                    for d, v in history["pct"].items()],
    }


SECTIONS: dict[str, Callable[..., dict]] = {
    "performance": performance_section,
    "technicals": technicals_section,
    "breadth": breadth_section,
    "macro": macro_section,
    "valuation": valuation_section,
    "forward": forward_section,
    "seasonality": seasonality_section,
    "scorecard": scorecard_section,
}


def build_report(source: Source, as_of: date | str, sections: Sequence[str],
                 **options: object) -> dict[str, JSONable]:
    """Run each named section with ``options``; unknown names raise ``ValueError`` naming them."""
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    info = source.info()
    report: dict[str, JSONable] = {
        "as_of": f"{to_timestamp(as_of):%Y-%m-%d}",
        "source": {
            "kind": info.kind,
            "label": info.label,
            "detail": info.detail,
            "fetched_at": info.fetched_at.isoformat(timespec="seconds") if info.fetched_at else None,
            "stale": info.stale,
        },
    }
    for name in sections or list(SECTIONS):
        report[name] = SECTIONS[name](source, as_of, **options)
    return report
