"""One sector vocabulary; sector weights from holdings with cash and derivatives apart."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.data.funds import normalize_ishares_allocation
from analytics.data.gics import CASH_AND_DERIVATIVES, GICS_SECTORS, canonical_sector, normalize_sector_weightings
from analytics.data.ishares import normalize_ishares_csv
from analytics.valuation.sectors import sector_mix, sector_weights, top_holdings

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ishares_iwm_holdings.csv"


@pytest.mark.parametrize("name, expected", [
    ("realestate", "Real Estate"), ("consumer_cyclical", "Consumer Discretionary"),
    ("basic_materials", "Materials"), ("communication_services", "Communication Services"),
    ("financial_services", "Financials"), ("technology", "Information Technology"),
    ("healthcare", "Health Care"), ("consumer_defensive", "Consumer Staples"),
    ("Communication", "Communication Services"), ("Information Technology", "Information Technology"),
    ("Health Care", "Health Care"), ("Consumer Cyclical", "Consumer Discretionary"),
    ("Cash and/or Derivatives", CASH_AND_DERIVATIVES), ("-", "Other"), (None, "Other"), ("Widgets", "Other"),
])
def test_vocabulary(name, expected):
    assert canonical_sector(name) == expected


def test_yahoo_weightings_rescaled():
    mix = normalize_sector_weightings({"technology": 0.3, "healthcare": 0.1, "energy": 0.0, "bogus": "x"})
    assert mix == {"Health Care": pytest.approx(0.25), "Information Technology": pytest.approx(0.75)}
    assert normalize_sector_weightings({}) == {}


def test_weights_from_recorded_ishares_text_with_cash_rows():
    frame = normalize_ishares_allocation(FIXTURE.read_text())
    weights, apart = sector_weights(frame)
    # equity rows: Industrials 0.64, Financials 0.50, Health Care 0.45 + 0.00 -> 1.59% of the fund
    assert weights["fraction_of_equity"].sum() == pytest.approx(1.0)
    assert weights.loc["Industrials", "fraction_of_equity"] == pytest.approx(0.64 / 1.59)
    assert weights.loc["Health Care", "holdings"] == 2
    assert apart[CASH_AND_DERIVATIVES] == pytest.approx(0.20)
    assert apart["Not in the equity list"] == pytest.approx(100 - 1.59 - 0.20)


def test_equity_only_file_reports_the_remainder():
    held = normalize_ishares_csv(FIXTURE.read_text(), "IWM")  # the equity-only reader drops cash rows
    weights, apart = sector_weights(held.frame)
    assert CASH_AND_DERIVATIVES not in apart and apart["Not in the equity list"] == pytest.approx(100 - 1.59)
    assert weights["fraction_of_equity"].sum() == pytest.approx(1.0)


def test_zero_weight_other_is_dropped_and_empty_is_an_error():
    frame = pd.DataFrame({"symbol": ["A", "B"], "sector": ["Energy", "Other"], "weight": [1.0, 0.0]})
    weights, _ = sector_weights(frame)
    assert list(weights.index) == ["Energy"]
    with pytest.raises(ValueError, match="no equity weight"):
        sector_weights(frame.assign(weight=0.0))


def test_top_holdings_and_mix_table():
    frame = normalize_ishares_allocation(FIXTURE.read_text())
    top = top_holdings(frame, 2)
    assert list(top["symbol"]) == ["AAAA", "BBB.B"]
    mix = sector_mix({"IWM": {"Energy": 0.4, "Financials": 0.6}, "SPY": {"Information Technology": 1.0}})
    assert list(mix.index) == [s for s in GICS_SECTORS if s in ("Energy", "Financials", "Information Technology")]
    assert mix.loc["Energy", "IWM"] == 0.4 and pd.isna(mix.loc["Energy", "SPY"])
