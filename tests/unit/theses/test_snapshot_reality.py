"""Reality check on the real-data snapshot (shared/, skipped where it is absent): the shipped
theses' metrics give the numbers read off the market by hand."""
from __future__ import annotations

from pathlib import Path

import pytest

from analytics.data.csvdir import SnapshotSource
from analytics.scorecard.card import thesis_card
from analytics.theses.catalogue import CATALOGUE
from analytics.theses.metrics import measure
from analytics.theses.shipped import shipped_thesis

SNAPSHOT = Path(__file__).resolve().parents[4] / "shared" / "reference-data" / "snapshot"
pytestmark = pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="the real-data snapshot is not on this machine")

#: The article's claims on 2023-11-28: value (to the shown precision) and verdict.
ARTICLE_2023_11_28 = {
    "small_caps_lag_ytd": (-0.444, "supports"), "breadth_recovery": (0.665, "supports"),
    "fed_done_hiking": (124, "supports"), "inflation_near_target": (0.037, "against"),
    "macd_weekly_up": (0.0126, "supports"), "rsi_room": (57.4, "supports"),
    "above_50w": (-0.017, "against"), "fib_progress": (0.122, "against"),
    "santa_rally": (0.65, "supports"), "recession_risk_low": (0.33, "supports"),
}


@pytest.fixture(scope="module")
def snapshot():
    return SnapshotSource(SNAPSHOT)


def _params(metric: str, **values):
    return CATALOGUE[metric].model_validate(values)


def test_the_article_on_its_date(snapshot):
    card = thesis_card(snapshot, "2023-11-28", shipped_thesis())
    for claim_id, (value, verdict) in ARTICLE_2023_11_28.items():
        digits = len(str(value).split(".")[1]) if "." in str(value) else 0
        assert round(card[claim_id]["value"], digits) == pytest.approx(value), claim_id
        assert card[claim_id]["verdict"] == verdict, claim_id
    for claim_id in ("iwm_cheaper", "dividend_yield_best"):  # no fund data in a snapshot
        assert card[claim_id]["verdict"] == "no_data" and card[claim_id]["reason"]


@pytest.mark.parametrize("day, expected", [("2024-12-31", -0.074), ("2025-12-31", -0.005)])
def test_small_value_against_small_growth_year_to_date(snapshot, day, expected):
    spread = measure(snapshot, day, _params("return_spread", symbol="IWN", against=["IWO"], window="ytd"))
    assert round(spread.value, 3) == expected


@pytest.mark.parametrize("day, expected", [("2024-08-30", 0.00), ("2024-09-30", 0.15)])
def test_the_curve(snapshot, day, expected):
    assert measure(snapshot, day, _params("series", id="T10Y2Y")).value == pytest.approx(expected)


def test_equal_weight_trailed_over_the_year_to_mid_2025(snapshot):
    spread = measure(snapshot, "2025-06-30", _params("return_spread", symbol="RSP", against=["SPY"], window="1y"))
    assert round(spread.value, 3) == -0.011
