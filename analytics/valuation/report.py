"""The ``valuation`` report section: sector weights, sector returns, fund ratios, bottom-up P/E.

``python -m analytics report --section valuation``. Fractions throughout; ``null`` when unknown.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from analytics.catalog import SECTOR_ETFS, SMALL_CAP, SMALLCAP_SECTOR_ETFS, THESIS_SYMBOLS
from analytics.data.funds import fundamentals_in_chunks
from analytics.errors import DashboardError
from analytics.report_values import clean, not_in_future
from analytics.symbols import validate_symbols
from analytics.valuation.bottom_up import BottomUp, bottom_up_pe
from analytics.valuation.sector_performance import sector_returns
from analytics.valuation.sectors import sector_weights

SECTOR_GROUPS = {"S&P 500 sectors (SPDR)": SECTOR_ETFS, "S&P SmallCap 600 sectors (Invesco)": SMALLCAP_SECTOR_ETFS}
REPORT_WINDOWS = {"1w": "1w", "1m": "1m", "3m": "3m", "YTD": "ytd"}
FUND_KEYS = ("trailing_pe", "forward_pe", "price_to_book", "dividend_yield", "expense_ratio")
#: The index each fund's holdings stand for in the bottom-up figures.
BOTTOM_UP_FUNDS = {"IWM": "IWM"}


def member_weights(holdings_frame: pd.DataFrame) -> pd.Series:
    """Holdings weights (percent) by Yahoo symbol, positive rows only."""
    weights = pd.to_numeric(holdings_frame["weight"], errors="coerce")
    series = pd.Series(weights.to_numpy(), index=holdings_frame["symbol"].astype(str), name="weight")
    return series[series > 0].groupby(level=0).sum()


def sector_performance_table(source, as_of: date | str, groups=SECTOR_GROUPS) -> pd.DataFrame:
    """:func:`sector_returns` for the SPDR funds and whichever S&P 600 funds the source has."""
    wanted = [s for funds in groups.values() for s in funds]
    batch = source.prices(wanted)
    closes = {s: f["close"] for s, f in batch.frames.items()}
    shown = {g: [s for s in funds if s in closes or g == next(iter(groups))] for g, funds in groups.items()}
    return sector_returns(closes, as_of, {g: funds for g, funds in shown.items() if funds})


def iwm_bottom_up(source, holdings_frame: pd.DataFrame) -> BottomUp | None:
    """Bottom-up trailing P/E of IWM's members; ``None`` when no member has EPS and price."""
    weights = member_weights(holdings_frame)
    batch = fundamentals_in_chunks(source, list(weights.index))
    if batch.frame.empty:
        return None
    result = bottom_up_pe(weights, batch.frame)
    return result if result.coverage_count else None


def valuation_undated(source, symbols: Sequence[str] = (), members: bool = True) -> dict:
    """The parts of :func:`valuation_section` no as-of date changes (holdings weights, fund
    ratios as fetched, the bottom-up P/E of today's members): computed once, not per date."""
    try:
        held = source.holdings(SMALL_CAP)
    except DashboardError:
        held = None
    weights_out: dict = {SMALL_CAP: None, "as_of": None}
    if held is not None:
        weights, _apart = sector_weights(held.frame)
        weights_out = {SMALL_CAP: {s: clean(v) for s, v in weights["fraction_of_equity"].items()},
                       "as_of": held.as_of.isoformat() if held.as_of else None}
    funds = {}
    for symbol in validate_symbols(list(THESIS_SYMBOLS) + list(symbols)):
        try:
            data = source.fund_data(symbol)
        except DashboardError:
            funds[symbol] = {key: None for key in FUND_KEYS} | {"as_of": None}
            continue
        funds[symbol] = {key: clean(data.values[key].value) if key in data.values else None for key in FUND_KEYS}
        funds[symbol]["as_of"] = data.fetched_at.date().isoformat() if data.fetched_at else None
    bottom = None
    if members and held is not None:
        try:
            result = iwm_bottom_up(source, held.frame)
        except DashboardError:
            result = None
        bottom = {k: clean(v) for k, v in result.as_dict().items()} if result else None
    return {"sector_weights": weights_out, "funds": funds, "bottom_up": {SMALL_CAP: bottom}}


def valuation_section(source, as_of: date | str, symbols: Sequence[str] = (), members: bool = True,
                      undated: dict | None = None, sector_table: pd.DataFrame | None = None,
                      **_: object) -> dict:
    """The numbers of the Valuation page as of ``as_of``.

    ``sector_weights.IWM``: GICS sector -> fraction of IWM's equity weight (sums to 1), with
    ``sector_weights.as_of`` the holdings file's date. ``sector_performance``: fund ->
    ``{1w, 1m, 3m, ytd}`` price returns. ``funds``: fund -> ratios and fractions from Yahoo
    (today's values; ``as_of`` is the day they were fetched). ``bottom_up.IWM``: the weighted
    harmonic P/E of IWM's members (``null`` when member earnings are not available or
    ``members`` is false).

    ``undated`` (:func:`valuation_undated` of the same source and options) and
    ``sector_table`` (:func:`sector_performance_table` on ``as_of``), when the caller
    already has them, are used instead of computing them again.
    """
    stamp = not_in_future(as_of)
    if undated is None:
        undated = valuation_undated(source, symbols, members)
    table = sector_table if sector_table is not None else sector_performance_table(source, stamp)
    performance = {symbol: {key: clean(row[col]) for col, key in REPORT_WINDOWS.items()}
                   for symbol, row in table.iterrows()}
    return {"sector_weights": undated["sector_weights"], "sector_performance": performance,
            "funds": undated["funds"], "bottom_up": undated["bottom_up"]}
