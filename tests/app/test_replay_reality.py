"""Replay on the real-data snapshot in ../shared (read in place): every page at the dates
where real data starts, stops or is awkward, and numbers checked by hand.

Skipped only when ../shared is not beside the checkout; CI always has it.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP, TIMEOUT, texts
from tests.app.test_replay_sweep import PAGES

SNAPSHOT = Path(__file__).resolve().parents[3] / "shared" / "reference-data" / "snapshot"
pytestmark = pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="../shared/reference-data not beside the repo")
#: Before SPY (1993-01-29) and IWM (2000-05-26) start, the Covid low, the day before and the
#: first day of S&P 500 member prices (2022-06-30), a Saturday, the article's date, the last
#: day of member prices, of the adjusted closes and of the raw closes, and today.
REAL_DATES = ("1990-01-01", "1993-01-28", "1993-01-29", "2000-05-25", "2000-05-26", "2020-03-23",
              "2022-06-29", "2022-06-30", "2023-11-25", "2023-11-28", "2024-06-14", "2026-07-31",
              "2026-08-21", date.today().isoformat())


def page(monkeypatch, path: str, **query) -> AppTest:
    monkeypatch.setenv("DASHBOARD_SOURCE", f"dir:{SNAPSHOT}")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.switch_page(path).run()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_at_real_boundaries(path, monkeypatch):
    failures = []
    for day in REAL_DATES:
        at = page(monkeypatch, path, as_of=day)
        if at.exception:
            failures.append(f"{day}: {at.exception[0].value}")
    assert not failures, "\n".join(failures)


def test_overview_ytd_at_the_covid_low_matches_a_hand_calculation(monkeypatch):
    # Closes from prices/IWM.csv and SPY.csv: 2019-12-31 and 2020-03-23.
    iwm, spy = 99.9000015258789 / 165.6699981689453 - 1, 222.9499969482422 / 321.8599853515625 - 1
    at = page(monkeypatch, "pages/overview.py", as_of="2020-03-23")
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["IWM YTD"] == f"{iwm:+.1%}" == "-39.7%"
    assert values["SPY YTD"] == f"{spy:+.1%}" == "-30.7%"
    assert values["IWM − SPY YTD"] == f"{100 * (iwm - spy):+.1f} pp" == "-9.0 pp"


def test_breadth_before_member_prices_says_where_they_start(monkeypatch):
    at = page(monkeypatch, "pages/breadth.py", as_of="2022-06-29")
    assert not at.exception
    assert any("start on **2022-06-30**" in w for w in texts(at, "warning")), texts(at, "warning")


def test_breadth_52_week_highs_and_lows_are_na_with_under_a_year_of_history(monkeypatch):
    at = page(monkeypatch, "pages/breadth.py", as_of="2022-07-05")
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["New 52-week highs / lows"] == "n/a" and values["McClellan"] == "n/a"
    assert values["Above 20-day"] == "n/a"  # three days of member prices
    assert any("no member has 52 weeks of prices" in c for c in texts(at, "caption"))
