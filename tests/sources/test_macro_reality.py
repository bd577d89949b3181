"""Macro against reality: the real-data snapshot in ../shared (read in place, never copied).

Skipped only when ../shared is not beside the checkout.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from analytics.data.csvdir import SnapshotSource
from analytics.macro.report import load_view, view_to_report

SNAPSHOT = Path(__file__).resolve().parents[3] / "shared" / "reference-data" / "snapshot"
pytestmark = pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="../shared/reference-data not beside the repo")


@pytest.fixture(scope="module")
def article_day():
    return load_view(SnapshotSource(SNAPSHOT), "2023-11-28")


@pytest.fixture(scope="module")
def whole_snapshot():
    return load_view(SnapshotSource(SNAPSHOT), "2026-08-01")


def test_article_date_rates_and_inflation(article_day):
    report = view_to_report(article_day)
    assert report["fed_funds"] == 5.33
    assert report["fed_target_upper"] == 5.5 and report["fed_target_lower"] == 5.25
    assert report["curve_10y2y"] == -0.39
    assert report["two_year_minus_fed_funds"] == pytest.approx(4.73 - 5.33)
    assert report["cpi_yoy"]["period"] == "2023-10"
    assert report["cpi_yoy"]["value"] == pytest.approx(0.032, abs=0.001)  # "CPI, Oct 2023: +3.2% y/y"


def test_article_date_fed_cycle(article_day):
    report = view_to_report(article_day)
    assert report["latest_hike"] == "2023-07-27" and report["days_since_hike"] == 124
    kinds = [e["kind"] for e in report["events"]]
    assert kinds.count("last_hike") == 5 and kinds.count("first_cut") == 5
    assert article_day.hike.confirmed_by is None


def test_whole_snapshot_has_six_cycles_and_2019_small_caps_lagged(whole_snapshot):
    events = [(e.kind, f"{e.date:%Y-%m-%d}") for e in whole_snapshot.events]
    assert events.count(("last_hike", "2023-07-27")) == 1 and ("first_cut", "2024-09-19") in events
    assert sum(kind == "last_hike" for kind, _ in events) == 6
    assert sum(kind == "first_cut" for kind, _ in events) == 6
    returns = whole_snapshot.returns.set_index(["kind", "date", "horizon_months"])
    row = returns.loc[("first_cut", "2019-08-01", 6)]
    assert row["status"] == "complete" and row["rut_return"] < row["spx_return"]


def test_global_chart_names_the_banks_the_snapshot_lacks(article_day):
    counts = article_day.counts
    assert counts.tracked == 1  # only the ECB deposit rate is in the snapshot
    assert len(counts.left_out) == len(article_day.banks) - 1
    assert all("not in this snapshot" in text for text in counts.left_out)
