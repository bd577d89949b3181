"""Check the Valuation numbers against reality: the real-data snapshot and raw files in ../shared
(read in place, never copied). Skipped only when ../shared is not beside the checkout."""
from __future__ import annotations

from pathlib import Path

import pytest

from analytics.data.csvdir import SnapshotSource
from analytics.data.funds import normalize_ishares_allocation
from analytics.report import build_report
from analytics.valuation.history import history_bands, parse_history_csv
from analytics.valuation.sectors import sector_weights

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference-data"
SNAPSHOT = REFERENCE / "snapshot"
CAPE = REFERENCE / "valuation" / "multpl_shiller_cape_monthly_1987_to2026-05.csv"
pytestmark = pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="../shared/reference-data not beside the repo")
SPDR = ("XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY")


def week_ranks(as_of: str) -> dict[str, int]:
    section = build_report(SnapshotSource(SNAPSHOT), as_of, ["valuation"], members=False)["valuation"]
    week = {s: section["sector_performance"][s]["1w"] for s in SPDR}
    return {s: i + 1 for i, s in enumerate(sorted(week, key=week.get, reverse=True))}


def test_week_before_the_article_health_care_and_financials_led():
    ranks = week_ranks("2023-11-22")
    assert ranks["XLV"] == 2 and ranks["XLF"] == 3


def test_on_the_article_date_the_order_had_turned():
    ranks = week_ranks("2023-11-28")
    assert ranks["XLV"] == 10 and ranks["XLF"] == 7 and ranks["XLI"] == 11


def test_iwm_health_care_weight_and_holdings_date():
    section = build_report(SnapshotSource(SNAPSHOT), "2023-11-28", ["valuation"], members=False)["valuation"]
    weights = section["sector_weights"]
    assert weights["as_of"] == "2025-05-13"  # later than the article: the page says so
    assert weights["IWM"]["Health Care"] == pytest.approx(0.155, abs=0.001)
    assert sum(weights["IWM"].values()) == pytest.approx(1.0, abs=0.001)
    assert section["funds"]["IWM"]["trailing_pe"] is None and section["bottom_up"]["IWM"] is None


def test_raw_ishares_file_cash_apart():
    text = (REFERENCE / "iwm_holdings" / "IWM_holdings_2025-05-13.csv").read_text(encoding="utf-8-sig")
    weights, apart = sector_weights(normalize_ishares_allocation(text))
    assert weights.loc["Health Care", "fraction_of_equity"] == pytest.approx(0.155, abs=0.001)
    assert apart["Cash and/or Derivatives"] == pytest.approx(0.37, abs=0.005)


@pytest.mark.skipif(not CAPE.is_file(), reason="no CAPE file")
def test_cape_history_imports_and_nov_2023_sits_high():
    frame = parse_history_csv(CAPE.read_text())
    bands = history_bands(frame["close"], "2023-11-28")
    assert bands.current_date.strftime("%Y-%m") == "2023-11" and bands.current == pytest.approx(30.01)
    assert bands.observations == 443 and 0.75 < bands.percentile < 0.80
