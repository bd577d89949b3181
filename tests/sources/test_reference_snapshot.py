"""Check against reality: the real-data snapshot in ../shared (read in place, never copied).

Skipped only when ../shared is not beside the checkout; CI always has it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from analytics.data.csvdir import SnapshotSource
from analytics.report import build_report

SNAPSHOT = Path(__file__).resolve().parents[3] / "shared" / "reference-data" / "snapshot"
pytestmark = pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="../shared/reference-data not beside the repo")


def test_article_date_numbers():
    perf = build_report(SnapshotSource(SNAPSHOT), "2023-11-28", ["performance"])["performance"]
    assert perf["close"]["IWM"] == pytest.approx(178.04, abs=0.005)
    assert perf["ytd"]["IWM"] == pytest.approx(0.0211, abs=0.0005)   # article: "around 3%"
    assert perf["ytd"]["SPY"] == pytest.approx(0.1896, abs=0.0005)   # article: "close to 20%"
    assert perf["ytd"]["QQQ"] == pytest.approx(0.4653, abs=0.0005)
    assert perf["ratio_iwm_spy"] == pytest.approx(178.04 / 454.93, abs=1e-5)


def test_article_technical_case():
    """IWM's automatic anchors and the 1.618 extension the article quotes (about 300, +70%)."""
    tech = build_report(SnapshotSource(SNAPSHOT), "2023-11-28", ["technicals"])["technicals"]
    fib = tech["fib"]
    assert fib["swing_high"] == {"date": "2021-11-08", "price": pytest.approx(244.46, abs=0.005)}
    assert fib["swing_low"] == {"date": "2023-10-27", "price": pytest.approx(161.67, abs=0.005)}
    assert fib["extensions"]["1.618"] == pytest.approx(295.6, abs=0.05)
    assert fib["move_from_close"]["1.618"] == pytest.approx(0.66, abs=0.005)
    assert tech["weekly"]["macd_hist"] > 0 > tech["close_vs_sma_50w"]  # weekly MACD just crossed up; under the 50-week


def test_iwm_later_traded_above_300():
    tech = build_report(SnapshotSource(SNAPSHOT), "2026-08-21", ["technicals"])["technicals"]
    assert tech["close"] > 299


def test_sp500_breadth_tracks_published_s5fi():
    import pandas as pd

    out = build_report(SnapshotSource(SNAPSHOT), "2024-06-13", ["breadth"], lookback_days=500)["breadth"]
    ours = pd.Series({h["date"]: 100 * h["pct_above_50dma"] for h in out["history"]})
    ours.index = pd.to_datetime(ours.index)
    published = pd.read_csv(SNAPSHOT.parent / "sp500_breadth" / "S5FI_sp500_pct_above_50dma_investing_2022-09_to_2024-06.csv",
                            parse_dates=["Date"]).set_index("Date")["S5FI"]
    both = pd.concat([ours, published], axis=1, join="inner").dropna()
    assert len(both) > 400
    assert both.corr().iloc[0, 1] > 0.998
    assert 0.5 < (both.iloc[:, 0] - both.iloc[:, 1]).mean() < 2.5  # survivors run a little high
    point = build_report(SnapshotSource(SNAPSHOT), "2023-10-27", ["breadth"], lookback_days=1)["breadth"]
    assert point["pct_above_50dma"] == pytest.approx(0.106, abs=0.01)
    point = build_report(SnapshotSource(SNAPSHOT), "2023-11-28", ["breadth"], lookback_days=1)["breadth"]
    assert point["pct_above_50dma"] == pytest.approx(0.77, abs=0.01)
    assert point["date"] == "2023-11-28"


def test_breadth_after_the_member_prices_end_names_its_real_date():
    # Member closes stop in June 2024; a later as-of date must not pass them off as current.
    out = build_report(SnapshotSource(SNAPSHOT), "2026-08-21", ["breadth"], lookback_days=1)["breadth"]
    assert out["date"].startswith("2024-06")
    assert out["history"][-1]["date"] == out["date"]
