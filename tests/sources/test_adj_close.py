"""The optional ``adj_close`` column (split+dividend adjusted close) on every price path:
the frame contract, Yahoo's recorded download, the snapshot reader and writer, the store's
Parquet round trip, the cache's tail merge across a dividend, and the demo's dividends."""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.data.base import ADJ_CLOSE, OHLCV_COLUMNS, PriceBatch, SourceInfo, normalize_ohlcv
from analytics.data.cached import CachedSource
from analytics.data.csvdir import SnapshotSource, write_snapshot
from analytics.data.demo import DIVIDEND_YIELDS, DemoSource, adjusted_close
from analytics.data.store import Store
from analytics.data.yahoo import normalize_download
from tests.conftest import Clock, price_bars

FIXTURE = Path(__file__).parent.parent / "fixtures" / "yf_download_iwm_spy_failed.csv"


#: Closes 100, 101, ... with a one-point range and adjusted closes 2% below.
_bars = partial(price_bars, spread=1.0, volume=1e6, adj_factor=0.98)


# -- the frame contract ----------------------------------------------------------------------

def test_normalize_keeps_adj_close_as_float_with_nan_allowed():
    raw = pd.DataFrame({"Date": ["2024-01-02", "2024-01-03", "2024-01-04"], "Close": [10, 11, 12],
                        "Adj Close": ["9.5", None, "11.4"]})
    out = normalize_ohlcv(raw, "X")
    assert list(out.columns) == [*OHLCV_COLUMNS, ADJ_CLOSE]
    assert out[ADJ_CLOSE].dtype == "float64"
    assert out[ADJ_CLOSE].iloc[0] == 9.5 and np.isnan(out[ADJ_CLOSE].iloc[1])
    assert len(out) == 3  # a missing adjusted close never drops the row: only close is required


def test_normalize_does_not_require_or_invent_adj_close():
    raw = pd.DataFrame({"date": ["2024-01-02", "2024-01-03"], "close": [10.0, 11.0]})
    assert list(normalize_ohlcv(raw, "X").columns) == list(OHLCV_COLUMNS)


# -- Yahoo -----------------------------------------------------------------------------------

def test_yahoo_recorded_download_keeps_adj_close_beside_the_raw_close():
    frame = pd.read_csv(FIXTURE, header=[0, 1], index_col=0, parse_dates=True)
    frame.columns.names = ["Price", "Ticker"]
    batch = normalize_download(frame, ["IWM", "SPY", "ZZZZNOPE"])
    iwm, spy = batch.frames["IWM"], batch.frames["SPY"]
    assert iwm.loc["2023-11-28", "close"] == pytest.approx(178.04, abs=1e-2)
    assert iwm.loc["2023-11-28", ADJ_CLOSE] == pytest.approx(173.9588, abs=1e-3)
    assert spy.loc["2023-11-28", ADJ_CLOSE] == pytest.approx(443.4688, abs=1e-3)
    # Dividends paid since lower the adjusted close below the quoted one, by one factor per span.
    ratio = iwm[ADJ_CLOSE] / iwm["close"]
    assert (ratio < 1).all() and ratio.max() - ratio.min() < 1e-6


# -- snapshot directory ----------------------------------------------------------------------

class _Frames:
    def __init__(self, frames):
        self.frames = frames

    def info(self):
        return SourceInfo(kind="demo", label="frames")

    def prices(self, symbols, start=None):
        return PriceBatch(frames={s: self.frames[s] for s in symbols if s in self.frames})


def test_snapshot_round_trip_keeps_adj_close_and_its_gaps(tmp_path):
    with_adj = _bars("2024-01-01", "2024-02-29")
    with_adj.loc["2024-02-20":, ADJ_CLOSE] = np.nan  # adjusted closes end before closes do
    without = _bars("2024-01-01", "2024-02-29", adj_factor=None)
    write_snapshot(_Frames({"AAA": with_adj, "BBB": without}), tmp_path, ["AAA", "BBB"], [])
    header = (tmp_path / "prices" / "AAA.csv").read_text().splitlines()[0]
    assert header == "date,open,high,low,close,volume,adj_close"
    read = SnapshotSource(tmp_path).prices(["AAA", "BBB"])
    pd.testing.assert_series_equal(read.frames["AAA"][ADJ_CLOSE], with_adj[ADJ_CLOSE], check_freq=False)
    assert ADJ_CLOSE not in read.frames["BBB"].columns
    assert (tmp_path / "prices" / "BBB.csv").read_text().splitlines()[0] == "date,open,high,low,close,volume"


