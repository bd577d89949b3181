"""Check against reality: what happened after the article (2023-11-28) on the real-data
snapshot in ../shared (read in place, never copied). Skipped when ../shared is absent."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analytics.data.csvdir import SnapshotSource
from analytics.report import build_report

SNAPSHOT = Path(__file__).resolve().parents[3] / "shared" / "reference-data" / "snapshot"
pytestmark = pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="../shared/reference-data not beside the repo")


@pytest.fixture(scope="module")
def forward() -> dict:
    return build_report(SnapshotSource(SNAPSHOT), "2023-11-28", ["forward"])["forward"]


def test_one_month_later_small_caps_led(forward):
    assert forward["IWM"]["1m"] == pytest.approx(0.146, abs=0.0005)
    assert forward["SPY"]["1m"] == pytest.approx(0.048, abs=0.0005)
    assert forward["dates"]["horizon_targets"]["1m"] == "2023-12-28"


def test_to_the_latest_bar_the_call_missed_against_qqq(forward):
    assert forward["dates"]["latest"]["IWM"] == "2026-08-21"
    assert forward["IWM"]["latest"] == pytest.approx(0.685, abs=0.0005)
    assert forward["SPY"]["latest"] == pytest.approx(0.683, abs=0.0005)
    assert forward["QQQ"]["latest"] == pytest.approx(0.828, abs=0.0005)
    assert 0 < forward["IWM/SPY"]["latest"] < 0.002  # a fraction of a point


def test_on_total_return_to_the_last_adjusted_close_spy_is_ahead(forward):
    total = forward["forward_total"]
    # The article's trade: IWM against SPY and QQQ, each leg and each ratio.
    assert forward["dates"]["total_latest"] == {k: "2026-07-31" for k in ("IWM", "SPY", "QQQ", "IWM/SPY", "IWM/QQQ")}
    assert total["SPY"]["latest"] == pytest.approx(0.699, abs=0.001)
    assert total["IWM"]["latest"] == pytest.approx(0.687, abs=0.001)
    assert total["IWM/SPY"]["latest"] < 0
    for key in ("IWM", "SPY", "QQQ"):  # dividends add to every horizon reached
        assert total[key]["12m"] > forward[key]["12m"]


def test_the_1618_target_was_touched_in_2026(forward):
    assert forward["fib"]["targets"]["1.618"] == pytest.approx(295.6, abs=0.05)
    assert forward["fib_touched"]["1.618"] == "2026-06-12"
    # An independent read of the file: the first daily high at or above the target.
    target = forward["fib"]["targets"]["1.618"]
    with (SNAPSHOT / "prices" / "IWM.csv").open() as handle:
        first = next(row["date"] for row in csv.DictReader(handle)
                     if row["date"] > "2023-11-28" and row["high"] and float(row["high"]) >= target)
    assert first == "2026-06-12"
    assert forward["fib_touched"]["2"] is None and forward["fib_touched"]["2.618"] is None
