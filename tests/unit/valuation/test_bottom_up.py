"""Weighted harmonic P/E on a hand-built table with a loss-maker and a missing EPS."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.valuation.bottom_up import bottom_up_pe, cap_weights, harmonic_pe, member_table

WEIGHTS = pd.Series({"AAA": 50.0, "BBB": 30.0, "CCC": 20.0})
FUNDAMENTALS = pd.DataFrame({
    "trailing_eps": [2.0, -1.0, math.nan],   # AAA E/P 0.10, BBB a loss-maker (-0.10), CCC no EPS
    "forward_eps": [2.5, 0.5, 1.0],
    "price": [20.0, 10.0, 5.0],
}, index=pd.Index(["AAA", "BBB", "CCC"], name="symbol"))


def test_three_ways_by_hand():
    result = bottom_up_pe(WEIGHTS, FUNDAMENTALS)
    # all: (50 + 30) / (50 * 0.10 + 30 * -0.10) = 80 / 2 = 40
    assert result.pe_all == pytest.approx(40.0)
    # profitable only: 50 / (50 * 0.10) = 10
    assert result.pe_profitable == pytest.approx(10.0)
    # losing money among the two with a trailing EPS: 1 of 2; by weight 30 of 80
    assert result.share_negative_count == pytest.approx(0.5)
    assert result.share_negative_weight == pytest.approx(0.375)
    assert result.coverage_weight == pytest.approx(0.8) and result.coverage_count == 2 and result.members == 3


def test_forward_basis():
    result = bottom_up_pe(WEIGHTS, FUNDAMENTALS, "forward")
    # E/P: 0.125, 0.05, 0.2 -> 100 / (6.25 + 1.5 + 4) = 8.5106...
    assert result.pe_all == pytest.approx(100 / 11.75)
    assert result.coverage_weight == pytest.approx(1.0)
    assert result.share_negative_count == pytest.approx(0.5)  # still trailing earnings


def test_aggregate_loss_has_no_pe_and_says_why():
    frame = FUNDAMENTALS.assign(trailing_eps=[0.5, -3.0, math.nan])
    result = bottom_up_pe(WEIGHTS, frame)
    assert result.pe_all is None and "loss" in result.note
    assert result.pe_profitable == pytest.approx(50 / (50 * 0.025))


def test_harmonic_is_not_the_arithmetic_mean():
    # P/Es 10 and 40 at equal weight: harmonic 16, arithmetic 25.
    assert harmonic_pe(pd.Series([1.0, 1.0]), pd.Series([0.1, 0.025])) == pytest.approx(16.0)


def test_bad_inputs():
    with pytest.raises(ValueError, match="basis"):
        bottom_up_pe(WEIGHTS, FUNDAMENTALS, "ttm")
    with pytest.raises(ValueError, match="positive member weights"):
        bottom_up_pe(WEIGHTS * 0, FUNDAMENTALS)


def test_cap_weights_in_percent():
    frame = FUNDAMENTALS.assign(market_cap=[3e9, 1e9, math.nan])
    assert cap_weights(frame).to_dict() == {"AAA": pytest.approx(75.0), "BBB": pytest.approx(25.0)}


def test_member_table_and_members_without_data():
    table = member_table(WEIGHTS, FUNDAMENTALS.drop(index="CCC"))
    assert table.loc["AAA", "trailing_pe"] == pytest.approx(10.0)
    assert math.isnan(table.loc["BBB", "trailing_pe"]) and math.isnan(table.loc["CCC", "price_usd"])
    assert bottom_up_pe(WEIGHTS, FUNDAMENTALS.drop(index="CCC")).coverage_weight == pytest.approx(0.8)
