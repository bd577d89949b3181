"""Hand-built inputs for the metric tests: a source of given bars and fund data, a macro view
of given series."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

import numpy as np
import pandas as pd

from analytics.data.base import PriceBatch
from analytics.data.funds import FundData, FundValue
from analytics.errors import DataUnavailableError
from analytics.macro.inputs import MacroInputs
from analytics.theses.catalogue import CATALOGUE


def bars(closes: pd.Series) -> pd.DataFrame:
    """Daily bars whose open, high and low are the close (volume 1)."""
    closes = closes.astype(float)
    return pd.DataFrame({"open": closes, "high": closes, "low": closes, "close": closes,
                         "volume": 1.0}, index=pd.DatetimeIndex(closes.index, name="date"))


def steps(start: str, end: str, levels: dict[str, float], freq: str = "B") -> pd.Series:
    """Closes on ``freq`` days from ``start`` to ``end``, each the level of the latest key on
    or before it (``{"2023-01-01": 110}``: 110 from that day on)."""
    index = pd.date_range(start, end, freq=freq)
    values = pd.Series(np.nan, index=index)
    for day, level in sorted(levels.items()):
        values[index >= pd.Timestamp(day)] = level
    return values


@dataclass
class FakeSource:
    """Prices and fund data held in memory; anything else is unavailable."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    funds: dict[str, FundData] = field(default_factory=dict)

    def prices(self, symbols):
        return PriceBatch({s: self.frames[s] for s in symbols if s in self.frames},
                          {s: "not in this fake" for s in symbols if s not in self.frames})

    def universe(self, name):
        raise DataUnavailableError(f"no {name} members in this fake")

    def fred(self, series_id):
        raise DataUnavailableError(f"FRED {series_id}: not in this fake")

    def fund_data(self, symbol):
        if symbol not in self.funds:
            raise DataUnavailableError(f"{symbol} fund data: not in this fake")
        return self.funds[symbol]


def fund(symbol: str, fetched: str, **values: float) -> FundData:
    return FundData(symbol, {k: FundValue(v, "test") for k, v in values.items()},
                    fetched_at=datetime.fromisoformat(fetched))


def params(metric: str, **values):
    return CATALOGUE[metric].model_validate(values)


def macro_view(as_of: str, series: dict[str, pd.Series], **extra) -> SimpleNamespace:
    """A stand-in for :class:`~analytics.macro.view.MacroView`: the point-in-time series and
    whatever attributes a metric reads (``hike``, ``banks``, ``counts``)."""
    stamp = pd.Timestamp(as_of)
    inputs = MacroInputs(as_of=stamp, series={k: v.loc[:stamp] for k, v in series.items()},
                         spans={k: (v.index[0], v.index[-1]) for k, v in series.items()})
    return SimpleNamespace(inputs=inputs, **extra)
