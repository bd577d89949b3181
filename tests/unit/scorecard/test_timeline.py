"""The timeline: its dates, its columns equal to the single-date scorecards (hand-built data
with known answers, and demo), flips from records, and the report section's shape."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.data.demo import DemoSource
from analytics.scorecard.card import thesis_card
from analytics.scorecard.report import timeline_section
from analytics.scorecard.timeline import (
    Flip,
    every_for,
    flips,
    merged,
    recent_flips,
    thesis_timeline,
    timeline_dates,
    timeline_frame,
    timeline_records,
    timeline_section_of,
)
from analytics.theses.loader import load_thesis
from analytics.theses.shipped import shipped_thesis
from tests.unit.theses.fakes import FakeSource, bars, steps

HAND_BUILT = """
format: 1
id: hand-built
title: IWM jumps ten percent on the first of February
published: 2024-01-05
trade: {long: IWM, against: [SPY, QQQ]}
claims:
  - id: iwm_ahead
    text: IWM is ahead of the better of SPY and QQQ this year
    metric: return_spread
    params: {symbol: IWM, against: [SPY, QQQ], window: ytd}
    rule: "> 0.05"
  - id: above_average
    text: IWM is above its 5-day average
    metric: close_vs_average
    params: {symbol: IWM, days: 5}
    rule: "> 0"
  - id: unemployment_low
    text: Unemployment is low
    metric: series
    params: {id: UNRATE}
    rule: "< 5"
