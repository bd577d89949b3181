"""Zigzag pivots and the three Elliott rules on constructed paths."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.technicals.elliott import check_impulse, wave_counts, zigzag


def line_through(points, steps=5) -> pd.DataFrame:
    """A piecewise-linear close path through ``points``; high = low = close."""
    values = []
    for a, b in zip(points[:-1], points[1:]):
        values.extend(np.linspace(a, b, steps, endpoint=False))
    values.append(points[-1])
    index = pd.bdate_range("2020-01-01", periods=len(values), name="date")
    v = np.asarray(values)
    return pd.DataFrame({"open": v, "high": v, "low": v, "close": v, "volume": 1.0}, index=index)


TEXTBOOK = [100, 120, 110, 150, 135, 160, 140, 150, 130]  # 0-1-2-3-4-5 then A-B-C


def test_zigzag_finds_every_swing_above_threshold():
    pivots = zigzag(line_through(TEXTBOOK), 5)
    assert pivots["price"].round(6).tolist() == TEXTBOOK
    assert pivots["kind"].tolist() == ["L", "H", "L", "H", "L", "H", "L", "H", "L"]
    assert pivots["confirmed"].tolist() == [True] * 8 + [False]


def test_zigzag_ignores_moves_below_threshold():
    pivots = zigzag(line_through([100, 104, 101, 130, 126, 90]), 5)
    assert pivots["price"].round(6).tolist() == [100, 130, 90]


def test_zigzag_reads_peaks_from_highs_and_troughs_from_lows():
    bars = line_through([100, 120, 100])
    bars["high"] = bars["close"] + 1
    bars["low"] = bars["close"] - 1
    pivots = zigzag(bars, 5)
    assert pivots["price"].tolist() == [99.0, 121.0, 99.0]


def test_zigzag_threshold_must_be_positive():
    with pytest.raises(ValueError):
        zigzag(line_through([1, 2]), 0)


def test_rules_on_a_textbook_impulse():
    assert check_impulse([100, 120, 110, 150, 135, 160]) == {"wave2": True, "wave3": True, "wave4": True}
    assert check_impulse([160, 140, 150, 110, 125, 100]) == {"wave2": True, "wave3": True, "wave4": True}


@pytest.mark.parametrize("prices, broken", [
    ([100, 120, 95, 150, 135, 160], "wave2"),   # wave 2 below the start of wave 1
    ([100, 120, 115, 130, 121, 150], "wave3"),  # wave 3 (15) shorter than 1 (20) and 5 (29)
    ([100, 120, 110, 150, 118, 160], "wave4"),  # wave 4 (118) inside wave 1's range (<= 120)
])
def test_each_rule_can_fail(prices, broken):
    rules = check_impulse(prices)
    assert rules[broken] is False
    assert all(ok for name, ok in rules.items() if name != broken)


def test_wave3_equal_to_shortest_is_not_the_shortest():
    assert check_impulse([100, 120, 110, 130, 125, 145])["wave3"] is True


def test_wave_counts_latest_and_passing():
    pivots = zigzag(line_through(TEXTBOOK), 5)
    latest, passing = wave_counts(pivots)
    # The last six pivots (135..130) are the latest candidate; the textbook impulse passes.
    assert latest.pivots["price"].round(6).tolist() == [150, 135, 160, 140, 150, 130]
    assert passing.pivots["price"].round(6).tolist() == [100, 120, 110, 150, 135, 160]
    assert passing.correction["price"].round(6).tolist() == [140, 150, 130]


def test_no_count_passes():
    # An expanding triangle: every candidate's wave 2 runs past the start of its wave 1.
    pivots = zigzag(line_through([100, 120, 90, 130, 80, 140, 70]), 5)
    latest, passing = wave_counts(pivots)
    assert latest is not None and passing is None


def test_too_few_pivots():
    assert wave_counts(zigzag(line_through([100, 120, 100]), 5)) == (None, None)
