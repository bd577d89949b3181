"""Every page at every awkward date of its source's own data (tests/app/edge_dates.py), in
AppTest, and every report section there on the command line: no exception element, no
traceback. A control whose range comes from the data (ui/ranged.py) meets an empty range, a
single value or a default outside its bounds on exactly these dates.

One app per page and source walks every date, moving the sidebar's date as a viewer does
(the pages' caches and the controls' state carry over from date to date, as in a session),
so the whole grid runs in seconds, not one fresh app per date.
"""
from __future__ import annotations

import json
import os
from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.catalog import THESIS_SYMBOLS
from analytics.report import SECTIONS
from tests.app.edge_dates import (
    FIRST_DATE_OFFSETS,
    GRID_SYMBOLS,
    GRID_UNIVERSE,
    edge_dates,
)
from tests.app.test_pages import APP, TIMEOUT
from tests.app.test_replay_sweep import PAGES
from ui.sidebar import EARLIEST_AS_OF

#: The small snapshot: every series starts and ends on a day of its own, about two years of
#: data in all, so each page meets its first window, first year and last day within it.
SNAPSHOT_STARTS = {"SPY": "2018-07-02", "IWM": "2019-01-02", "QQQ": "2018-10-01", "BTC-USD": "2019-06-03",
                   "ETH-USD": "2019-10-01"}
SNAPSHOT_ENDS = {"QQQ": "2019-12-31"}
SNAPSHOT_FIRST, SNAPSHOT_LAST = "2018-07-02", "2020-03-31"
SNAPSHOT_MEMBERS, MEMBERS_FIRST = 20, "2019-03-01"


@pytest.fixture(scope="module")
def small_snapshot(tmp_path_factory) -> str:
    """The demo's series cut to about two years, each starting and ending on its own day."""
    from analytics.data.csvdir import write_snapshot
    from analytics.data.demo import DemoSource

    root = tmp_path_factory.mktemp("edges")
    demo = DemoSource()
    members = list(demo.universe(GRID_UNIVERSE).symbols[:SNAPSHOT_MEMBERS])
    write_snapshot(demo, root, list(GRID_SYMBOLS) + members, [], universes=[])
    (root / "universes").mkdir(exist_ok=True)
    (root / "universes" / f"{GRID_UNIVERSE}.csv").write_text("symbol\n" + "\n".join(members) + "\n")
    for path in (root / "prices").glob("*.csv"):
        frame = pd.read_csv(path)
        first = MEMBERS_FIRST if path.stem in members else SNAPSHOT_STARTS.get(path.stem, SNAPSHOT_FIRST)
        last = SNAPSHOT_ENDS.get(path.stem, SNAPSHOT_LAST)
        frame[(frame["date"] >= first) & (frame["date"] <= last)].to_csv(path, index=False)
    return f"dir:{root}"


@pytest.fixture(scope="module")
def sources(small_snapshot) -> dict[str, str]:
    return {"demo": "demo", "small": small_snapshot}


@pytest.fixture(scope="module")
def grids(sources) -> dict[str, list[date]]:
    every_year = os.environ.get("EDGE_GRID") == "full"
    return {name: edge_dates(spec, EARLIEST_AS_OF, every_year) for name, spec in sources.items()}


def _says(at: AppTest, day: date) -> bool:
    """Whether the page names ``day`` (each page states its as-of date at the top)."""
    return any(day.isoformat() in str(e.value) for kind in ("caption", "markdown", "info", "warning")
               for e in getattr(at, kind))


def _failure(at: AppTest, day: date) -> str | None:
    """What is wrong with the page of ``day``: an exception, or nothing said and nothing drawn."""
    if at.exception:
        return f"{day}: {at.exception[0].value}"
    said = " ".join(str(e.value) for kind in ("error", "warning", "info", "caption", "markdown")
                    for e in getattr(at, kind))
    if not said.strip() and not at.get("plotly_chart"):
        return f"{day}: a blank page"
    return None


@pytest.fixture
def reruns_run_the_router(monkeypatch):
    """Make ``AppTest.run()`` after the first run execute app.py, as a browser's rerun does.

    Each AppTest run builds a new PagesManager, which sees the ``pages/`` folder and emulates
    Streamlit's old folder-based navigation: a rerun then executes the page's file alone
    (no router, no sidebar, the first run's date). This app always routes with
    ``st.navigation``, which turns that emulation off only once app.py runs.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("source_name", ["demo", "small"])
def test_every_page_opens_at_every_edge_date(page, source_name, sources, grids, monkeypatch, reruns_run_the_router):
    monkeypatch.setenv("DASHBOARD_SOURCE", sources[source_name])
    days = grids[source_name]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["as_of"] = days[0].isoformat()
    at = at.switch_page(page).run()
    failures = [_failure(at, days[0])]
    picker = at.sidebar.date_input(key="as_of")
    for day in days[1:]:
        if picker.min <= day <= picker.max:
            at.session_state["as_of"] = day  # as the sidebar's own date buttons set it
            at.run()
            failures.append(_failure(at, day) or (None if _says(at, day) else f"{day}: not the page of that date"))
        else:  # past the as-of control (a day after today's data): only a link can ask for it
            fresh = AppTest.from_file(APP, default_timeout=TIMEOUT)
            fresh.query_params["as_of"] = day.isoformat()
            failures.append(_failure(fresh.switch_page(page).run(), day))
    failures = [f for f in failures if f]
    assert not failures, f"{len(failures)} of {len(days)} dates:\n" + "\n".join(failures)


@pytest.mark.parametrize("section", sorted(SECTIONS))
@pytest.mark.parametrize("source_name", ["demo", "small"])
def test_every_report_section_at_every_edge_date(section, source_name, sources, grids, capsys):
    """Exit 0 with JSON, or 2 with a one-line reason; never a traceback (in process, through
    the CLI's own ``run``, so an exception it does not turn into a message fails here)."""
    from analytics.__main__ import EXIT_ERROR, run

    failures = []
    for day in grids[source_name]:
        code = run(["report", "--source", sources[source_name], "--as-of", day.isoformat(),
                    "--section", section, "--universe", GRID_UNIVERSE, "--format", "json"])
        out, err = capsys.readouterr()
        if code == 0:
            report = json.loads(out)
            if report["as_of"] != day.isoformat() or section not in report:
                failures.append(f"{day}: {out[:200]}")
        elif code != EXIT_ERROR or len(err.strip().splitlines()) != 1 or not err.startswith("error: "):
            failures.append(f"{day}: exit {code}: {err[-500:]}")
    assert not failures, "\n".join(failures)


def test_the_grid_comes_from_the_data(grids):
    """The small snapshot's grid holds the days its series make awkward (not a fixed list)."""
    days = set(grids["small"])
    for first in map(date.fromisoformat, SNAPSHOT_STARTS.values()):
        assert {first + timedelta(days=offset) for offset in FIRST_DATE_OFFSETS} <= days, first
    assert {date(2018, 12, 31), date(2019, 1, 1), date(2019, 12, 31), date(2020, 1, 1)} <= days
    assert date(2018, 1, 1) not in days and date(2021, 12, 31) not in days  # outside the data's years
    last = date.fromisoformat(SNAPSHOT_LAST)
    assert {last, last + timedelta(days=1)} <= days  # and QQQ's early end, with the day after it
    assert min(days) == date.fromisoformat(SNAPSHOT_FIRST) - timedelta(days=1)  # the day before any data
    assert set(THESIS_SYMBOLS) <= set(GRID_SYMBOLS)
