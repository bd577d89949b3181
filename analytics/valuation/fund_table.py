"""The fund valuation table: one row per fund, each value with its source and fetch date."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analytics.data.funds import FIELD_LABELS

FIELDS = tuple(FIELD_LABELS)


def fund_table(funds: Mapping[str, object]) -> pd.DataFrame:
    """Wide table: index fund; one column per field (ratios, fractions, US dollars; NaN = n/a),
    ``fetched`` (date) and ``provider``, or ``missing`` (why no data) for a fund that failed.

    ``funds`` maps a symbol to its ``FundData`` or to the reason (str) it could not be loaded.
    """
    rows = []
    for symbol, data in funds.items():
        row = {"fund": symbol}
        if isinstance(data, str):
            row.update({f: float("nan") for f in FIELDS}, fetched=None, provider="", missing=data)
        else:
            row.update({f: (data.values[f].value if f in data.values and data.values[f].value is not None
                            else float("nan")) for f in FIELDS})
            row.update(fetched=data.fetched_at.date() if data.fetched_at else None, provider=data.provider,
                       missing="")
        rows.append(row)
    columns = ["fund", *FIELDS, "fetched", "provider", "missing"]
    return pd.DataFrame(rows, columns=columns).set_index("fund")


def provenance_table(funds: Mapping[str, object]) -> pd.DataFrame:
    """Long table: one row per fund and field with value, source, note and fetch date."""
    rows = []
    for symbol, data in funds.items():
        if isinstance(data, str):
            rows.append((symbol, "all fields", None, "", data, None))
            continue
        fetched = data.fetched_at.date() if data.fetched_at else None
        for field in FIELDS:
            item = data.values.get(field)
            if item is None:
                rows.append((symbol, FIELD_LABELS[field], None, "", "not given", fetched))
            else:
                rows.append((symbol, FIELD_LABELS[field], item.value, item.source or "n/a", item.note, fetched))
    return pd.DataFrame(rows, columns=["fund", "field", "value", "source", "note", "fetched"])


def _text(value: float, kind: str) -> str:
    if value is None or value != value:  # NaN
        return "n/a"
    if kind == "ratio":
        return f"{value:.1f}"
    if kind == "fraction":
        return f"{value:.2%}"
    return f"${value / 1e9:,.1f} bn"


FIELD_KINDS = {"trailing_pe": "ratio", "forward_pe": "ratio", "price_to_book": "ratio",
               "dividend_yield": "fraction", "expense_ratio": "fraction", "net_assets": "dollars"}


def display_fund_table(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`fund_table` as text for the screen: "n/a" where Yahoo gives nothing, and one
    column saying where the row comes from and when it was fetched."""
    out = pd.DataFrame(index=table.index)
    for field, kind in FIELD_KINDS.items():
        out[FIELD_LABELS[field]] = [_text(v, kind) for v in table[field]]
    out["source, fetched"] = [
        missing if missing else f"{provider}, fetched {fetched:%Y-%m-%d}" if fetched else provider
        for provider, fetched, missing in zip(table["provider"], table["fetched"], table["missing"])]
    return out
