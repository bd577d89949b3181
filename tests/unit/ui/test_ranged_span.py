"""ui.ranged.Span: what a data-ranged control may take, and where a value outside it lands."""
from __future__ import annotations

from datetime import date

from ui.ranged import Span

DAYS = (date(2024, 1, 2), date(2024, 1, 3), date(2024, 1, 5), date(2024, 1, 8))


def test_bounds_empty_single_and_range():
    assert Span.between(2001, 2000).empty and Span.between(None, 2000).empty
    assert Span.between(2000, 2000).single and Span.between(2000, 2000).only == 2000
    span = Span.between(1993, 2000)
    assert not span.empty and not span.single
    assert [span.clamp(y) for y in (1980, 1993, 1996, 2000, 2030)] == [1993, 1993, 1996, 2000, 2000]


def test_dates_clamp_to_the_nearest_end():
    span = Span.between(date(2000, 1, 3), date(2001, 9, 17))
    assert span.clamp(date(1990, 1, 1)) == date(2000, 1, 3)
    assert span.clamp(date(2023, 11, 28)) == date(2001, 9, 17)


def test_ordered_options_snap_on_or_before_and_clamp_at_the_ends():
    span = Span.among(DAYS, ordered=True)
    assert span.clamp(date(2024, 1, 6)) == date(2024, 1, 5)  # a Saturday: the Friday before
    assert span.clamp(date(2023, 12, 25)) == DAYS[0] and span.clamp(date(2024, 2, 1)) == DAYS[-1]
    assert span.clamp(DAYS[1]) == DAYS[1]


def test_labels_have_no_nearest_one_so_the_first_stands_in():
    span = Span.among(["SPY", "QQQ", "DIA"])
    assert span.clamp("IWM") == "SPY" and span.clamp("QQQ") == "QQQ"
    assert Span.among([]).empty and Span.among(["SPY"]).single and Span.among(["SPY"]).only == "SPY"


def test_a_value_of_another_kind_is_not_held():
    span = Span.between(date(2000, 1, 3), date(2001, 9, 17))
    assert not span.holds("2001-01-01") and span.clamp("2001-01-01") == date(2000, 1, 3)
