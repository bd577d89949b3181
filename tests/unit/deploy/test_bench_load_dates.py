"""The load driver's as-of dates stay inside the data, so every session measures a real page."""
from __future__ import annotations

from datetime import date

from bench.load import SESSIONS, SOAK_DATES, session_dates


def test_soak_dates_stay_in_2015_to_2024_and_repeat_only_after_a_full_cycle():
    days = [date.fromisoformat(session_dates(i, SOAK_DATES)[0]) for i in range(3 * SOAK_DATES)]
    assert min(days) >= date(2015, 5, 29) and max(days) < date(2025, 6, 1)
    assert all(d.weekday() < 5 for d in days)
    assert len(set(days[:SOAK_DATES])) == SOAK_DATES
    assert days[SOAK_DATES:2 * SOAK_DATES] == days[:SOAK_DATES]


def test_a_load_round_gives_each_session_its_own_date_and_every_page_the_same():
    per_session = [session_dates(i, SESSIONS) for i in range(SESSIONS)]
    assert len({dates[0] for dates in per_session}) == SESSIONS
    assert all(len(set(dates)) == 1 for dates in per_session)
    assert session_dates(3, SESSIONS, same="2023-11-28")[0] == "2023-11-28"
