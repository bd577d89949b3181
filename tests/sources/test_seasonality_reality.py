"""Check against reality: Santa-rally statistics and the crypto measures on the real-data
snapshot in ../shared (read in place, never copied). Skipped when ../shared is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

from analytics.data.csvdir import SnapshotSource
from analytics.report import build_report
from analytics.seasonality import crypto, windows

SNAPSHOT = Path(__file__).resolve().parents[3] / "shared" / "reference-data" / "snapshot"
pytestmark = pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="../shared/reference-data not beside the repo")


@pytest.fixture(scope="module")
def closes():
    return SnapshotSource(SNAPSHOT).prices(["IWM", "SPY", "BTC-USD", *crypto.CANDIDATE_ALTS]).closes()


def test_santa_hit_rates_2001_to_2025_counted_by_december(closes):
    iwm = windows.santa_stats(closes, "IWM", "2026-08-21", first_year=2001, last_year=2025)
    spy = windows.santa_stats(closes, "SPY", "2026-08-21", first_year=2001, last_year=2025)
    assert (iwm.years, spy.years) == (25, 25)
    assert iwm.hit_rate == pytest.approx(0.64)  # 16 of 25
    assert spy.hit_rate == pytest.approx(0.72)  # 18 of 25


def test_the_2023_window_fell_while_the_month_after_the_article_rose(closes):
    iwm = windows.santa_windows(closes["IWM"], "2024-01-31").loc[2023]
    spy = windows.santa_windows(closes["SPY"], "2024-01-31").loc[2023]
    assert f"{iwm['base_date']:%Y-%m-%d}" == "2023-12-21" and f"{iwm['end']:%Y-%m-%d}" == "2024-01-03"
    assert iwm["return"] == pytest.approx(-0.0272, abs=0.0005)
    assert spy["return"] == pytest.approx(-0.0083, abs=0.0005)
    month_after = closes["IWM"].loc["2023-12-28"] / closes["IWM"].loc["2023-11-28"] - 1
    assert month_after == pytest.approx(0.146, abs=0.001)  # not the Santa window: do not confuse


def test_report_section_at_the_article_date(closes):
    out = build_report(SnapshotSource(SNAPSHOT), "2023-11-28", ["seasonality"])["seasonality"]
    assert out["santa"]["IWM"]["years"] == 23 and out["santa"]["IWM"]["last_year"] == 2022  # 2000-2022
    assert out["santa"]["SPY"]["first_year"] == 1993
    assert out["santa"]["IWM"]["hit_rate"] == pytest.approx(15 / 23, abs=1e-6)
    assert set(out["santa"]["IWM"]) >= {"years", "hit_rate", "median", "mean"}


def test_eth_btc_at_the_article_date(closes):
    # ETH-USD 2,049.34 and BTC-USD 37,831.09 on 2023-11-28 (SOURCES.md).
    measures = crypto.alt_measures(closes, "2023-11-28")
    assert measures[crypto.ETH_BTC].iloc[-1] == pytest.approx(2049.34 / 37831.09, rel=1e-5)
    assert crypto.alts_present(closes) == ["ETH-USD"]  # the snapshot has no other alt
    assert crypto.alts_leading(closes, "2023-11-28", crypto.ETH_BTC) == pytest.approx(-0.144, abs=0.001)
