"""The report's ``performance`` section: closes and returns of IWM, SPY, QQQ as of a date."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from analytics.catalog import LARGE_CAP, SMALL_CAP, THESIS_SYMBOLS
from analytics.data.base import Source
from analytics.errors import DataUnavailableError
from analytics.performance.returns import outperformance, ratio_on, returns_table, year_end_before
from analytics.report_values import check_as_of, clean, date_text
from analytics.symbols import validate_symbols
from analytics.timeseries import last_on_or_before


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
        close[symbol] = clean(last[1]) if last else None
        close_date[symbol] = date_text(last)
    return {
        "close": close,
        "close_date": close_date,
        "ytd_base_date": {s: date_text(last_on_or_before(closes[s], year_end_before(stamp)))
                          for s in wanted},
        "ytd": {s: clean(table.loc[s, "YTD"]) for s in wanted},
        "returns": {s: {w: clean(table.loc[s, w]) for w in table.columns} for s in wanted},
        "ratio_iwm_spy": clean(ratio_on(closes, SMALL_CAP, LARGE_CAP, stamp)),
        "iwm_minus_spy": {w: clean(v) for w, v in outperformance(table, SMALL_CAP, LARGE_CAP).items()},
        "notes": list(batch.notes),
    }
