"""One bad symbol fails alone, on every path that asks for many symbols at once: the breadth
report, the Breadth page (member prices and the S&P 500 baskets), the refresh job (per-symbol
prices and universe panels) and custom lists. Invalid tickers are rejected one by one before
any request; a request broken by one symbol is bisected down to it.
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from analytics.breadth.universes import parse_symbol_csv
from analytics.data.base import SourceInfo
from analytics.data.batch import fetch_in_chunks
from analytics.data.demo import DemoSource
from analytics.data.store import Store
from analytics.errors import DataUnavailableError
from analytics.symbols import validate_symbols

INVALID = ["-", "-", "BAD/X", "../etc", "A" * 10_000, "ÅΩ"]
POISON = "POISN"


class PoisonDemo:
    """Demo prices behind a provider that fails a whole request holding :data:`POISON` or any
    invalid ticker, as Yahoo answers a malformed batch."""

    def __init__(self):
        self.demo, self.requests = DemoSource(), []

    def info(self):
        return SourceInfo(kind="live", label="poisoned demo")

    def prices(self, symbols, start=None):
        self.requests.append(list(symbols))
        validate_symbols(symbols)  # an invalid ticker fails the request, as in every source
        if POISON in symbols:
            raise DataUnavailableError("Yahoo Finance: the request failed (a malformed symbol)")
        return self.demo.prices(list(symbols), start)

    def __getattr__(self, name):
        return getattr(self.demo, name)


@pytest.fixture
def members():
    return list(DemoSource().universe("russell2000").symbols[:450])


def test_breadth_report_counts_every_member_but_the_bad_ones(members, monkeypatch):
    from analytics.breadth.report import breadth_section

    source = PoisonDemo()
    listed = [*members[:100], *INVALID, POISON, *members[100:]]
    monkeypatch.setattr(source.demo, "universe", lambda name: type("U", (), {
        "symbols": tuple(listed), "as_of": None, "name": name})())
    out = breadth_section(source, "2023-11-28", universe="russell2000")
    clean = PoisonDemo()
    monkeypatch.setattr(clean.demo, "universe", lambda name: type("U", (), {
        "symbols": tuple(members), "as_of": None, "name": name})())
    expected = breadth_section(clean, "2023-11-28", universe="russell2000")
    assert out["members_with_data"] == expected["members_with_data"] > 250
    assert out["pct_above_50dma"] == expected["pct_above_50dma"]
    assert out["failed"] == len(set(INVALID)) + 1  # each bad entry once, the poison alone
    assert all(validate_symbols(r) == r for r in source.requests)  # no invalid ticker was ever sent


def test_custom_list_with_bad_cells_and_a_poisoned_ticker(members):
    text = "symbol\n" + "\n".join([*members[:250], "=1+1", "-", "BAD X", POISON, *members[250:300]])
    symbols, rejected = parse_symbol_csv(text)
    assert set(rejected) == {"=1+1", "-", "BAD X"}
    batch = fetch_in_chunks(PoisonDemo(), symbols)
    assert set(batch.failed) == {POISON} and len(batch.frames) == len(members[:300])


def test_refresh_job_fails_only_the_bad_symbols(tmp_path, members):
    from analytics.refresh import refresh_prices

    store = Store(tmp_path / "store")
    upstream = PoisonDemo()
    summary = refresh_prices(upstream, store, [*members[:60], *INVALID, POISON, *members[60:80]], None,
                             datetime.now())
    assert set(summary.failed) == {"-", "BAD/X", "../etc", "A" * 20, "ÅΩ", POISON}
    assert len(summary.fetched) == 80 and all(store.has("prices", s) for s in members[:80])


def test_universe_panel_refresh_fails_only_the_bad_symbols(tmp_path, members):
    from analytics.data.panel_refresh import refresh_panel

    store = Store(tmp_path / "store")
    result = refresh_panel(PoisonDemo(), store, "russell2000", [*members[:300], *INVALID, POISON])
    assert POISON in result.failed and "-" in result.failed
    assert not set(result.failed) & set(members[:300])


def test_breadth_page_keeps_every_good_member_and_the_baskets(tmp_path, monkeypatch):
    """The S&P 500 list with '-' placeholders and an unreadable ticker: every real member is
    counted, the Magnificent 7 basket is drawn, the bad entries are listed with reasons."""
    from streamlit.testing.v1 import AppTest

    from analytics.catalog import EQUAL_WEIGHT_SP500, LARGE_CAP
    from analytics.data.csvdir import write_snapshot
    from tests.app.test_pages import APP, TIMEOUT

    demo = DemoSource()
    members = list(demo.universe("sp500").symbols)
    root = tmp_path / "snap"
    write_snapshot(demo, root, ["IWM", "SPY", "QQQ", EQUAL_WEIGHT_SP500, LARGE_CAP, *members], [],
                   universes=["sp500"])
    listed = pd.DataFrame({"symbol": [*members[:5], "-", "BAD/X", *members[5:], "-"]})
    listed.to_csv(root / "universes" / "sp500.csv", index=False)
    monkeypatch.setenv("DASHBOARD_SOURCE", f"dir:{root}")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["as_of"] = "2023-11-28"
    at = at.switch_page("pages/breadth.py").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(str(c.value) for c in at.caption)
    assert f"of {len(members)} members with 50 days of history" in captions, captions[:400]
    assert any("2 of" in str(e.label) and "no prices here" in str(e.label) for e in at.expander)
    assert len(at.get("plotly_chart")) == 3  # breadth, A/D and the baskets