def test_snapshot_reader_takes_a_hand_written_file_with_empty_adj_cells(tmp_path):
    (tmp_path / "prices").mkdir()
    (tmp_path / "manifest.json").write_text('{"format": 1}')
    (tmp_path / "prices" / "IWM.csv").write_text(
        "date,open,high,low,close,volume,adj_close\n"
        "2026-07-31,,,,200.0,,198.0\n2026-08-03,,,,202.0,,\n")
    frame = SnapshotSource(tmp_path).prices(["IWM"]).frames["IWM"]
    assert frame[ADJ_CLOSE].iloc[0] == 198.0 and np.isnan(frame[ADJ_CLOSE].iloc[1])


# -- store and cache -------------------------------------------------------------------------

def test_store_parquet_round_trip_keeps_adj_close(tmp_path):
    store = Store(tmp_path)
    frame = _bars("2024-01-01", "2024-01-31")
    frame.iloc[3, frame.columns.get_loc(ADJ_CLOSE)] = np.nan
    store.write("prices", "IWM", frame)
    back = store.read("prices", "IWM").frame
    pd.testing.assert_frame_equal(back, frame, check_freq=False)


class _Upstream:
    def __init__(self, history):
        self.history = history
        self.calls = []

    def info(self):
        return SourceInfo(kind="live", label="fake live")

    def prices(self, symbols, start=None):
        self.calls.append(start)
        return PriceBatch(frames={s: self.history[s].loc[pd.Timestamp(start) if start else None:]
                                  for s in symbols})


def test_cache_tail_refresh_rescales_older_adj_closes_after_a_dividend(tmp_path):
    """Yahoo adjusts from the present: a dividend paid after the cached copy lowers every
    older adjusted close by 1 - D/C. The merged history must equal a full fetch."""
    old = _bars("2024-01-01", "2024-02-29", adj_factor=1.0)
    full = _bars("2024-01-01", "2024-03-29", adj_factor=1.0)
    ex_day = pd.Timestamp("2024-03-15")
    factor = 1 - 0.5 / float(full["close"].loc[:ex_day].iloc[-2])  # a 0.50 dividend
    full.loc[full.index < ex_day, ADJ_CLOSE] *= factor
    upstream = _Upstream({"IWM": old})
    clock = Clock(datetime(2024, 3, 1, 9))
    source = CachedSource(upstream, Store(tmp_path), now=clock)
    source.prices(["IWM"])
    upstream.history["IWM"] = full
    clock.now += timedelta(days=30)
    merged = source.prices(["IWM"]).frames["IWM"]
    assert upstream.calls[-1] is not None  # a tail refresh, not a full fetch
    pd.testing.assert_series_equal(merged[ADJ_CLOSE], full[ADJ_CLOSE], check_freq=False)


def test_cache_copy_without_adj_close_is_fetched_whole_once():
    old = _bars("2024-01-01", "2024-02-29", adj_factor=None)
    tail = _bars("2024-01-01", "2024-03-29").loc["2024-02-29":]
    assert CachedSource._merge_tail(old, tail) is None
    assert CachedSource._merge_tail(old, tail.drop(columns=ADJ_CLOSE)) is not None


# -- demo ------------------------------------------------------------------------------------

def test_demo_adjusted_close_accrues_its_dividend_yield():
    batch = DemoSource().prices(["SPY", "IWM", "QQQ", "^GSPC"])
    for symbol, expected in (("SPY", 0.013), ("IWM", 0.012), ("QQQ", 0.006)):
        assert DIVIDEND_YIELDS[symbol] == expected
        frame = batch.frames[symbol].loc["2019-01-01":"2023-12-31"]
        growth = (frame[ADJ_CLOSE] / frame["close"]).iloc[[0, -1]]
        yearly = (growth.iloc[1] / growth.iloc[0]) ** (1 / 5) - 1  # 5 years of 4 dividends
        assert yearly == pytest.approx(expected, rel=0.03)
    index = batch.frames["^GSPC"]
    assert (index[ADJ_CLOSE] == index["close"]).all()  # a price index pays nothing


def test_demo_adjustment_is_quarterly_and_exact():
    close = pd.Series(100.0, index=pd.bdate_range("2023-01-02", "2023-12-29", name="date"))
    adjusted = adjusted_close(close, 0.04)
    steps = (adjusted / close).round(12).drop_duplicates()
    # Four ex-days (mid-Mar, Jun, Sep, Dec): five levels, each 1% apart, the last 1.0.
    assert list(steps) == pytest.approx([0.99 ** 4, 0.99 ** 3, 0.99 ** 2, 0.99, 1.0])
    assert adjusted.loc["2023-03-14"] == pytest.approx(100 * 0.99 ** 4)
    assert adjusted.loc["2023-03-15"] == pytest.approx(100 * 0.99 ** 3)
