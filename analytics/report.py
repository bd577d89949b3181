"""The headless report: the numbers behind each page as one JSON object.

``python -m analytics report --source S --as-of YYYY-MM-DD --section performance``. Ratios
and returns are fractions. Each section is a function ``(source, as_of, options) -> dict``.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd

from analytics.catalog import LARGE_CAP, SMALL_CAP, THESIS_SYMBOLS
from analytics.data.base import Source
from analytics.errors import AsOfError, DataUnavailableError
from analytics.performance import (
    outperformance,
    ratio_on,
    returns_table,
    year_end_before,
)
from analytics.symbols import validate_symbols
from analytics.timeseries import last_on_or_before, to_timestamp

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


def performance_section(source: Source, as_of: date | str, symbols: Sequence[str] = ()) -> dict:
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


SECTIONS: dict[str, Callable[..., dict]] = {"performance": performance_section}


def build_report(source: Source, as_of: date | str, sections: Sequence[str],
                 symbols: Sequence[str] = ()) -> dict[str, JSONable]:
    """Run each named section; unknown names raise ``ValueError`` naming them."""
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
        report[name] = SECTIONS[name](source, as_of, symbols)
    return report
