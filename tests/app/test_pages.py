"""AppTest over every page on demo data: no exception, the right widgets, links honoured."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import lxml.html
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")

#: Every page the router knows, read from app.py so a new page is tested by itself.
PAGES = re.findall(r'st\.Page\("(pages/[a-z_]+\.py)"', (Path(__file__).resolve().parents[2] / "app.py").read_text())
TIMEOUT = 60


def run_app(page: str = "pages/overview.py", **query) -> AppTest:
    """``page`` (Overview unless named) on a first run, so app.py's own elements are kept."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.switch_page(page).run()


def texts(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in getattr(at, kind)]


def _cell(node) -> str:
    """A cell as the reader sees it (a link: its target)."""
    link = node.find("a")
    return link.get("href") if link is not None else node.text_content()


def html_tables(body: str) -> list:
    """The tables of an ``st.html`` body, cells, headers and row labels as text (a link cell:
    its target)."""
    frames = []
    for table in lxml.html.fragment_fromstring(body, create_parent="div").iter("table"):
        head = [_cell(c) for c in table.find("thead").iter("th")]
        rows = [[_cell(c) for c in row] for row in table.find("tbody").iter("tr")]
        frames.append(pd.DataFrame([r[1:] for r in rows], columns=head[1:],
                                   index=pd.Index([r[0] for r in rows], name=head[0] or None)))
    return frames


def text_tables(at: AppTest) -> list:
    """Every ``ui.tables.text_table`` of the run, its cells, headers and index as plain text."""
    return [frame for element in at.get("html") if 'class="text-table"' in element.value
            for frame in html_tables(element.value)]


# AppTest (1.67) drops the entrypoint's elements from the tree on a run after the first, so
# page checks look at what the page itself draws; the sidebar is checked on first runs.
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_demo(page):
    at = run_app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, texts(at, "error")
    assert any("Demo data" in t for t in texts(at, "info"))  # said on every page


def test_overview_shows_numbers_charts_and_sidebar():
    at = run_app()
    labels = [m.label for m in at.metric]
    assert labels == ["IWM YTD", "SPY YTD", "QQQ YTD", "IWM − SPY YTD"]
    assert all(m.value.endswith("%") for m in at.metric[:3])
    assert at.metric[3].value.endswith(" pp")  # a difference of two returns, in percentage points
    assert len(at.get("plotly_chart")) == 3
    assert at.sidebar.date_input(key="as_of").value <= date.today()
    assert at.sidebar.selectbox(key="bench").value == "SPY"


def test_as_of_from_link_changes_the_numbers():
    latest = run_app()
    pinned = run_app(as_of="2023-11-28")
    assert pinned.sidebar.date_input(key="as_of").value == date(2023, 11, 28)
    assert [m.value for m in pinned.metric] != [m.value for m in latest.metric]
    assert any("2023-11-28" in c for c in texts(pinned, "caption"))


def test_bad_link_values_get_a_message_and_a_default():
    at = run_app(as_of="1800-01-01", bench="XYZ", range="forever")
    warnings = " ".join(texts(at, "warning"))
    assert "“As of” value `1800-01-01` is not from 1990-01-01 to" in warnings
    assert "“Benchmark” value `XYZ`" in warnings and "“Chart range” value `forever`" in warnings
    assert not at.exception and at.sidebar.selectbox(key="bench").value == "SPY"


def test_unknown_and_invalid_symbols_are_reported_not_fatal():
    at = run_app(symbols=["IWM", "NOPE", "../etc"])
    warnings = " ".join(texts(at, "warning"))
    assert "NOPE" in warnings and "not a valid ticker" in warnings
    assert not at.exception and len(at.get("plotly_chart")) == 3


def test_changing_benchmark_redraws_ratio():
    # Bound widgets are driven through the URL: AppTest does not echo a widget change back
    # into its query string the way the browser does, so a set_value would be overridden.
    at = run_app(bench="QQQ")
    assert [m.label for m in at.metric][-1] == "IWM − QQQ YTD"
    assert any("IWM/QQQ" in m for m in texts(at, "markdown"))


def test_bad_source_is_a_message_not_a_crash(monkeypatch):
    monkeypatch.setenv("DASHBOARD_SOURCE", "dir:/no/such/snapshot")
    at = run_app()
    assert not at.exception
    assert any("could not be opened" in t for t in texts(at, "error"))


def test_range_that_starts_on_the_as_of_date_says_so():
    at = run_app(as_of="2023-11-28", range="Thesis")
    assert not at.exception
    assert any("no path to draw" in t for t in texts(at, "info"))


def test_headline_metrics_show_the_thesis_trio_whatever_is_charted():
    at = run_app(symbols="^NDX")
    assert not at.exception
    assert [m.label for m in at.metric][:3] == ["IWM YTD", "SPY YTD", "QQQ YTD"]
    assert all(m.value.endswith("%") for m in at.metric[:3]) and at.metric[3].value.endswith(" pp")
    table = next(d.value for d in at.dataframe if "YTD" in d.value.columns)
    assert list(table.index) == ["^NDX"]


def test_series_that_ends_early_is_called_out_and_has_no_recent_returns(tmp_path, monkeypatch):
    from tests.app.snapshots import snapshot_ending_early

    spec = snapshot_ending_early(tmp_path, ["IWM", "SPY", "QQQ", "^NDX"], ["^NDX"], "2023-06-30")
    monkeypatch.setenv("DASHBOARD_SOURCE", spec)
    at = run_app(as_of="2023-11-28", symbols=["IWM", "^NDX"])
    assert not at.exception, [e.value for e in at.exception]
    assert any("^NDX" in w and "no bars after 2023-06-30" in w for w in texts(at, "warning"))
    table = next(d.value for d in at.dataframe if "YTD" in d.value.columns)
    assert table.loc["^NDX", "1w"] == "n/a" and table.loc["^NDX", "YTD"].endswith("%")
    assert table.loc["IWM", "1w"].endswith("%")


def test_since_the_as_of_date_is_explained_not_zero():
    at = run_app(as_of="2023-11-28")  # 'since' defaults to the thesis date, the same day
    table = next(d.value for d in at.dataframe if "YTD" in d.value.columns)
    assert set(table["since 2023-11-28"]) == {"n/a"}
    assert any("'since' column is n/a" in c for c in texts(at, "caption"))


def test_a_source_without_thesis_closes_says_so(monkeypatch, tmp_path):
    """IWM, SPY and QQQ present but without a single close: one message, no crash."""
    from tests.app.snapshots import snapshot_ending_early

    spec = snapshot_ending_early(tmp_path, ["IWM", "SPY", "QQQ"], ["IWM", "SPY", "QQQ"], "1900-01-01")
    monkeypatch.setenv("DASHBOARD_SOURCE", spec)
    at = run_app()
    assert not at.exception, [e.value for e in at.exception]
    assert any("No prices for IWM, SPY or QQQ" in t for t in texts(at, "error")), texts(at, "error")
