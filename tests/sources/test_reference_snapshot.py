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