"""
#: IWM steps from 100 to 110 on 2024-02-01; SPY and QQQ stay at 100.
JUMP = "2024-02-01"


@pytest.fixture(scope="module")
def hand_built():
    source = FakeSource({"IWM": bars(steps("2023-01-02", "2024-06-28", {"2023-01-02": 100, JUMP: 110})),
                         "SPY": bars(steps("2023-01-02", "2024-06-28", {"2023-01-02": 100})),
                         "QQQ": bars(steps("2023-01-02", "2024-06-28", {"2023-01-02": 100}))})
    return source, load_thesis(HAND_BUILT, "hand-built.yaml")


def test_dates_step_by_week_or_month_and_end_on_the_as_of_date():
    assert [f"{d:%m-%d}" for d in timeline_dates("2024-01-05", "2024-01-22", "week")] == \
        ["01-05", "01-12", "01-19", "01-22"]
    assert [f"{d:%m-%d}" for d in timeline_dates("2024-01-31", "2024-04-30", "month")] == \
        ["01-31", "02-29", "03-31", "04-30"]
    assert timeline_dates("2024-01-05", "2024-01-04") == []
    assert every_for("2023-11-28", "2026-08-21") == "week" and every_for("2010-01-01", "2026-08-21") == "month"
    with pytest.raises(ValueError, match="day"):
        timeline_dates("2024-01-05", "2024-02-05", "day")  # type: ignore[arg-type]


def test_hand_built_columns_have_the_known_answers_and_equal_each_date_s_card(hand_built):
    source, thesis = hand_built
    dates = timeline_dates("2024-01-05", "2024-03-01", "week")
    timeline = thesis_timeline(source, thesis, dates)
    spread = [r.value for r in timeline.results["iwm_ahead"]]
    # 0 before the jump (all flat since 31 Dec), 0.10 after it: 110 / 100 - 1 minus 0.
    assert spread == pytest.approx([0.10 if d >= pd.Timestamp(JUMP) else 0.0 for d in timeline.dates])
    assert [r.verdict for r in timeline.results["unemployment_low"]] == ["no_data"] * len(dates)
    assert "UNRATE" in timeline.results["unemployment_low"][0].reason
    section = timeline_section_of(timeline)
    for i, day in enumerate(section["dates"]):
        card = thesis_card(source, day, thesis)
        assert {c: (e["value"], e["verdict"]) for c, e in card.items()} == \
            {c: (section["values"][c][i], section["verdicts"][c][i]) for c in card}
    # The relative line: IWM/SPY is 1 on the first date and 1.1 after the jump.
    assert timeline.relative["IWM/SPY"].iloc[0] == 1 and timeline.relative["IWM/SPY"].iloc[-1] == pytest.approx(1.1)
    # The jump flips the spread claim on the first weekly date after it.
    assert [(f"{f.date:%Y-%m-%d}", f.claim, f.after) for f in flips(timeline_records(timeline))
            if f.claim == "iwm_ahead"] == [("2024-02-02", "iwm_ahead", "supports")]


def test_demo_columns_equal_the_scorecard_of_their_dates():
    source, thesis = DemoSource(), shipped_thesis()
    section = timeline_section(source, "2024-05-28", thesis, every="month")
    assert section["dates"] == ["2023-11-28", "2023-12-28", "2024-01-28", "2024-02-28", "2024-03-28",
                                "2024-04-28", "2024-05-28"]
    assert set(section["verdicts"]) == {c.id for c in thesis.claims}
    for i in (0, 3, 6):
        card = thesis_card(source, section["dates"][i], thesis)
        for claim_id, entry in card.items():
            assert (section["values"][claim_id][i], section["verdicts"][claim_id][i]) == \
                (entry["value"], entry["verdict"]), (section["dates"][i], claim_id)


def test_before_the_start_the_section_has_no_dates():
    section = timeline_section(DemoSource(), "2023-11-01", shipped_thesis())
    assert section["dates"] == [] and all(v == [] for v in section["verdicts"].values())


def test_flips_skip_gaps_and_read_any_order_of_records():
    records = [{"date": "2024-01-19", "claim": "a", "verdict": "supports"},
               {"date": "2024-01-05", "claim": "a", "verdict": "against"},
               {"date": "2024-01-12", "claim": "a", "verdict": "no_data"},
               {"date": "2024-01-26", "claim": "a", "verdict": "supports"},
               {"date": "2024-01-05", "claim": "b", "verdict": "no_data"},
               {"date": "2024-01-12", "claim": "b", "verdict": "supports"}]
    assert flips(records) == [Flip(pd.Timestamp("2024-01-19"), "a", "against", "supports")]


def test_recent_flips_are_the_last_four_weeks_newest_first():
    found = [Flip(pd.Timestamp(d), "a", "against", "supports") for d in ("2024-01-01", "2024-02-02", "2024-02-20")]
    assert [f"{f.date:%m-%d}" for f in recent_flips(found, "2024-02-25")] == ["02-20", "02-02"]
    assert recent_flips(found, "2024-01-01") == [found[0]]


def test_the_download_has_a_row_per_date_and_claim(hand_built):
    source, thesis = hand_built
    frame = timeline_frame(thesis_timeline(source, thesis, timeline_dates("2024-01-05", "2024-01-26")))
    assert list(frame.columns) == ["date", "claim", "value", "verdict", "rule"]
    assert len(frame) == 4 * len(thesis.claims)


def test_known_columns_are_reused_and_give_the_same_timeline(hand_built):
    source, thesis = hand_built
    later = thesis_timeline(source, thesis, timeline_dates("2024-01-05", "2024-03-01"))
    dates = timeline_dates("2024-01-05", "2024-02-14")  # a grid prefix and an off-grid as-of date
    reused = thesis_timeline(source, thesis, dates, known=merged(None, later))
    fresh = thesis_timeline(source, thesis, dates)
    assert reused.dates == fresh.dates and reused.results == fresh.results
    assert reused.relative.equals(fresh.relative)
    # A column taken from ``known`` is the same object: it was not computed again.
    assert reused.results["iwm_ahead"][0] is later.results["iwm_ahead"][0]


def test_what_changed_prefers_the_journal_on_the_dates_it_covers():
    from analytics.scorecard.timeline import flips, journal_first

    timeline = [{"date": "2024-01-05", "claim": "a", "verdict": "against"},
                {"date": "2024-01-12", "claim": "a", "verdict": "supports"},
                {"date": "2024-01-19", "claim": "a", "verdict": "supports"}]
    # The watch job recorded 2024-01-12 as against (its data then): no flip on the 12th, one on the 19th.
    journal = [{"date": "2024-01-12", "claim": "a", "verdict": "against"}]
    merged = journal_first(timeline, journal)
    assert [(f"{f.date:%Y-%m-%d}", f.before, f.after) for f in flips(merged)] == [("2024-01-19", "against", "supports")]
    assert journal_first(timeline, []) == timeline
