"""The scorecard's shared runners give the numbers each analytics section gives alone: the
macro view the Macro page shares, the indicator frames of Technicals, the whole-history member
breadth cut at the date, the undated valuation parts; on several dates, including ones before
the data starts and in the future."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics.breadth.measures import compute_breadth
from analytics.data.demo import DemoSource
from analytics.scorecard.gather import input_runner, run_section
from analytics.sections import TOPIC_SECTIONS
from ui import member_loaders
from ui.scorecard import SHARED_RUNNERS

DATES = [date(2015, 6, 1), date(2018, 12, 24), date(2020, 3, 23), date(2023, 11, 28),
         date(1990, 1, 2), date.today() + timedelta(days=3)]


@pytest.fixture(scope="module")
def demo():
    return DemoSource()


@pytest.mark.parametrize("name", sorted(SHARED_RUNNERS))
@pytest.mark.parametrize("day", DATES, ids=str)
def test_a_shared_runner_gives_the_section_s_numbers(demo, monkeypatch, name, day):
    import ui.fund_loaders
    import ui.loaders
    import ui.macro_loaders
    import ui.scorecard
    import ui.source

    for module in (ui.fund_loaders, ui.loaders, ui.macro_loaders, ui.scorecard, ui.source):
        monkeypatch.setattr(module, "get_source", lambda spec: demo, raising=False)
    assert run_section(demo, day, name, SHARED_RUNNERS[name]("demo")) == run_section(demo, day, name, input_runner(name, TOPIC_SECTIONS))


@pytest.mark.parametrize("day", DATES[:4], ids=str)
def test_the_breadth_page_cut_of_the_whole_history_is_the_breadth_as_of_the_date(demo, day):
    symbols = tuple(sorted(demo.universe("sp500").symbols))[:60]
    frames = demo.prices(list(symbols)).frames
    got = member_loaders._whole_breadth("demo", tuple(s for s in symbols if s in frames)).as_of(day)
    expected = compute_breadth(frames, len(frames), day)
    assert got.latest() == expected.latest() and got.through == expected.through
    assert got.members_with_data == expected.members_with_data
    assert got.above[50].equals(expected.above[50]) and got.ad.equals(expected.ad)
