"""AppTest of the Valuation page: demo data, a snapshot without fund data, any as-of date."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analytics.catalog import SECTOR_ETFS, SMALLCAP_SECTOR_ETFS, THESIS_SYMBOLS
from tests.app.test_pages import APP, TIMEOUT, texts

PAGE = "pages/valuation.py"


def valuation(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as_of": "2023-11-28", **query})
    at.run()
    return at.switch_page(PAGE).run()


def frame_with(at: AppTest, column: str):
    """The first table on the page with ``column`` (AppTest keeps no keys on dataframes)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def said(at: AppTest) -> str:
    return " ".join(texts(at, k) and " ".join(texts(at, k)) or "" for k in ("warning", "info", "caption", "markdown"))


def test_demo_page_shows_every_part():
    at = valuation()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, texts(at, "error")
    labels = [m.label for m in at.metric]
    assert labels[:5] == ["P/E, all members", "P/E, profitable members only",
                          "Losing money, by count", "Losing money, by weight", "Coverage (weight with data)"]
    assert all(m.value.endswith("%") for m in at.metric[2:5])
    text = said(at)
    assert "Method: weighted harmonic mean" in text and "Coverage:" in text
    assert "Holdings as of **2025-05-13**, later than the as-of date 2023-11-28" in text
    assert "History starts **2019-01-31**" in text
    assert "Week to **2023-11-28**" in text
    assert len(at.get("plotly_chart")) == 5  # records, treemap, sector mix, heatmap, rank change
    table = frame_with(at, "forward P/E")
    assert list(table.index) == list(THESIS_SYMBOLS)
    assert table.loc["IWM", "forward P/E"] == "n/a" and table.loc["SPY", "forward P/E"] == "22.1"
    assert table.loc["IWM", "dividend yield"] == "1.18%"
    assert "Demo data, fetched" in table.loc["IWM", "source, fetched"]


def test_added_funds_are_validated_and_shown():
    at = valuation(val_funds=["XLK", "NOT A TICKER"])
    assert not at.exception
    table = frame_with(at, "forward P/E")
    assert "XLK" in table.index and "NOT A TICKER" not in table.index
    assert any("'NOT A TICKER' is not a valid ticker" in w for w in texts(at, "warning"))


def test_sp500_toggle_and_forward_basis():
    at = valuation(val_sp500="true", val_basis="Forward earnings")
    assert not at.exception, [e.value for e in at.exception]
    assert [m.label for m in at.metric].count("P/E, all members") == 2
    assert "**S&P 500**" in texts(at, "markdown")
    assert "forward EPS" in said(at)


def test_small_cap_sector_funds_group():
    at = valuation(val_group="S&P SmallCap 600 sectors (Invesco)")
    assert not at.exception
    table = frame_with(at, "rank_1w")
    assert set(table.index) == set(SMALLCAP_SECTOR_ETFS)


def test_before_listings_each_row_says_why():
    at = valuation(as_of="2012-01-03")
    assert not at.exception
    table = frame_with(at, "rank_1w")
    assert "listed 2018-06-19, after the as-of date" in table.loc["XLC", "note"]
    assert "listed 2015-10-08" in table.loc["XLRE", "note"]


@pytest.mark.parametrize("day", ["1990-01-01", "2000-01-03", "2010-01-04"])
def test_early_dates_never_fail(day):
    at = valuation(as_of=day)
    assert not at.exception, [e.value for e in at.exception]
    assert "later than the as-of date" in said(at)


def test_imported_history_is_charted_with_bands(monkeypatch, tmp_path):
    from analytics.data import open_store
    from analytics.valuation.history import parse_history_csv, save_import

    rows = "\n".join(f"{2000 + i // 12}-{i % 12 + 1:02d}-01,{20 + (i % 30)}" for i in range(300))
    save_import(open_store(), parse_history_csv("date,cape\n" + rows))
    at = valuation()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "Percentile in its history" in labels and "Median" in labels
    assert any("readings from 2000-01-01 to 2023-11-01" in c for c in texts(at, "caption"))
    assert len(at.get("plotly_chart")) == 6
    at.button(key="val_remove").click().run()
    assert not at.exception and "Percentile in its history" not in [m.label for m in at.metric]
    assert any("Nothing imported yet" in c for c in texts(at, "caption"))


def test_snapshot_without_fund_data(tmp_path, monkeypatch):
    from analytics.data.csvdir import write_snapshot
    from analytics.data.demo import DemoSource

    write_snapshot(DemoSource(), tmp_path, list(THESIS_SYMBOLS) + list(SECTOR_ETFS), [], funds=["IWM"])
    monkeypatch.setenv("DASHBOARD_SOURCE", f"dir:{tmp_path}")
    at = valuation()
    assert not at.exception, [e.value for e in at.exception]
    text = said(at)
    assert "No fund data from" in text and "no fund valuation or member earnings" in text
    assert "No valuation records kept yet" in text
    assert frame_with(at, "pct_of_equity")["pct_of_equity"].sum() == pytest.approx(100, abs=0.01)
    assert len(at.get("plotly_chart")) == 4  # treemap, sector mix from holdings, heatmap, rank change


def test_snapshot_without_holdings_or_sector_funds(tmp_path, monkeypatch):
    from analytics.data.csvdir import write_snapshot
    from analytics.data.demo import DemoSource

    write_snapshot(DemoSource(), tmp_path, list(THESIS_SYMBOLS), [])
    monkeypatch.setenv("DASHBOARD_SOURCE", f"dir:{tmp_path}")
    at = valuation()
    assert not at.exception, [e.value for e in at.exception]
    text = said(at)
    assert "IWM holdings are not available here" in text and "No sector fund has a 1-week return" in text


def test_sector_prices_that_end_early_are_ranked_where_they_end(tmp_path, monkeypatch):
    from tests.app.snapshots import snapshot_ending_early

    spec = snapshot_ending_early(tmp_path, list(THESIS_SYMBOLS) + list(SECTOR_ETFS), SECTOR_ETFS, "2023-06-30")
    monkeypatch.setenv("DASHBOARD_SOURCE", spec)
    at = valuation()
    assert not at.exception, [e.value for e in at.exception]
    assert any("end on **2023-06-30**" in w for w in texts(at, "warning")), texts(at, "warning")
    assert any("Week to **2023-06-30**" in m for m in texts(at, "markdown"))
    assert frame_with(at, "rank_1w")["1w"].notna().all()
