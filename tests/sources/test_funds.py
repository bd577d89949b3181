"""Fund and member data from Yahoo: normalisers on recorded payloads, fetchers with fakes.

The payloads in tests/fixtures/yf_*.json are written by hand in the shapes yfinance 1.7.0
returns (``Ticker.info``; ``funds_data`` frames as built by ``yfinance/scrapers/funds.py``),
with realistic values; each file says so in its ``_origin``.
"""
from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from analytics.data.cached import CachedSource, CacheOnlySource
from analytics.data.csvdir import SnapshotSource, write_snapshot
from analytics.data.demo import DemoSource
from analytics.data.funds import (
    download_fundamentals,
    fetch_fund_payload,
    normalize_fund_payload,
    normalize_ishares_allocation,
    normalize_stock_info,
)
from analytics.data.store import Store
from analytics.errors import DataUnavailableError, FetchTimeoutError, RateLimitedError, SourceUnreachableError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def payload(name: str) -> dict:
    raw = json.loads((FIXTURES / name).read_text())
    raw.pop("_origin")
    for key in ("equity_holdings", "fund_operations"):
        if key in raw:
            raw[key] = pd.DataFrame(**raw[key])
    return raw


def test_etf_payload_each_field_in_our_units():
    fund = normalize_fund_payload("IWM", payload("yf_fund_iwm.json"), datetime(2025, 5, 14))
    v = fund.values
    assert v["trailing_pe"].value == pytest.approx(17.42) and v["trailing_pe"].source == "Yahoo info.trailingPE"
    assert v["forward_pe"].value is None and "no forward P/E" in v["forward_pe"].note
    # P/B only in the holdings table, as a book yield: 1 / 0.46361
    assert v["price_to_book"].value == pytest.approx(1 / 0.46361)
    assert "inverse" in v["price_to_book"].note
    assert v["dividend_yield"].value == pytest.approx(0.0113) and v["dividend_yield"].source == "Yahoo info.yield"
    assert v["expense_ratio"].value == pytest.approx(0.0019)  # 0.19 percentage points
    assert v["net_assets"].value == pytest.approx(65_391_321_088)
    assert fund.name == "iShares Russell 2000 ETF" and fund.fetched_at == datetime(2025, 5, 14)


def test_etf_sector_weightings_mapped_to_gics_and_summing_to_one():
    fund = normalize_fund_payload("IWM", payload("yf_fund_iwm.json"))
    mix = fund.sector_weights
    assert sum(mix.values()) == pytest.approx(1.0)
    assert set(mix) == {"Real Estate", "Consumer Discretionary", "Materials", "Consumer Staples",
                        "Information Technology", "Communication Services", "Financials", "Utilities",
                        "Industrials", "Energy", "Health Care"}
    assert mix["Health Care"] == pytest.approx(0.1694 / 0.9999)


def test_fallbacks_when_info_lacks_a_field():
    raw = payload("yf_fund_iwm.json")
    for key in ("trailingPE", "yield", "netExpenseRatio"):
        raw["info"].pop(key)
    v = normalize_fund_payload("IWM", raw).values
    assert v["trailing_pe"].value == pytest.approx(1 / 0.05659)  # holdings earnings yield, inverted
    assert v["dividend_yield"].value == pytest.approx(0.0113)  # dividendYield 1.13 points / 100
    assert v["dividend_yield"].source == "Yahoo info.dividendYield"
    assert v["expense_ratio"].value == pytest.approx(0.0019)  # fund_operations fraction
    assert "fund_operations" in v["expense_ratio"].source


def test_nothing_is_guessed_when_yahoo_gives_nothing():
    v = normalize_fund_payload("XYZ", {"info": {"quoteType": "ETF", "totalAssets": 1e9}}).values
    assert v["net_assets"].value == 1e9
    assert all(item.value is None and item.note for k, item in v.items() if k != "net_assets")


@pytest.mark.parametrize("info", [{"unexpected": "shape"}, {"trailingPE": None, "yield": None}])
def test_an_answer_with_no_usable_field_is_an_error(info):
    # so a cache never replaces its last good copy with it
    with pytest.raises(DataUnavailableError, match="Yahoo fund data for XYZ: no usable field"):
        normalize_fund_payload("XYZ", {"info": info})


def test_stock_info_payload():
    info = payload("yf_info_aapl.json")["info"]
    row = normalize_stock_info("AAPL", info)
    assert row == {"trailing_eps": 6.59, "forward_eps": 8.31, "price": 232.14, "market_cap": 3.448e12}
    fund = normalize_fund_payload("AAPL", {"info": info})
    assert fund.values["dividend_yield"].value == pytest.approx(0.0044)  # no 'yield': points / 100
    assert fund.values["forward_pe"].value == pytest.approx(27.935)


def test_loss_maker_keeps_its_negative_eps():
    row = normalize_stock_info("BIOX", payload("yf_info_lossmaker.json")["info"])
    assert row["trailing_eps"] == -2.37 and row["price"] == 14.2
    fund = normalize_fund_payload("BIOX", payload("yf_info_lossmaker.json"))
    assert fund.values["trailing_pe"].value is None and fund.values["forward_pe"].value is None


