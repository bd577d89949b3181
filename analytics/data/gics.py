"""One sector vocabulary (GICS names) for iShares files and Yahoo keys, owned by the data layer.

iShares writes "Information Technology" and "Communication"; Yahoo's
``funds_data.sector_weightings`` and ``info["sectorKey"]`` use Morningstar-style keys
(``technology``, ``consumer_cyclical``, ``financial_services``, ``realestate``...). Everything
is mapped to the eleven GICS sector names below as it is read, so IWM, SPY and QQQ line up.
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
