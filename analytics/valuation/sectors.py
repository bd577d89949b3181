"""Sector weights from holdings, the sector each sector fund tracks, and the sector mix.

The sector vocabulary itself (the eleven GICS names and every spelling mapped to them) is the
data layer's, :mod:`analytics.data.gics`, since sources normalise sectors as they read them.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analytics.data.gics import CASH_AND_DERIVATIVES, GICS_SECTORS, OTHER, canonical_sectors

#: Which sector each sector fund tracks: the SPDR Select Sector funds (S&P 500) and the
#: Invesco S&P SmallCap 600 sector funds (PSCU holds utilities and communication services).
SECTOR_OF_ETF = {
    "XLB": "Materials", "XLC": "Communication Services", "XLE": "Energy", "XLF": "Financials",
    "XLI": "Industrials", "XLK": "Information Technology", "XLP": "Consumer Staples",
    "XLRE": "Real Estate", "XLU": "Utilities", "XLV": "Health Care", "XLY": "Consumer Discretionary",
    "PSCT": "Information Technology", "PSCI": "Industrials", "PSCF": "Financials", "PSCH": "Health Care",
    "PSCD": "Consumer Discretionary", "PSCE": "Energy", "PSCM": "Materials", "PSCU": "Utilities",
    "PSCC": "Consumer Staples",
}


def sector_weights(holdings: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float]]:
    """Sector weights from a holdings table (``sector``, ``weight`` in percent).

    Returns
    -------
    weights : DataFrame
        Index GICS sector (plus ``Other`` when some equity row has no sector), columns
        ``weight_pct_of_fund`` (percent of the fund), ``fraction_of_equity`` (sums to 1) and the same
        as ``pct_of_equity`` (sums to 100), ``holdings`` (count), sorted by weight.
    apart : dict
        Percent of the fund outside the equity rows: ``Cash and/or Derivatives`` from the rows
        so labelled (when the table keeps them), and ``Not in the equity list`` for what the
        equity rows leave of 100% (cash, futures and rounding in a file that lists equity only).
    """
    frame = holdings.assign(
        sector=canonical_sectors(holdings["sector"]),
        weight=pd.to_numeric(holdings["weight"], errors="coerce").fillna(0.0),
    )
    is_cash = frame["sector"] == CASH_AND_DERIVATIVES
    if "asset_class" in frame.columns:
        is_cash |= frame["asset_class"].fillna("").str.strip().ne("Equity")
    equity = frame[~is_cash]
    grouped = equity.groupby("sector")["weight"].agg(["sum", "count"])
    total = float(grouped["sum"].sum())
    if total <= 0:
        raise ValueError("the holdings have no equity weight to split into sectors")
    weights = pd.DataFrame({
        "weight_pct_of_fund": grouped["sum"],
        "fraction_of_equity": grouped["sum"] / total,
        "pct_of_equity": 100 * grouped["sum"] / total,
        "holdings": grouped["count"].astype(int),
    }).sort_values("weight_pct_of_fund", ascending=False)
    weights.index.name = "sector"
    if OTHER in weights.index and weights.at[OTHER, "weight_pct_of_fund"] <= 0:
        weights = weights.drop(index=OTHER)  # unclassified rows of zero weight say nothing
    apart = {}
    cash = float(frame.loc[is_cash, "weight"].sum())
    if is_cash.any():
        apart[CASH_AND_DERIVATIVES] = cash
    rest = 100.0 - total - cash
    if abs(rest) >= 0.005:
        apart["Not in the equity list"] = rest
    return weights, apart


def top_holdings(holdings: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` largest equity rows by weight (``symbol, name, sector, weight``)."""
    frame = holdings.assign(sector=canonical_sectors(holdings["sector"]))
    frame = frame[frame["sector"] != CASH_AND_DERIVATIVES]
    return frame.nlargest(n, "weight")[["symbol", "name", "sector", "weight"]].reset_index(drop=True)


def sector_mix(weights: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """Fund -> (sector -> fraction) as one table: rows GICS sectors, columns funds, NaN absent."""
    frame = pd.DataFrame({fund: pd.Series(dict(mix), dtype="float64") for fund, mix in weights.items()})
    order = [s for s in GICS_SECTORS + (OTHER,) if s in frame.index]
    frame = frame.reindex(order)
    frame.index.name = "sector"
    return frame