def test_unknown_stock_raises():
    with pytest.raises(DataUnavailableError, match="no EPS or price .delisted or renamed"):
        normalize_stock_info("NOPE", {"quoteType": "NONE"})


def test_ishares_allocation_keeps_cash_rows():
    frame = normalize_ishares_allocation((FIXTURES / "ishares_iwm_holdings.csv").read_text())
    assert list(frame.columns) == ["symbol", "name", "sector", "asset_class", "weight"]
    cash = frame[frame["sector"] == "Cash and/or Derivatives"]
    assert set(cash["asset_class"]) == {"Money Market", "Futures"} and cash["weight"].sum() == pytest.approx(0.2)


class FakeTicker:
    def __init__(self, symbol, info=None, delay=0.0, error=None):
        self.symbol, self._info, self._delay, self._error = symbol, info or {}, delay, error

    @property
    def info(self):
        time.sleep(self._delay)
        if self._error:
            raise self._error
        return self._info

    @property
    def funds_data(self):
        raise RuntimeError("not a fund")


def test_fetch_bounded_by_timeout_and_errors_typed():
    with pytest.raises(FetchTimeoutError, match="within"):
        fetch_fund_payload("IWM", 0.05, lambda s: FakeTicker(s, delay=1.0))

    class YFRateLimitError(Exception):
        pass

    with pytest.raises(RateLimitedError):
        fetch_fund_payload("IWM", 5, lambda s: FakeTicker(s, error=YFRateLimitError("Too Many Requests")))
    with pytest.raises(SourceUnreachableError):
        fetch_fund_payload("IWM", 5, lambda s: FakeTicker(s, error=ConnectionError("down")))
    # A stock: funds_data raises, info alone comes back.
    payload = fetch_fund_payload("AAPL", 5, lambda s: FakeTicker(s, {"trailingPE": 30.0}))
    assert payload == {"info": {"trailingPE": 30.0}, "funds_data_error": "RuntimeError"}
    assert "did not load (RuntimeError)" in normalize_fund_payload("AAPL", payload).note


def test_download_fundamentals_lists_failures():
    infos = {"AAA": {"trailingEps": 1.5, "currentPrice": 30.0}, "BBB": {}}
    batch = download_fundamentals(["AAA", "BBB"], 5, lambda s: FakeTicker(s, infos[s]), workers=2)
    assert batch.frame.loc["AAA", "price"] == 30.0 and list(batch.frame.index) == ["AAA"]
    assert "no EPS or price" in batch.failed["BBB"]


class CountingDemo(DemoSource):
    def __init__(self):
        self.calls = []
        self.fail = False

    def fund_data(self, symbol):
        self.calls.append(symbol)
        if self.fail:
            raise SourceUnreachableError("offline")
        return super().fund_data(symbol)

    def equity_fundamentals(self, symbols):
        self.calls.append(tuple(symbols))
        if self.fail:
            raise SourceUnreachableError("offline")
        return super().equity_fundamentals(symbols)


def test_cached_fund_data_round_trip_and_stale_fallback(tmp_path):
    upstream, clock = CountingDemo(), [datetime(2026, 1, 5, 9)]
    cached = CachedSource(upstream, Store(tmp_path), now=lambda: clock[0])
    first = cached.fund_data("IWM")
    again = cached.fund_data("IWM")
    assert upstream.calls == ["IWM"]  # the second answer came from the store
    assert again.values["trailing_pe"] == first.values["trailing_pe"]
    assert again.values["forward_pe"].value is None and again.sector_weights == first.sector_weights
    clock[0] += timedelta(days=4)  # past the 3-day lifetime, and the refresh fails
    upstream.fail = True
    stale = cached.fund_data("IWM")
    assert stale.values["trailing_pe"].value == first.values["trailing_pe"].value
    assert "refresh failed" in stale.note


def test_cached_member_fundamentals_per_stock(tmp_path):
    upstream = CountingDemo()
    store = Store(tmp_path)
    cached = CachedSource(upstream, store)
    batch = cached.equity_fundamentals(["SC001", "SC002", "NOPE"])
    assert set(batch.frame.index) == {"SC001", "SC002"} and "NOPE" in batch.failed
    cached.equity_fundamentals(["SC001", "SC003"])
    assert upstream.calls[-1] == ("SC003",)  # SC001 came from the store
    offline = CacheOnlySource(store).equity_fundamentals(["SC001", "SC004"])
    assert list(offline.frame.index) == ["SC001"] and "offline" in offline.failed["SC004"]


def test_snapshot_has_no_fund_data(tmp_path):
    write_snapshot(DemoSource(), tmp_path, ["IWM"], [])
    source = SnapshotSource(tmp_path)
    with pytest.raises(DataUnavailableError, match="no fund valuation"):
        source.fund_data("IWM")
    with pytest.raises(DataUnavailableError, match="member earnings"):
        source.equity_fundamentals(["SC001"])
