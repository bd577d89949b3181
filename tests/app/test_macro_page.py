"""AppTest of the Macro page: figures with their periods, charts, lights, the event study,
and a page that keeps going when series are missing or the date is before them."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analytics.data.csvdir import write_snapshot
from analytics.data.demo import DemoSource
from analytics.data.fred_catalogue import CATALOGUE
from tests.app.test_pages import APP, TIMEOUT, texts

CHART_KEYS = {"mac_sp500", "mac_fed", "mac_global", "mac_cuts_bar", "mac_inflation", "mac_priced", "mac_recession",
              "mac_paths"}
PRICE_SYMBOLS = ["IWM", "SPY", "QQQ", "^GSPC", "^RUT"]


def macro(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    # Switched before the first run: AppTest keeps app.py's own elements (the link's
    # warnings, the sidebar) only on a first run.
    return at.switch_page("pages/macro.py").run()


def said(at: AppTest) -> str:
    return " ".join(" ".join(texts(at, kind)) for kind in ("markdown", "caption", "warning", "info"))


def chart_count(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def test_page_on_demo_at_the_article_date():
    at = macro(as_of="2023-11-28")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, texts(at, "error")
    assert any("Demo data" in t for t in texts(at, "info"))
    labels = [m.label for m in at.metric]
    assert "CPI, Oct 2023" in labels and "Core PCE, Sep 2023" in labels and "Fed funds, 2023-11-28" in labels
    assert chart_count(at) == len(CHART_KEYS)
    body = said(at)
    assert "latest hike 2023-07-15 (to 5.50%), 136 days without another" in body
    assert "ZQ=F" in body and "not available" in body
    assert "Consumer Price Index" in body or "CPI, all items, Oct 2023" in body
    stats = next(d.value for d in at.dataframe if "N" in d.value.columns)
    assert set(stats["horizon (months)"]) == {1, 3, 6, 12} and set(stats["event"]) == {"Last hike", "First cut"}
    signals = next(d.value for d in at.dataframe if "light" in d.value.columns)
    assert len(signals) == 6 and signals["threshold"].str.len().min() > 0


def test_inside_a_pause_no_event_yet_and_after_the_cut_it_is_confirmed():
    during = macro(as_of="2024-09-14")
    after = macro(as_of="2024-09-16")
    assert "days without another" in said(during)
    assert "confirmed by the cut of 2024-09-15" in said(after)


def test_chart_years_slider_and_a_bad_link_value():
    assert macro(as_of="2023-11-28", mac_years="3").slider(key="mac_years").value == 3
    at = macro(as_of="2023-11-28")
    at.slider(key="mac_years").set_value(20).run()
    assert not at.exception and chart_count(at) == len(CHART_KEYS)
    bad = macro(as_of="2023-11-28", mac_years="nope")
    assert not bad.exception
    assert bad.slider(key="mac_years").value == 10
    assert any("Chart years" in w and "nope" in w for w in texts(bad, "warning")), texts(bad, "warning")


def test_before_the_index_prices_the_page_says_what_is_missing():
    at = macro(as_of="1990-01-01")
    assert not at.exception, [e.value for e in at.exception]
    body = said(at)
    assert "no ^GSPC prices by 1990-01-01" in body
    assert "ECB deposit facility rate" not in body or "starts 1999-01-01" in body
    assert chart_count(at) >= 4  # rates, inflation, recession panel still drawn


@pytest.fixture
def partial_snapshot(tmp_path, monkeypatch):
    """Demo data without CPI, core PCE or any foreign bank: those charts must say so."""
    dropped = {"CPIAUCSL", "CPILFESL", "PCEPILFE"} | {sid for sid in CATALOGUE if sid.startswith(("IRST", "BOE"))}
    write_snapshot(DemoSource(), tmp_path, PRICE_SYMBOLS, [s for s in CATALOGUE if s not in dropped])
    monkeypatch.setenv("DASHBOARD_SOURCE", f"dir:{tmp_path}")


def test_a_missing_series_names_the_chart_and_keeps_the_rest(partial_snapshot):
    at = macro(as_of="2023-11-28")
    assert not at.exception, [e.value for e in at.exception]
    warnings = " ".join(texts(at, "warning"))
    assert "Inflation chart" in warnings
    assert "No current rate for 12 of the 13 tracked banks" in warnings and "Not in this snapshot" in warnings
    assert chart_count(at) == len(CHART_KEYS) - 1  # everything but inflation


@pytest.fixture
def no_fred(tmp_path, monkeypatch):
    write_snapshot(DemoSource(), tmp_path, PRICE_SYMBOLS, [])
    monkeypatch.setenv("DASHBOARD_SOURCE", f"dir:{tmp_path}")


def test_a_source_without_any_fred_series_still_opens(no_fred):
    at = macro(as_of="2023-11-28")
    assert not at.exception, [e.value for e in at.exception]
    assert chart_count(at) >= 2  # the S&P 500 and the (empty) cut bars
    assert "Effective federal funds rate (DFF) is not available from this source" in said(at)
