"""iShares holdings and Wikipedia constituents parsers on recorded-format text."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analytics.data.ishares import normalize_ishares_csv
from analytics.data.wikipedia import normalize_constituents_html
from analytics.errors import DataUnavailableError

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_ishares_equity_rows_only():
    held = normalize_ishares_csv((FIXTURES / "ishares_iwm_holdings.csv").read_text(encoding="utf-8"), "IWM")
    assert held.as_of == date(2025, 5, 13)
    assert list(held.frame["symbol"]) == ["AAAA", "BBB-B", "CCC"]  # '-', cash, futures dropped
    assert held.frame["weight"].tolist() == [0.64, 0.50, 0.45]
    assert list(held.frame.columns) == ["symbol", "name", "sector", "weight"]


def test_ishares_empty_sentinel_rejected():
    with pytest.raises(DataUnavailableError, match="'-'"):
        normalize_ishares_csv((FIXTURES / "ishares_empty_sentinel.csv").read_text(encoding="utf-8"), "IWM")


def test_ishares_not_a_holdings_file():
    with pytest.raises(DataUnavailableError, match="Ticker"):
        normalize_ishares_csv("<html>blocked</html>", "IWM")


def test_wikipedia_table_to_yahoo_symbols(monkeypatch):
    from analytics.data import wikipedia

    monkeypatch.setitem(wikipedia.MEMBER_RANGE, "sp500", (3, 10))
    html = (FIXTURES / "wikipedia_sp500_small.html").read_text()
    assert normalize_constituents_html(html, "sp500") == ["MMM", "BRK-B", "BF-B", "AAPL"]


def test_wikipedia_truncated_table_rejected():
    html = (FIXTURES / "wikipedia_sp500_small.html").read_text()
    with pytest.raises(DataUnavailableError, match="480 to 520"):
        normalize_constituents_html(html, "sp500")
