"""One normaliser per Yahoo field: every value leaves here as a plain ratio or a fraction.

Yahoo mixes units, and yfinance passes them through unchanged (``formatted=false``):

* ``Ticker.info["yield"]`` and ``["trailingAnnualDividendYield"]`` are fractions (0.0113);
  ``["dividendYield"]`` is in percentage points (1.13 means 1.13%) since Yahoo changed it in
  2025, for stocks and funds alike (AAPL reads 0.35 for 0.35%).
* ``info["netExpenseRatio"]`` is in percentage points (0.19 means 0.19%); the fund profile's
  ``annualReportExpenseRatio`` (``funds_data.fund_operations``) is a fraction (0.0019).
* ``funds_data.equity_holdings`` ("Price/Earnings", "Price/Book", ...) arrive as yields, the
  inverse of the ratio (SPY's "Price/Earnings" reads about 0.04, i.e. E/P for a P/E near 25).

Each function returns a :class:`Normalized` (value or ``None``, and a note saying what was done
or why there is no value); nothing is ever guessed: a value whose unit cannot be told is ``None``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

#: An earnings or book yield above this cannot be a fund average (a P/E below 1): above it the
#: holdings figure is read as the ratio itself.
MAX_HOLDINGS_YIELD = 1.0
#: A dividend yield above 25% is no diversified fund's: such a value is a unit error, not data.
MAX_DIVIDEND_YIELD = 0.25
#: Expense ratios above 5% a year are not index funds' and signal a unit mix-up.
MAX_EXPENSE_RATIO = 0.05


@dataclass(frozen=True)
class Normalized:
    """A value in the package's units (``None``: not given or unusable) and why."""

    value: float | None
    note: str = ""


def _number(raw: object) -> float | None:
    """A finite float, or ``None`` for missing, NaN, ``pd.NA``, text and booleans."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, dict):  # quoteSummary's {"raw": ..., "fmt": ...} when formatted=true
        raw = raw.get("raw")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def ratio(raw: object, name: str) -> Normalized:
    """A P/E or P/B given as the ratio itself (``info["trailingPE"]``, ``["forwardPE"]``,
    ``["priceToBook"]``). Zero or negative (losses, negative book) has no meaningful ratio."""
    value = _number(raw)
    if value is None:
        return Normalized(None, f"Yahoo gives no {name}")
    if value <= 0:
        return Normalized(None, f"{name} {value:g} is not positive (losses or negative book value)")
    return Normalized(value)


def ratio_from_yield(raw: object, name: str) -> Normalized:
    """A fund's holdings ratio from ``funds_data.equity_holdings``: ``1 / yield``.

    ``P/E = 1 / (E/P)``. A figure above :data:`MAX_HOLDINGS_YIELD` can only be the ratio
    already and is kept as it is.
    """
    value = _number(raw)
    if value is None:
        return Normalized(None, f"Yahoo gives no holdings {name}")
    if value <= 0:
        return Normalized(None, f"holdings {name} {value:g} is not positive")
    if value <= MAX_HOLDINGS_YIELD:
        return Normalized(1.0 / value, f"1 / {value:.4g} (Yahoo gives the holdings' yield, the inverse)")
    return Normalized(value, "holdings figure above 1 read as the ratio itself")


def _fraction(value: float | None, limit: float, name: str, scale: float, unit: str) -> Normalized:
    if value is None:
        return Normalized(None, f"Yahoo gives no {name}")
    fraction = value / scale
    if fraction < 0 or fraction > limit:
        return Normalized(None, f"{name} {value:g} ({unit}) is outside 0..{limit:.0%}: unit unclear, not shown")
    return Normalized(fraction, "" if scale == 1 else f"{value:g} percentage points / 100")


def yield_fraction(raw: object) -> Normalized:
    """``info["yield"]`` or ``["trailingAnnualDividendYield"]``: already a fraction."""
    return _fraction(_number(raw), MAX_DIVIDEND_YIELD, "dividend yield", 1.0, "fraction")


def dividend_yield_points(raw: object) -> Normalized:
    """``info["dividendYield"]``: percentage points, so divided by 100."""
    return _fraction(_number(raw), MAX_DIVIDEND_YIELD, "dividend yield", 100.0, "percentage points")


def expense_ratio_points(raw: object) -> Normalized:
    """``info["netExpenseRatio"]``: percentage points, so divided by 100."""
    return _fraction(_number(raw), MAX_EXPENSE_RATIO, "expense ratio", 100.0, "percentage points")


def expense_ratio_fraction(raw: object) -> Normalized:
    """``fund_operations["Annual Report Expense Ratio"]``: already a fraction."""
    return _fraction(_number(raw), MAX_EXPENSE_RATIO, "expense ratio", 1.0, "fraction")


def dollars(raw: object, name: str) -> Normalized:
    """``info["totalAssets"]``: US dollars, positive."""
    value = _number(raw)
    if value is None or value <= 0:
        return Normalized(None, f"Yahoo gives no {name}")
    return Normalized(value)


def eps(raw: object) -> float | None:
    """``info["trailingEps"]`` / ``["forwardEps"]``: dollars per share; negative is a loss, kept."""
    return _number(raw)


def price(info: dict) -> float | None:
    """A stock's last price from ``info``: ``currentPrice``, else ``regularMarketPrice``,
    else ``previousClose`` (positive only)."""
    for key in ("currentPrice", "regularMarketPrice", "previousClose"):
        value = _number(info.get(key))
        if value is not None and value > 0:
            return value
    return None
