"""Deterministic synthetic market data for offline use and tests: the demo source.

Prices come from :mod:`analytics.data.demo_prices` (a seeded three-factor model), macro series
from :mod:`analytics.data.demo_macro` and fund data from :mod:`analytics.data.demo_funds`. Every
draw is seeded: the same date always shows the same numbers, whatever day the demo is run.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from analytics.data import demo_funds, demo_macro
from analytics.data.base import Holdings, PriceBatch, SourceInfo, Universe
from analytics.data.demo_prices import (
    DIVIDEND_YIELDS,
    LARGE_MEMBERS,
    SECTORS,
    SMALL_MEMBERS,
    UNIVERSE_AS_OF,
    adjusted_close,
    demo_today,
    seed_of,
    symbol_bars,
)
from analytics.data.fred import validate_series_id
from analytics.errors import DataUnavailableError
from analytics.symbols import validate_symbol

__all__ = ["DIVIDEND_YIELDS", "DemoSource", "adjusted_close"]


class DemoSource:
    """Synthetic, seeded data for every symbol and series the pages use."""

    kind = "demo"

    def info(self) -> SourceInfo:
        return SourceInfo(kind="demo", label="Demo data (synthetic)")

    def prices(self, symbols: Sequence[str], start: date | None = None) -> PriceBatch:
        batch = PriceBatch()
        cutoff = demo_today()
        for raw in symbols:
            symbol = validate_symbol(raw)
            try:
                frame = symbol_bars(symbol).loc[: cutoff]
            except DataUnavailableError as exc:
                batch.failed[symbol] = str(exc).split(": ", 1)[-1]
                continue
            if start is not None:
                frame = frame.loc[pd.Timestamp(start):]
            batch.frames[symbol] = frame  # copy-on-write: a caller's change copies, never the cache
        return batch

    def fred(self, series_id: str) -> pd.Series:
        series_id = validate_series_id(series_id)
        macro = demo_macro.macro_series()
        if series_id not in macro:
            raise DataUnavailableError(f"FRED {series_id}: not in the demo data set")
        series = macro[series_id].loc[: demo_today()].copy()
        series.index.name = "date"
        series.name = series_id
        return series

    def holdings(self, fund: str) -> Holdings:
        fund = validate_symbol(fund)
        if fund != "IWM":
            raise DataUnavailableError(f"{fund} holdings: not in the demo data set")
        rng = np.random.default_rng(seed_of("IWM holdings"))
        weights = rng.pareto(2.5, len(SMALL_MEMBERS)) + 0.2
        weights = np.round(100 * weights / weights.sum(), 4)
        frame = pd.DataFrame(
            {
                "symbol": SMALL_MEMBERS,
                "name": [f"Demo Small Cap {s[2:]}" for s in SMALL_MEMBERS],
                "sector": [SECTORS[int(i)] for i in rng.integers(0, len(SECTORS), len(SMALL_MEMBERS))],
                "weight": weights,
            }
        ).sort_values("weight", ascending=False, ignore_index=True)
        return Holdings(fund="IWM", frame=frame, as_of=UNIVERSE_AS_OF)

    def universe(self, name: str) -> Universe:
        members = {"sp500": LARGE_MEMBERS, "russell2000": SMALL_MEMBERS, "nasdaq100": LARGE_MEMBERS[:40]}
        if name not in members:
            raise DataUnavailableError(f"universe {name!r}: not in the demo data set")
        return Universe(name=name, symbols=members[name], as_of=UNIVERSE_AS_OF)

    def fund_data(self, symbol: str):
        return demo_funds.fund_data(symbol)

    def equity_fundamentals(self, symbols: Sequence[str]):
        return demo_funds.equity_fundamentals(symbols)

    def seed_valuation_records(self) -> pd.DataFrame:
        """Past valuation records, as a refresh job would have kept them (demo history)."""
        return demo_funds.seed_records()
