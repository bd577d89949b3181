"""The scorecard page reads each claim through the pages' cached loaders (prices, the Macro
page's view, the whole-history breadth, fund data): the readings are the ones the metrics give
with their own loaders, for every shipped thesis, on several dates (before the data, in the
future too)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics.data.demo import DemoSource
from analytics.scorecard.card import evaluate
from analytics.theses.shipped import shipped_ids, shipped_thesis

DATES = [date(2015, 6, 1), date(2023, 11, 28), date(1990, 1, 2), date.today() + timedelta(days=3)]


@pytest.fixture(scope="module")
def demo():
    return DemoSource()


@pytest.mark.parametrize("thesis_id", shipped_ids())
@pytest.mark.parametrize("day", DATES, ids=str)
def test_the_page_s_loaders_give_the_metrics_readings(demo, monkeypatch, thesis_id, day):
    import ui.fund_loaders
    import ui.loaders
    import ui.macro_loaders
    import ui.source
    import ui.theses

    for module in (ui.fund_loaders, ui.loaders, ui.macro_loaders, ui.theses, ui.source):
        monkeypatch.setattr(module, "get_source", lambda spec: demo, raising=False)
    thesis = shipped_thesis(thesis_id)
    page = [ui.theses.load_claim("demo", day, thesis_id, c.id) for c in thesis.claims]
    alone = evaluate(demo, day, thesis.claims)
    assert [(r.value, r.verdict) for r in page] == [(r.value, r.verdict) for r in alone]
    assert all(r.reason for r in page if r.verdict == "no_data")
