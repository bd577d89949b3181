"""Event-study returns and statistics on a hand-built price path."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.macro.event_study import event_paths, event_returns, event_stats
from analytics.macro.fed import FedEvent


def event(kind: str, day: str) -> FedEvent:
    stamp = pd.Timestamp(day)
    return FedEvent(kind, stamp, stamp, 1.0, 1.0)


@pytest.fixture
def closes() -> pd.DataFrame:
    days = pd.bdate_range("2019-01-01", "2020-12-31")
    # ^RUT doubles linearly in day count from 100; ^GSPC is flat at 50 (so its return is 0).
    rut = pd.Series(100.0 + np.arange(len(days)), index=days)
    return pd.DataFrame({"^RUT": rut, "^GSPC": 50.0}, index=days)


def test_returns_from_the_last_close_on_or_before_the_event(closes):
    # 2019-08-03 is a Saturday: the base is Friday 2019-08-02; 1 month later is Tuesday 2019-09-03.
    frame = event_returns([event("first_cut", "2019-08-03")], closes, "2020-12-31", horizons=(1,))
    row = frame.iloc[0]
    base, end = closes.loc["2019-08-02", "^RUT"], closes.loc["2019-09-03", "^RUT"]
    assert row["status"] == "complete"
    assert row["rut_return"] == pytest.approx(end / base - 1)
    assert row["spx_return"] == pytest.approx(0.0)
    assert row["small_minus_large"] == pytest.approx(end / base - 1)


def test_horizon_after_the_as_of_date_is_incomplete_and_left_out_of_the_stats(closes):
    events = [event("first_cut", "2019-02-01"), event("first_cut", "2020-06-01")]
    frame = event_returns(events, closes, "2020-09-30", horizons=(3, 6))
    status = frame.set_index(["date", "horizon_months"])["status"]
    assert status.loc[(pd.Timestamp("2020-06-01"), 3)] == "complete"
    assert status.loc[(pd.Timestamp("2020-06-01"), 6)] == "incomplete"
    assert np.isnan(frame.loc[frame["status"] == "incomplete", "rut_return"]).all()
    stats = event_stats(frame)
    assert stats.loc[("first_cut", 3), "n"] == 2 and stats.loc[("first_cut", 6), "n"] == 1
    assert stats.loc[("last_hike", 3), "n"] == 0 and np.isnan(stats.loc[("last_hike", 3), "rut_median"])
    three = frame[(frame["horizon_months"] == 3)]["rut_return"]
    assert stats.loc[("first_cut", 3), "rut_median"] == pytest.approx(three.median())
    assert stats.loc[("first_cut", 3), "rut_min"] == pytest.approx(three.min())
    assert stats.loc[("first_cut", 3), "rut_max"] == pytest.approx(three.max())


def test_events_without_prices_say_so(closes):
    frame = event_returns([event("last_hike", "1995-02-01"), event("last_hike", "2020-11-15")],
                          closes, "2022-06-30", horizons=(12,))
    assert frame["status"].tolist() == ["no prices", "no prices"]  # before the data; after it ends
    assert event_stats(frame).loc[("last_hike", 12), "n"] == 0


def test_prices_after_the_as_of_date_are_never_read(closes):
    frame = event_returns([event("first_cut", "2019-08-02")], closes, "2019-09-30", horizons=(1,))
    poisoned = closes.copy()
    poisoned.loc["2019-10-01":, "^RUT"] = 1e9
    again = event_returns([event("first_cut", "2019-08-02")], poisoned, "2019-09-30", horizons=(1,))
    assert frame["rut_return"].iloc[0] == again["rut_return"].iloc[0]


def test_paths_rebased_to_100_and_cut_at_the_as_of_date(closes):
    cut = event("first_cut", "2019-08-02")
    paths = event_paths([cut, event("first_cut", "1990-01-02")], closes, "2020-03-31")
    assert list(paths) == [cut]
    path = paths[cut]
    assert path["rut"].iloc[0] == 100 and path["spx"].iloc[0] == 100 and path["rut_vs_spx"].iloc[0] == 100
    assert path.index[-1] == pd.Timestamp("2020-03-31")
    assert path["months_after"].iloc[-1] == pytest.approx((path.index[-1] - cut.date).days / (365.25 / 12))
    full = event_paths([cut], closes, "2020-12-31")[cut]
    assert full.index[-1] == pd.Timestamp("2020-07-31")  # last close within 12 months
