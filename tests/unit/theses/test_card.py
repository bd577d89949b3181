"""A thesis' card: a rule on both sides of its threshold, no value is no verdict, a stale
input names its last date, and the claims come in order of cost."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.scorecard.card import COST_GROUPS, by_cost, thesis_card
from analytics.scorecard.table import format_value, rule_text
from analytics.theses.catalogue import CATALOGUE
from analytics.theses.metrics import verdict
from analytics.theses.shipped import shipped_ids, shipped_thesis
from tests.unit.theses.fakes import FakeSource, bars, steps


@pytest.mark.parametrize("claim_id, supporting, opposing", [
    ("small_caps_lag_ytd", -0.01, 0.0), ("breadth_recovery", 0.30, 0.2999), ("fed_done_hiking", 90, 89),
    ("inflation_near_target", 0.03, 0.0301), ("rsi_room", 69.9, 70.0), ("macd_weekly_up", 0.001, 0.0),
])
def test_a_rule_on_both_sides_of_its_threshold(claim_id, supporting, opposing):
    claim = shipped_thesis().claim(claim_id)
    assert verdict(claim, supporting) == "supports" and verdict(claim, opposing) == "against"
    assert verdict(claim, None) == verdict(claim, float("nan")) == "no_data"


def test_rules_and_values_as_they_read():
    thesis = shipped_thesis()
    assert rule_text(thesis.claim("breadth_recovery")) == "≥ 30 pp"
    assert rule_text(thesis.claim("rsi_room")) == "< 70"
    assert rule_text(thesis.claim("inflation_near_target")) == "≤ 3%"
    assert format_value(-0.444, "fraction_points") == "-44.4 pp" and format_value(124, "days") == "124 days"
    assert format_value(0.0369, "fraction") == "3.7%" and format_value(None, "fraction") == "n/a"


def test_every_metric_has_a_cost_group_and_the_cheap_come_first():
    assert sorted(m for group in COST_GROUPS.values() for m in group) == sorted(CATALOGUE)
    groups = by_cost(shipped_thesis().claims)
    assert next(iter(groups)) == "prices" and list(groups)[-1] == "breadth"
    assert sum(len(g) for g in groups.values()) == len(shipped_thesis().claims)


def test_a_price_claim_whose_data_ends_early_reads_no_data_with_its_last_date():
    frames = {s: bars(steps("2023-01-02", "2024-06-13", {"2023-01-02": 100})) for s in ("IWM", "SPY", "QQQ")}
    card = thesis_card(FakeSource(frames), "2026-11-27", shipped_thesis())
    entry = card["small_caps_lag_ytd"]
    assert entry["verdict"] == "no_data" and "2024-06-13" in entry["reason"]
    # Completed Santa windows are history, not a reading of the date: they still count (flat: none rose).
    assert card.pop("santa_rally")["value"] == 0.0
    assert {e["verdict"] for e in card.values()} == {"no_data"}  # the fake has nothing else
    assert all(e["reason"] for e in card.values())


@pytest.mark.parametrize("thesis_id", shipped_ids())
def test_every_shipped_thesis_gives_a_full_card_on_an_empty_source(thesis_id):
    thesis = shipped_thesis(thesis_id)
    card = thesis_card(FakeSource(), pd.Timestamp("2024-06-28"), thesis)
    assert list(card) == [c.id for c in thesis.claims]
    assert all(e["verdict"] == "no_data" and e["reason"] for e in card.values())
