"""The report's ``technicals`` section: indicators, signals and the automatic Fibonacci swing."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from analytics.catalog import SMALL_CAP
from analytics.data.base import Source
from analytics.errors import DataUnavailableError
from analytics.report_values import check_as_of, clean
from analytics.symbols import validate_symbol
from analytics.technicals import fibonacci, indicators
from analytics.technicals.view import fib_result


def parse_fib_anchors(text: str | Sequence[str] | None) -> list[str]:
    """``"DATE,DATE[,DATE]"`` (or a list of dates) as a list; ``ValueError`` naming a bad count."""
    if text is None or text == "":
        return []
    dates = [d.strip() for d in (text.split(",") if isinstance(text, str) else text) if d.strip()]
    if len(dates) not in (2, 3):
        raise ValueError(f"--fib-anchors takes 2 dates (swing high, swing low) or 3 (A, B, C), not {text!r}")
    return dates


def dragged_levels(bars, as_of, dates: Sequence[str], basis: fibonacci.SnapBasis = "high/low") -> dict:
    """The levels of anchors dropped on ``dates``, as the Technicals chart computes them.

    Each date snaps to the nearest bar on or before ``as_of`` by :func:`fibonacci.snap_to_bar`
    (the chart's release rule); two dates are the page's Manual sliders (swing high, swing low:
    high first is a fall, ``low + r * (high - low)``; low first a rise, ``high - r * (high - low)``),
    three its 3-point A, B, C (``C + r * (B - A)``).
    """
    data = bars.loc[:as_of]
    kinds = ("high", "low") if len(dates) == 2 else ("high", "high", "high")  # the date does not depend on it
    snapped = [fibonacci.snap_to_bar(data, d, k, basis).date for d, k in zip(dates, kinds)]
    mode = "Manual" if len(dates) == 2 else "3-point"
    result = fib_result(bars, as_of, mode, snapped, fibonacci.DEFAULT_RATIOS, basis)
    if result.problem:
        return {"mode": mode, "basis": basis, "problem": result.problem,
                "snapped": [f"{d:%Y-%m-%d}" for d in snapped]}
    close = float(data["close"].iloc[-1])
    return {
        "mode": mode, "basis": basis, "snapped": [f"{d:%Y-%m-%d}" for d in snapped],
        "anchors": [{"date": f"{a.date:%Y-%m-%d}", "price": clean(a.price), "kind": a.kind} for a in result.anchors],
        "levels": {fibonacci.ratio_key(r): clean(p) for r, p in result.levels.items()},
        "move_from_close": {fibonacci.ratio_key(r): clean(p / close - 1) for r, p in result.levels.items()},
        "formula": result.reading,
    }


def technicals_section(source: Source, as_of: date | str, symbol: str = SMALL_CAP,
                       lookback_years: float = fibonacci.DEFAULT_LOOKBACK_YEARS,
                       fib_anchors: str | Sequence[str] | None = None,
                       fib_basis: fibonacci.SnapBasis = "high/low",
                       frames: tuple | None = None, **_: object) -> dict:
    """Daily and weekly indicators, MACD/RSI signals, the automatic Fibonacci swing and, with
    ``fib_anchors``, the levels of anchors dragged on the chart (:func:`dragged_levels`).

    Weekly bars end on Friday; the last week may be partial up to ``as_of``. Extensions are
    ``low + r * (high - low)`` on the largest drawdown of the lookback.

    ``frames``: :func:`indicators.daily_and_weekly` of ``symbol``'s bars and ``as_of``, when
    the caller already has them (a server shares them with the Technicals page).
    """
    dragged = parse_fib_anchors(fib_anchors)
    symbol = validate_symbol(symbol)
    batch = source.prices([symbol])
    if symbol not in batch.frames:
        raise DataUnavailableError(f"no prices for {symbol} ({batch.failed.get(symbol, 'no data')})")
    bars = batch.frames[symbol]
    stamp = check_as_of(as_of, bars.index[0])
    daily, weekly = frames if frames is not None else indicators.daily_and_weekly(bars, stamp)
    macd_col, hist_col, signal_col = indicators.MACD_COLUMNS
    last, last_week = daily.iloc[-1], weekly.iloc[-1]
    state = indicators.macd_state(daily)
    rsi_col = f"RSI_{indicators.RSI_LENGTH}"
    high, low = fibonacci.largest_drawdown(bars, stamp, lookback_years)
    levels = fibonacci.two_point_levels(high.price, low.price, fibonacci.DEFAULT_RATIOS)
    _, _, vs_50w = indicators.close_vs_weekly_sma(daily)
    section = {
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
    if dragged:
        section["fib"]["dragged"] = dragged_levels(bars, stamp, dragged, fib_basis)
    return section
