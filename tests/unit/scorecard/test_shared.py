"""The Breadth page's whole-history member breadth, cut at a date, is the breadth as of that
date (the scorecard's claims read the same cut: tests/unit/theses/test_page_loaders.py)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics.breadth.measures import compute_breadth
from analytics.data.demo import DemoSource
from ui import member_loaders

DATES = [date(2015, 6, 1), date(2018, 12, 24), date(2020, 3, 23), date(2023, 11, 28),
         date(1990, 1, 2), date.today() + timedelta(days=3)]


@pytest.fixture(scope="module")
def demo():
    return DemoSource()


@pytest.mark.parametrize("day", DATES[:4], ids=str)
def test_the_breadth_page_cut_of_the_whole_history_is_the_breadth_as_of_the_date(demo, day):
    symbols = tuple(sorted(demo.universe("sp500").symbols))[:60]
    frames = demo.prices(list(symbols)).frames
    got = member_loaders._whole_breadth("demo", tuple(s for s in symbols if s in frames)).as_of(day)
    expected = compute_breadth(frames, len(frames), day)
    assert got.latest() == expected.latest() and got.through == expected.through
    assert got.members_with_data == expected.members_with_data
    assert got.above[50].equals(expected.above[50]) and got.ad.equals(expected.ad)
