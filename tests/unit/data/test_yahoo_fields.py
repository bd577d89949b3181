"""One normaliser per Yahoo field: units, missing values and implausible values."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.data import yahoo_fields as fields


@pytest.mark.parametrize("raw, expected", [(17.42, 17.42), ({"raw": 21.0, "fmt": "21.00"}, 21.0),
                                           (None, None), (pd.NA, None), (float("nan"), None), ("abc", None),
                                           (-5.0, None), (0, None), (True, None)])
def test_ratio(raw, expected):
    assert fields.ratio(raw, "trailing P/E").value == expected


def test_ratio_from_holdings_yield_is_inverted():
    result = fields.ratio_from_yield(0.05, "P/E")
    assert result.value == pytest.approx(20.0) and "inverse" in result.note
    assert fields.ratio_from_yield(1.0, "P/E").value == pytest.approx(1.0)  # the boundary is a yield
    assert fields.ratio_from_yield(18.5, "P/E").value == 18.5  # above 1: already a ratio
    assert fields.ratio_from_yield(-0.01, "P/E").value is None


def test_yields_fractions_and_points():
    assert fields.yield_fraction(0.0113).value == pytest.approx(0.0113)
    assert fields.dividend_yield_points(1.13).value == pytest.approx(0.0113)
    assert fields.dividend_yield_points(0.35).value == pytest.approx(0.0035)  # AAPL: 0.35%, not 35%
    assert fields.yield_fraction(1.13).value is None  # 113% cannot be a fund's yield: unit unclear
    assert "outside" in fields.yield_fraction(1.13).note


def test_expense_ratios():
    assert fields.expense_ratio_points(0.19).value == pytest.approx(0.0019)
    assert fields.expense_ratio_fraction(0.0019).value == pytest.approx(0.0019)
    assert fields.expense_ratio_fraction(0.19).value is None  # 19% a year: a points value in the wrong field


def test_dollars_eps_and_price():
    assert fields.dollars(6.5e10, "net assets").value == 6.5e10
    assert fields.dollars(0, "net assets").value is None
    assert fields.eps(-2.37) == -2.37 and fields.eps(None) is None
    assert fields.price({"currentPrice": None, "regularMarketPrice": 10.5}) == 10.5
    assert fields.price({"previousClose": 0}) is None
    assert math.isnan(float("nan")) and fields.eps(float("inf")) is None
