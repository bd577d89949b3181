"""Fed target splice and cycle events on hand-built step series."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.macro import fed


def steps(*moves: tuple[str, float], end: str = "2001-12-31") -> pd.Series:
    """A daily step series from (first day in effect, level) moves."""
    days = pd.date_range(moves[0][0], end, freq="D")
    changes = pd.Series([m[1] for m in moves], index=pd.DatetimeIndex([m[0] for m in moves]))
    return changes.reindex(days).ffill()


def events_of(series: pd.Series, since="1990-01-01") -> list[tuple[str, str, str]]:
    return [(e.kind, f"{e.date:%Y-%m-%d}", f"{e.known_from:%Y-%m-%d}")
            for e in fed.detect_events(fed.target_changes(series), since)]


def test_changes_are_dated_the_first_day_in_effect():
    changes = fed.target_changes(steps(("2000-01-01", 5.0), ("2000-02-02", 5.25), ("2000-03-21", 5.0)))
    assert list(changes.index.strftime("%Y-%m-%d")) == ["2000-02-02", "2000-03-21"]
    assert changes["change"].tolist() == [0.25, -0.25]
    assert changes.loc["2000-02-02", "before"] == 5.0 and changes.loc["2000-02-02", "after"] == 5.25


def test_hike_pause_cut_gives_one_last_hike_known_from_the_cut():
    series = steps(("2000-01-01", 5.0), ("2000-05-16", 6.5), ("2001-01-03", 6.0), ("2001-01-31", 5.5))
    assert events_of(series) == [("last_hike", "2000-05-16", "2001-01-03"),
                                 ("first_cut", "2001-01-03", "2001-01-03")]


def test_two_hikes_in_a_row_only_the_second_is_the_last():
    series = steps(("2000-01-01", 5.0), ("2000-03-01", 5.25), ("2000-05-01", 5.5), ("2000-09-01", 5.25))
    assert events_of(series) == [("last_hike", "2000-05-01", "2000-09-01"), ("first_cut", "2000-09-01", "2000-09-01")]


def test_cut_without_a_prior_hike_is_no_event():
    series = steps(("2000-01-01", 5.0), ("2000-03-01", 4.75), ("2000-05-01", 4.5))
    assert events_of(series) == []


def test_a_hike_not_followed_by_a_cut_is_not_an_event_yet():
    series = steps(("2000-01-01", 5.0), ("2000-03-01", 4.75), ("2000-05-01", 5.0))
    assert events_of(series) == []


def test_since_filters_on_the_event_date_but_a_hike_before_it_still_opens_the_cycle():
    series = steps(("1989-01-01", 9.0), ("1989-12-01", 9.25), ("1990-02-01", 9.0))
    assert events_of(series) == [("first_cut", "1990-02-01", "1990-02-01")]


def test_point_in_time_events_and_the_latest_hike_inside_a_pause():
    series = steps(("2022-01-01", 0.25), ("2023-05-04", 5.25), ("2023-07-27", 5.5), ("2024-09-19", 5.0),
                   end="2024-12-31")
    changes = fed.target_changes(series)
    events = fed.detect_events(changes)
    assert fed.known_events(events, "2023-11-28") == []
    status = fed.latest_hike(changes, "2023-11-28")
    assert status.date == pd.Timestamp("2023-07-27") and status.days_since == 124
    assert status.confirmed_by is None
    assert status.describe() == "latest hike 2023-07-27 (to 5.50%), 124 days without another"
    known = fed.known_events(events, "2024-09-19")
    assert [(e.kind, f"{e.date:%Y-%m-%d}") for e in known] == [("last_hike", "2023-07-27"), ("first_cut", "2024-09-19")]
    assert fed.latest_hike(changes, "2024-10-01").confirmed_by == pd.Timestamp("2024-09-19")
    assert fed.latest_hike(changes, "2023-01-01") is None


def test_splice_single_target_then_range_upper():
    single = steps(("2008-10-29", 1.0), end="2008-12-15")
    upper = steps(("2008-12-16", 0.25), end="2009-01-31")
    target = fed.spliced_target(single, upper)
    assert target.loc["2008-12-15"] == 1.0 and target.loc["2008-12-16"] == 0.25
    assert target.index.is_unique and target.index.is_monotonic_increasing
    change = fed.target_changes(target)
    assert change.loc["2008-12-16", "change"] == pytest.approx(-0.75)
    # Either part alone still works; neither gives an empty series.
    assert len(fed.spliced_target(None, upper)) == len(upper)
    assert fed.spliced_target(None, None).empty
