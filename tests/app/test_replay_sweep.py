"""Replay any date: every page (as registered in app.py) and the report CLI over a date grid.

The grid is generated from each source's own boundaries, so it always covers the cases a
replay can hit: before any data (1990), the day before and the first day of the thesis
symbols and of the universe's member prices, a weekend, a market holiday, the article's
date, the last day and the day before it, a date after the data ends, and today.
"""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.catalog import THESIS_DATE, THESIS_SYMBOLS
from analytics.data import make_source
from tests.app.test_pages import APP, TIMEOUT

ROOT = Path(__file__).resolve().parents[2]
#: Every page the router knows, read from app.py so a new page joins the sweep by itself.
PAGES = re.findall(r'st\.Page\("(pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text())
EARLIEST = date(1990, 1, 1)
SWEEP_UNIVERSE = "sp500"


def _weekend_after(day: date) -> date:
    return day + timedelta(days=(5 - day.weekday()) % 7 or 7)


def date_grid(spec: str) -> list[date]:
    """The replay dates for one source: its boundaries and the awkward days around them."""
    source = make_source(spec)
    closes = source.prices(list(THESIS_SYMBOLS)).closes()
    firsts = [closes[s].first_valid_index().date() for s in closes.columns]
    lasts = [closes[s].last_valid_index().date() for s in closes.columns]
    members = source.universe(SWEEP_UNIVERSE).symbols[:40]
    member_frames = source.prices(list(members)).frames.values()
    member_first = min(f.index[0] for f in member_frames).date()
    member_last = max(f.index[-1] for f in member_frames).date()
    days = {EARLIEST, date.today(), date.fromisoformat(THESIS_DATE), date(2023, 12, 25)}
    for boundary in (min(firsts), max(firsts), member_first):
        days |= {boundary - timedelta(days=1), boundary}
    for boundary in (max(lasts), member_last):
        days |= {boundary - timedelta(days=1), boundary, boundary + timedelta(days=3)}
    days.add(_weekend_after(date.fromisoformat(THESIS_DATE)))
    return sorted(d for d in days if EARLIEST <= d <= date.today())


@pytest.fixture(scope="module")
def gapped_snapshot(tmp_path_factory) -> str:
    """A snapshot whose series start and end at different days (QQQ ends early, member
    prices start in 2015 and end in mid-2024), written from demo data."""
    from analytics.data.csvdir import write_snapshot
    from analytics.data.demo import DemoSource

    root = tmp_path_factory.mktemp("gapped")
    demo = DemoSource()
    members = list(demo.universe(SWEEP_UNIVERSE).symbols[:40])
    write_snapshot(demo, root, list(THESIS_SYMBOLS) + ["RSP", "^RUT", "^GSPC", "^NDX", "DIA"] + members,
                   [], universes=[])
    (root / "universes").mkdir(exist_ok=True)
    (root / "universes" / f"{SWEEP_UNIVERSE}.csv").write_text("symbol\n" + "\n".join(members) + "\n")
    for path in (root / "prices").glob("*.csv"):
        frame = pd.read_csv(path)
        if path.stem in members:
            frame = frame[(frame["date"] >= "2015-01-02") & (frame["date"] <= "2024-06-14")]
        elif path.stem == "QQQ":
            frame = frame[frame["date"] <= "2023-06-30"]
        frame.to_csv(path, index=False)
    return f"dir:{root}"


def _specs(gapped: str) -> dict[str, str]:
    return {"demo": "demo", "gapped": gapped}


@pytest.fixture(scope="module")
def grids(gapped_snapshot) -> dict[str, list[date]]:
    return {name: date_grid(spec) for name, spec in _specs(gapped_snapshot).items()}


def _run_page(page: str, day: date) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["as_of"] = day.isoformat()
    return at.switch_page(page).run()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("source_name", ["demo", "gapped"])
def test_every_page_opens_at_every_grid_date(page, source_name, gapped_snapshot, grids, monkeypatch):
    monkeypatch.setenv("DASHBOARD_SOURCE", _specs(gapped_snapshot)[source_name])
    failures = []
    for day in grids[source_name]:
        at = _run_page(page, day)
        if at.exception:
            failures.append(f"{day}: {at.exception[0].value}")
            continue
        said = " ".join(str(e.value) for kind in ("error", "warning", "info", "caption", "markdown")
                        for e in getattr(at, kind))
        if not said.strip() and not at.get("plotly_chart"):
            failures.append(f"{day}: a blank page")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("source_name", ["demo", "gapped"])
def test_report_cli_over_the_grid(source_name, gapped_snapshot, grids, capsys):
    """Every section at every grid date: exit 0 with JSON, or 2 with a one-line reason.

    In process (``analytics.__main__.run``), so a traceback fails the test as it would the CLI.
    """
    from analytics.__main__ import run

    spec = _specs(gapped_snapshot)[source_name]
    for day in grids[source_name]:
        code = run(["report", "--source", spec, "--as-of", day.isoformat(), "--universe", SWEEP_UNIVERSE])
        out, err = capsys.readouterr()
        assert code in (0, 2), f"{day}: exit {code}\n{err[-2000:]}"
        if code == 0:
            assert json.loads(out)["as_of"] == day.isoformat()
        else:
            lines = err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("error: "), f"{day}: {err[-2000:]}"


GARBAGE = "bad value!"


def _bound_keys(page: str) -> list[str]:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["as_of"] = "2023-11-28"
    at = at.switch_page(page).run()
    return sorted(at.session_state["_view_settings"])


@pytest.mark.parametrize("page", PAGES)
def test_every_bound_control_reports_a_bad_link_value(page):
    """One mechanism for every URL-bound control of every page: each parameter in turn gets a
    value it cannot take, and the page says so (naming the value) instead of dropping it."""
    keys = _bound_keys(page)
    assert keys, "a page with no URL-bound control"
    missed = []
    for key in keys:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params.update({"as_of": "2023-11-28", key: GARBAGE} if key != "as_of" else {key: GARBAGE})
        at = at.switch_page(page).run()
        said = " ".join(str(w.value) for w in at.warning)
        if at.exception or GARBAGE not in said.lower() and GARBAGE.upper() not in said:
            missed.append(f"{key}: {at.exception[0].value if at.exception else said[:200]}")
    assert not missed, "\n".join(missed)
