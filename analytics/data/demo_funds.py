"""Deterministic demo fund data: fund ratios, Yahoo-style sector mixes, member EPS, past records.

Numbers are synthetic but shaped like the real ones (a small-cap fund cheaper than a growth
fund, about a third of small-cap members losing money, a few members with no EPS at all), so
every branch of the Valuation page has something to show offline. Every draw is seeded.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache

import numpy as np
import pandas as pd

from analytics.catalog import SECTOR_ETFS, SMALLCAP_SECTOR_ETFS, THESIS_SYMBOLS
from analytics.data import demo_prices as demo
from analytics.data.funds import FIELD_LABELS, FundamentalsBatch, FundData, FundValue, fundamentals_frame
from analytics.data.gics import normalize_sector_weightings
from analytics.errors import DataUnavailableError
from analytics.symbols import validate_symbol

DEMO_PROVIDER = "Demo data"
DEMO_FUNDS = THESIS_SYMBOLS + ("RSP", "DIA") + SECTOR_ETFS + SMALLCAP_SECTOR_ETFS
#: (trailing P/E, forward P/E or None, P/B, dividend yield, expense ratio, net assets in $bn).
FUND_VALUES = {
    "IWM": (17.6, None, 1.9, 0.0118, 0.0019, 64.0),
    "SPY": (26.4, 22.1, 4.9, 0.0121, 0.000945, 610.0),
    "QQQ": (33.8, 27.9, 8.7, 0.0058, 0.0020, 330.0),
}
#: Yahoo ``sector_weightings`` keys, as the library returns them (fractions).
SECTOR_MIX = {
    "IWM": {"realestate": 0.065, "consumer_cyclical": 0.098, "basic_materials": 0.042,
            "consumer_defensive": 0.031, "technology": 0.135, "communication_services": 0.026,
            "financial_services": 0.172, "utilities": 0.029, "industrials": 0.176, "energy": 0.051,
            "healthcare": 0.175},
    "SPY": {"realestate": 0.021, "consumer_cyclical": 0.104, "basic_materials": 0.018,
            "consumer_defensive": 0.055, "technology": 0.335, "communication_services": 0.098,
            "financial_services": 0.135, "utilities": 0.024, "industrials": 0.075, "energy": 0.031,
            "healthcare": 0.104},
    "QQQ": {"realestate": 0.002, "consumer_cyclical": 0.131, "basic_materials": 0.013,
            "consumer_defensive": 0.049, "technology": 0.522, "communication_services": 0.157,
            "financial_services": 0.004, "utilities": 0.013, "industrials": 0.045, "energy": 0.005,
            "healthcare": 0.059},
}
SMALL_LOSS_SHARE, LARGE_LOSS_SHARE = 0.32, 0.06
MISSING_TRAILING, MISSING_FORWARD = 0.04, 0.09
DEMO_RECORDS_START = "2019-01-31"
RECORD_AR, RECORD_SD = 0.9, 0.04


def _rng(name: str) -> np.random.Generator:
    return np.random.default_rng(demo.seed_of(f"funds:{name}"))


def _fetched_at() -> datetime:
    return datetime.combine(demo.demo_today().date(), datetime.min.time()).replace(hour=8)


def _value(value: float | None, field: str) -> FundValue:
    if value is None:
        return FundValue(None, "", f"the demo mimics Yahoo, which gives no {FIELD_LABELS[field]} for this fund")
    return FundValue(value, f"{DEMO_PROVIDER} ({field})")


def fund_data(symbol: str) -> FundData:
    """Demo valuation of one fund: fixed values for IWM, SPY, QQQ; seeded ones for the other ETFs."""
    symbol = validate_symbol(symbol)
    if symbol not in DEMO_FUNDS:
        raise DataUnavailableError(f"{symbol}: not a fund in the demo data set")
    if symbol in FUND_VALUES:
        pe, fpe, pb, dy, er, assets = FUND_VALUES[symbol]
    else:
        rng = _rng(symbol)
        pe, pb = float(rng.uniform(12, 30)), float(rng.uniform(1.2, 6))
        fpe, dy = (None if rng.random() < 0.5 else pe * 0.88), float(rng.uniform(0.005, 0.035))
        er, assets = 0.0008 if symbol.startswith("XL") else 0.0029, float(rng.uniform(0.3, 40))
    values = {"trailing_pe": _value(pe, "trailing_pe"), "forward_pe": _value(fpe, "forward_pe"),
              "price_to_book": _value(pb, "price_to_book"), "dividend_yield": _value(dy, "dividend_yield"),
              "expense_ratio": _value(er, "expense_ratio"), "net_assets": _value(assets * 1e9, "net_assets")}
    mix = normalize_sector_weightings(SECTOR_MIX.get(symbol, {}))
    return FundData(symbol, values, mix, _fetched_at(), DEMO_PROVIDER, f"Demo {symbol}")


def _member_row(symbol: str) -> dict[str, float | None]:
    return dict(_member_row_on(symbol, demo.demo_today()))


@lru_cache(maxsize=4096)
def _member_row_on(symbol: str, today) -> dict[str, float | None]:
    # Drawn once per member and day (every page run and as-of date asks for all of them).
    rng = _rng(symbol)
    small = symbol in demo.SMALL_MEMBERS
    bars = demo.symbol_bars(symbol).loc[: today]
    price = float(bars["close"].iloc[-1])
    pe = float(rng.lognormal(np.log(16 if small else 21), 0.45))
    trailing = price / pe
    if rng.random() < (SMALL_LOSS_SHARE if small else LARGE_LOSS_SHARE):
        trailing = -price * float(rng.uniform(0.01, 0.08))
    forward = trailing * float(rng.uniform(0.9, 1.35)) if trailing > 0 else price * float(rng.uniform(-0.1, 0.06))
    return {"trailing_eps": None if rng.random() < MISSING_TRAILING else round(trailing, 2),
            "forward_eps": None if rng.random() < MISSING_FORWARD else round(forward, 2),
            "price": round(price, 2),
            "market_cap": round(price * float(rng.lognormal(np.log(4e7 if small else 8e8), 0.8)), -3)}


def equity_fundamentals(symbols: Sequence[str]) -> FundamentalsBatch:
    """Demo EPS and prices for the demo index members; any other symbol fails with a reason."""
    batch = FundamentalsBatch(fetched_at=_fetched_at())
    rows = {}
    members = set(demo.SMALL_MEMBERS) | set(demo.LARGE_MEMBERS)
    for raw in symbols:
        symbol = validate_symbol(raw)
        if symbol not in members:
            batch.failed[symbol] = "not a stock in the demo data set"
            continue
        rows[symbol] = _member_row(symbol)
    batch.frame = fundamentals_frame(rows)
    return batch


def seed_records() -> pd.DataFrame:
    """Month-end demo records since :data:`DEMO_RECORDS_START` (as a refresh job would have kept),
    so the history chart has something to draw offline. Columns as ``history.RECORD_COLUMNS``."""
    dates = pd.date_range(DEMO_RECORDS_START, demo.demo_today(), freq="ME")
    rows = []
    for symbol, (pe, fpe, *_rest) in FUND_VALUES.items():
        rng = _rng(f"records:{symbol}")
        deviation = np.zeros(len(dates))
        for t in range(1, len(dates)):  # AR(1) in log P/E: multiples wander but come back
            deviation[t] = RECORD_AR * deviation[t - 1] + rng.normal(0, RECORD_SD)
        path = pe * np.exp(deviation - deviation[-1])
        rows += [(d, symbol, "trailing_pe", float(v), f"{DEMO_PROVIDER} (trailing_pe)") for d, v in zip(dates, path)]
        if fpe is not None:
            rows += [(d, symbol, "forward_pe", float(v * fpe / pe), f"{DEMO_PROVIDER} (forward_pe)")
                     for d, v in zip(dates, path)]
    return pd.DataFrame(rows, columns=["date", "subject", "field", "value", "source"])


def today() -> date:
    return demo.demo_today().date()
