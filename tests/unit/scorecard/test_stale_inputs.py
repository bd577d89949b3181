"""A scorecard input whose data ends well before the as-of date gives no verdict: on the real
snapshot, S&P 500 member prices end on 2024-06-13, and a breadth "recovery" read from them
must not count as a reading of 2026."""
from __future__ import annotations

import pytest

from analytics.scorecard import gather
from analytics.scorecard.report import scorecard_section
from analytics.scorecard.rules import CLAIMS
from analytics.sections import TOPIC_SECTIONS


def _runner(section):
    return lambda *_a, **_k: dict(section)


@pytest.mark.parametrize("section, expected", [
    ({"date": "2024-06-13"}, "2024-06-13"),
    ({"close_date": {"IWM": "2026-08-21", "SPY": "2026-08-20"}}, "2026-08-20"),
    ({"close_date": {}}, None),
    ({"value": 1}, None),
])
def test_the_date_a_section_is_as_of(section, expected):
    assert gather.data_date(section) == expected


def test_a_section_ending_two_years_early_is_no_data_with_its_last_date():
    section, why = gather.run_section(None, "2026-11-27", "breadth", _runner({"date": "2024-06-13", "history": []}))
    assert section is None and why == "breadth: its data ends on 2024-06-13, well before 2026-11-27"


@pytest.mark.parametrize("as_of", ["2024-06-13", "2024-06-17", "2024-06-20"])
def test_a_weekend_or_a_few_days_is_not_stale(as_of):
    # 2024-06-13 is a Thursday: five business days later the figures still count.
    section, why = gather.run_section(None, as_of, "breadth", _runner({"date": "2024-06-13"}))
    assert section == {"date": "2024-06-13"} and why == ""


def test_the_scorecard_names_the_reason_on_the_claims_that_need_it(monkeypatch):
    sections = {name: _runner({"date": "2024-06-13"} if name == "breadth" else {}) for name in TOPIC_SECTIONS}
    monkeypatch.setattr(gather, "crypto_section", _runner({}))
    card = scorecard_section(None, "2026-11-27", sections)
    breadth_claims = [c.id for c in CLAIMS if "breadth" in c.needs]
    assert breadth_claims
    for claim_id in breadth_claims:
        assert card[claim_id]["verdict"] == "no_data"
        assert "2024-06-13" in card[claim_id]["reason"]
