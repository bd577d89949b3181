"""The report's ``forward`` section: what a thesis' trade did after the as-of date.

Shape (issue 14; issue 25: the legs of the thesis' ``trade``, by default the article's IWM
against SPY and QQQ)::

    forward = {
      LONG | each AGAINST | "LONG/AGAINST" for each: {"1m", "3m", "6m", "12m", "latest"},  # price returns
      "forward_total": {same keys},          # from adjusted closes (dividends reinvested)
      "fib_touched": {"1.618": "YYYY-MM-DD" | null, ...},
      "dates": {...}, "fib": {...}, "reasons": {...}, "notes": [...],
    }

Returns are fractions, ``null`` when the horizon is not reached yet (never a partial number)
or the source has no adjusted close. ``dates`` says which closes each number uses: the base,
each horizon's target, and the last bar of each basis (a source's adjusted closes may end
before its closes: then ``latest`` total returns run to ``dates.total_latest``).
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.data.base import Source
from analytics.errors import AsOfError, DataUnavailableError
from analytics.performance.forward import (
    ARTICLE_TRADE,
    HORIZON_MONTHS,
    LATEST,
    FibTouches,
    ForwardReturn,
    Trade,
    forward_view,
)
from analytics.report_values import clean, not_in_future
from analytics.symbols import validate_symbols
from analytics.technicals import fibonacci


def _day(stamp: pd.Timestamp | None) -> str | None:
    return f"{stamp:%Y-%m-%d}" if stamp is not None else None


def _values(table: dict[str, dict[str, ForwardReturn]]) -> dict:
    return {name: {h: clean(r.value) for h, r in row.items()} for name, row in table.items()}


def _reasons(table: dict[str, dict[str, ForwardReturn]]) -> dict:
    return {name: {h: r.reason for h, r in row.items() if r.reason} for name, row in table.items()
            if any(r.reason for r in row.values())}


def forward_section(source: Source, as_of: date | str, trade: Trade = ARTICLE_TRADE, **_: object) -> dict:
    """Forward price and total returns at 1, 3, 6, 12 months and to the latest bar of the
    trade's long leg, each against-leg and ``long/against`` for each, and the first touch of
    each default Fibonacci target of the long leg (see :mod:`analytics.performance.forward`).

    Raises :class:`AsOfError` for a date in the future or before every thesis symbol has a
    close, and :class:`DataUnavailableError` when the source has none of them.
    """
    wanted = validate_symbols(list(trade.symbols))
    batch = source.prices(wanted)
    if not batch.frames:
        missing = ", ".join(f"{s} ({why})" for s, why in batch.failed.items())
        raise DataUnavailableError(f"no prices for {missing}")
    stamp = not_in_future(as_of)
    first = max(frame.index[0] for frame in batch.frames.values())
    if stamp < first:
        raise AsOfError(f"as-of date {stamp:%Y-%m-%d} is before the first data ({first:%Y-%m-%d})")
    view = forward_view(batch.frames, stamp, trade)
    price, total, fib = view.price, view.total, view.fib

    def last_of(table, pick):
        return {name: _day(pick(row)) for name, row in table.items()}

    targets = {h: _day(next((row[h].target_date for row in price.values() if row[h].target_date is not None),
                            None)) for h in HORIZON_MONTHS}
    return {
        **_values(price),
        "forward_total": _values(total),
        "fib_touched": {fibonacci.ratio_key(t.ratio): _day(t.touched) for t in fib.touches},
        "dates": {
            "base": last_of(price, lambda row: row[LATEST].base_date),
            "horizon_targets": targets,
            "latest": last_of(price, lambda row: row[LATEST].end_date),
            "total_latest": last_of(total, lambda row: row[LATEST].end_date),
        },
        "fib": _fib_details(fib),
        "reasons": {"forward": _reasons(price), "forward_total": _reasons(total)},
        "notes": [*batch.notes, *(f"{s}: {why}" for s, why in batch.failed.items())],
    }


def _fib_details(fib: FibTouches) -> dict:
    return {
        "symbol": fib.symbol,
        "mode": "Auto",
        "lookback_years": fibonacci.DEFAULT_LOOKBACK_YEARS,
        "as_of_close": clean(fib.as_of_close),
        "anchors": [{"kind": a.kind, "date": _day(a.date), "price": clean(a.price)} for a in fib.anchors],
        "targets": {fibonacci.ratio_key(t.ratio): clean(t.target) for t in fib.touches},
        "side": {fibonacci.ratio_key(t.ratio): t.side for t in fib.touches},
        "trading_days_to_touch": {fibonacci.ratio_key(t.ratio): t.trading_days for t in fib.touches},
        "data_through": _day(fib.last_bar),
        "problem": fib.problem or None,
    }
