"""What happened next follows a thesis' trade: the long leg, each against-leg, and long/against
for each, price and total return, at 1, 3, 6, 12 months and to the latest bar."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.data.base import ADJ_CLOSE
from analytics.performance.forward import ARTICLE_TRADE, HORIZONS, LATEST, Trade, forward_view
from analytics.sections import thesis_trade

DAYS = pd.bdate_range("2023-01-02", "2024-03-29", name="date")


def _frame(close: pd.Series, adj: pd.Series | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"open": close, "high": close, "low": close, "close": close, "volume": 1.0})
    if adj is not None:
        frame[ADJ_CLOSE] = adj
    return frame


def _step(before: float, after: float, on: str = "2023-02-01") -> pd.Series:
    return pd.Series(np.where(DAYS < pd.Timestamp(on), before, after), index=DAYS)


def test_the_legs_of_a_trade():
    trade = Trade("RSP", ("SPY", "RSP", "IWN"))
    assert trade.symbols == ("RSP", "SPY", "IWN") and trade.pairs == (("RSP", "SPY"), ("RSP", "IWN"))
    assert ARTICLE_TRADE.pairs == (("IWM", "SPY"), ("IWM", "QQQ"))
    assert thesis_trade("soft-landing-2024") == Trade("IJR", ("SPY",))
    assert thesis_trade(None) == ARTICLE_TRADE


def test_long_against_each_leg_price_and_total():
    # RSP +10%, SPY +21%, IWN flat after 2023-01-16; RSP also pays a 2% dividend (adjusted closes).
    rsp, spy, iwn = _step(100, 110), _step(200, 242), _step(50, 50)
    adj = rsp.where(DAYS >= pd.Timestamp("2023-02-01"), 98.0)
    frames = {"RSP": _frame(rsp, adj), "SPY": _frame(spy, spy), "IWN": _frame(iwn, iwn), "QQQ": _frame(iwn)}
    view = forward_view(frames, "2023-01-16", Trade("RSP", ("SPY", "IWN")))
    assert list(view.price) == ["RSP", "SPY", "IWN", "RSP/SPY", "RSP/IWN"] == list(view.total)
    assert all(set(row) == set(HORIZONS) for row in view.price.values())
    assert view.price["RSP"]["1m"].value == pytest.approx(0.10)
    assert view.price["RSP/SPY"]["1m"].value == pytest.approx(1.10 / 1.21 - 1)
    assert view.price["RSP/IWN"]["12m"].value == pytest.approx(0.10)
    assert view.total["RSP"]["1m"].value == pytest.approx(110 / 98 - 1)
    assert view.total["RSP/SPY"][LATEST].value == pytest.approx((110 / 98) / 1.21 - 1)
    assert view.fib.symbol == "RSP"


def test_a_leg_without_prices_reads_n_a():
    frames = {"RSP": _frame(_step(100, 110))}
    view = forward_view(frames, "2023-01-16", Trade("RSP", ("XYZ",)))
    assert all(r.value is None and r.reason.startswith("n/a") for r in view.price["XYZ"].values())
    assert all(r.value is None for r in view.price["RSP/XYZ"].values())
