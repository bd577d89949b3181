"""CachedSource: tail-only refresh, last-good fallback, split detection, corrupt recovery."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from analytics.data.base import Holdings, PriceBatch, SourceInfo
from analytics.data.cached import CachedSource, CacheOnlySource
from analytics.data.store import Store
from analytics.errors import DataUnavailableError, SourceUnreachableError
from tests.conftest import Clock, price_bars

bars = price_bars


class FakeUpstream:
    """Serves a fixed history up to ``self.today``; records every call."""

    def __init__(self, history: dict[str, pd.DataFrame]):
        self.history = history
        self.today = pd.Timestamp("2024-03-01")
        self.calls: list[tuple[tuple[str, ...], date | None]] = []
        self.fail_with: Exception | None = None

    def info(self):
        return SourceInfo(kind="live", label="fake live")

    def prices(self, symbols, start=None):
        self.calls.append((tuple(symbols), start))
        if self.fail_with:
            raise self.fail_with
        batch = PriceBatch()
        for s in symbols:
            if s not in self.history:
                batch.failed[s] = "unknown symbol"
                continue
            frame = self.history[s].loc[: self.today]
            batch.frames[s] = frame if start is None else frame.loc[pd.Timestamp(start):]
        return batch

    def holdings(self, fund):
        if self.fail_with:
            raise self.fail_with
        return Holdings(fund, pd.DataFrame({"symbol": ["A", "B"], "name": ["a", "b"],
                                            "sector": ["x", "y"], "weight": [60.0, 40.0]}),
                        date(2024, 2, 1))


@pytest.fixture
def setup(tmp_path):
    upstream = FakeUpstream({"IWM": bars("2024-01-02", "2024-06-28"),
                             "SPY": bars("2024-01-02", "2024-06-28", scale=4.0)})
    clock = Clock(datetime(2024, 3, 1, 22, 0))
    return upstream, clock, CachedSource(upstream, Store(tmp_path), now=clock)


def test_first_call_fetches_full_history_then_serves_cache(setup):
    upstream, clock, source = setup
    first = source.prices(["IWM", "SPY"])
    assert upstream.calls == [(("IWM", "SPY"), None)]
    assert first.frames["IWM"].index[-1] == pd.Timestamp("2024-03-01")
    clock.now += timedelta(hours=1)
    again = source.prices(["IWM", "SPY"])
    assert len(upstream.calls) == 1  # fresh: no network
    pd.testing.assert_frame_equal(again.frames["SPY"], first.frames["SPY"], check_freq=False)


def test_stale_cache_fetches_only_the_tail(setup):
    upstream, clock, source = setup
    source.prices(["IWM"])
    upstream.today = pd.Timestamp("2024-03-08")
    clock.now += timedelta(days=7)
    batch = source.prices(["IWM"])
    symbols, start = upstream.calls[-1]
    assert symbols == ("IWM",)
    assert start == date(2024, 3, 1)  # from the last cached bar: one known bar, then new ones
    expected = bars("2024-01-02", "2024-06-28").loc[:"2024-03-08"]
    pd.testing.assert_frame_equal(batch.frames["IWM"], expected, check_freq=False)
    assert not batch.stale and not batch.notes


def test_failed_refresh_keeps_last_good_copy_and_says_so(setup):
    upstream, clock, source = setup
    source.prices(["IWM"])
    upstream.fail_with = SourceUnreachableError("Yahoo: ConnectionError")
    clock.now += timedelta(days=2)
    batch = source.prices(["IWM"])
    assert batch.frames["IWM"].index[-1] == pd.Timestamp("2024-03-01")
    assert batch.stale and batch.fetched_at == datetime(2024, 3, 1, 22, 0)
    assert "refresh failed" in batch.notes[0] and "2024-03-01 22:00" in batch.notes[0]
    assert "2 days old" in batch.notes[0]


def test_unknown_symbol_fails_alone(setup):
    _, _, source = setup
    batch = source.prices(["IWM", "NOPE"])
    assert set(batch.frames) == {"IWM"} and batch.failed == {"NOPE": "unknown symbol"}


def test_split_in_overlap_triggers_full_refetch(setup):
    upstream, clock, source = setup
    source.prices(["IWM"])
    upstream.history["IWM"] = bars("2024-01-02", "2024-06-28", scale=0.5)  # a 2-for-1 split
    upstream.today = pd.Timestamp("2024-03-08")
    clock.now += timedelta(days=7)
    batch = source.prices(["IWM"])
    assert upstream.calls[-1] == (("IWM",), None)
    assert batch.frames["IWM"]["close"].iloc[0] == pytest.approx(50.0)


def test_corrupt_cache_is_refetched_with_a_note(setup, tmp_path):
    upstream, _, source = setup
    source.prices(["IWM"])
    Store(tmp_path).path("prices", "IWM").write_bytes(b"garbage")
    batch = source.prices(["IWM"])
    assert "IWM" in batch.frames and len(upstream.calls) == 2
    assert any("unreadable" in note for note in batch.notes)


def test_holdings_last_good_on_failure(setup):
    upstream, clock, source = setup
    assert source.holdings("IWM").as_of == date(2024, 2, 1)
    upstream.fail_with = SourceUnreachableError("iShares: HTTP 503")
    clock.now += timedelta(days=30)
    held = source.holdings("IWM")
    assert list(held.frame["symbol"]) == ["A", "B"] and "HTTP 503" in held.note


def test_cache_only_source_serves_whatever_is_there(setup, tmp_path):
    _, _, source = setup
    source.prices(["IWM"])
    offline = CacheOnlySource(Store(tmp_path))
    batch = offline.prices(["IWM", "SPY"])
    assert "IWM" in batch.frames and "SPY" in batch.failed and batch.stale
    with pytest.raises(DataUnavailableError):
        offline.fred("DFF")


def test_one_new_day_fetches_one_new_bar(setup):
    upstream, clock, source = setup
    source.prices(["IWM"])
    upstream.today = pd.Timestamp("2024-03-04")  # the next trading day
    clock.now += timedelta(days=3)
    fetched_rows = []
    original = upstream.prices

    def counting(symbols, start=None):
        batch = original(symbols, start)
        fetched_rows.extend(len(f) for f in batch.frames.values())
        return batch

    upstream.prices = counting
    batch = source.prices(["IWM"])
    assert fetched_rows == [2]  # the last cached bar (split check) and the new day
    assert batch.frames["IWM"].index[-1] == pd.Timestamp("2024-03-04")
