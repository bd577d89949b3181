"""One sector vocabulary (GICS names) for iShares files, Yahoo keys and the sector ETFs.

iShares writes "Information Technology" and "Communication"; Yahoo's
``funds_data.sector_weightings`` and ``info["sectorKey"]`` use Morningstar-style keys
(``technology``, ``consumer_cyclical``, ``financial_services``, ``realestate``...). Everything
is mapped to the eleven GICS sector names below, so IWM, SPY and QQQ line up.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

GICS_SECTORS = (
    "Communication Services", "Consumer Discretionary", "Consumer Staples", "Energy", "Financials",
    "Health Care", "Industrials", "Information Technology", "Materials", "Real Estate", "Utilities",
)
#: Holdings rows that are not equity exposure: reported apart from the sector weights.
CASH_AND_DERIVATIVES = "Cash and/or Derivatives"
OTHER = "Other"

_ALIASES = {
    # Yahoo sector_weightings keys and info["sectorKey"]
    "realestate": "Real Estate", "real_estate": "Real Estate",
    "consumer_cyclical": "Consumer Discretionary", "consumer_defensive": "Consumer Staples",
    "basic_materials": "Materials", "communication_services": "Communication Services",
    "financial_services": "Financials", "technology": "Information Technology",
    "healthcare": "Health Care", "industrials": "Industrials", "energy": "Energy",
    "utilities": "Utilities",
    # Yahoo info["sector"] display names
    "consumer cyclical": "Consumer Discretionary", "consumer defensive": "Consumer Staples",
    "basic materials": "Materials", "financial services": "Financials",
    # iShares and other short forms
    "communication": "Communication Services", "telecommunications": "Communication Services",
    "telecommunication services": "Communication Services", "information technology": "Information Technology",
    "health care": "Health Care", "financial": "Financials", "materials": "Materials",
}

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


def canonical_sector(name: object) -> str:
    """The GICS name for any spelling we meet; unknown names become :data:`OTHER`.

    Cash and derivative rows keep :data:`CASH_AND_DERIVATIVES` so they can be set apart.
    """
    if not isinstance(name, str) or not name.strip() or name.strip() == "-":
        return OTHER
    text = name.strip()
    if text.lower().startswith("cash"):
        return CASH_AND_DERIVATIVES
    for sector in GICS_SECTORS:
        if text.lower() == sector.lower():
            return sector
    key = re.sub(r"\s+", " ", text.lower())
    return _ALIASES.get(key, _ALIASES.get(key.replace(" ", "_"), OTHER))


def canonical_sectors(names: pd.Series) -> pd.Series:
    """:func:`canonical_sector` over a column, each distinct spelling mapped once."""
    return names.map({name: canonical_sector(name) for name in pd.unique(names)})


def normalize_sector_weightings(raw: Mapping[str, object]) -> dict[str, float]:
    """Yahoo ``funds_data.sector_weightings`` (key -> fraction) as GICS sector -> fraction of the
    equity weight Yahoo classifies (rescaled to sum to 1; empty when Yahoo gives nothing)."""
    totals: dict[str, float] = {}
    for key, value in (raw or {}).items():
        try:
            weight = float(value)
        except (TypeError, ValueError):
            continue
        if weight > 0:
            sector = canonical_sector(key)
            totals[sector] = totals.get(sector, 0.0) + weight
    total = sum(totals.values())
    return {s: w / total for s, w in sorted(totals.items())} if total > 0 else {}


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
