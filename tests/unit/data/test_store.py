"""The Parquet store: round trip, atomic replacement, corrupt-file recovery, safe keys."""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

import pandas as pd
import pytest

from analytics.data import store as store_module
from analytics.data.store import Store
from analytics.errors import CacheCorruptError
from tests.conftest import price_bars

#: Three bars closing at 10, 11 and 12 (the store's round trips need nothing more).
bars = partial(price_bars, periods=3, close0=10.0)


def test_round_trip_keeps_frame_and_fetch_time(tmp_path):
    store = Store(tmp_path)
    when = datetime(2024, 1, 5, 17, 30)
    store.write("prices", "IWM", bars(), meta={"x": 1}, fetched_at=when)
    entry = store.read("prices", "IWM")
    pd.testing.assert_frame_equal(entry.frame, bars(), check_freq=False)
    assert entry.fetched_at == when and entry.meta == {"x": 1}


def test_missing_is_none(tmp_path):
    assert Store(tmp_path).read("prices", "SPY") is None


def test_freshness_by_kind(tmp_path):
    store = Store(tmp_path)
    old = datetime.now() - timedelta(hours=5)
    store.write("prices", "IWM", bars(), fetched_at=old)
    store.write("holdings", "IWM", pd.DataFrame({"symbol": ["A"]}), fetched_at=old)
    assert not store.read("prices", "IWM").is_fresh("prices")  # 4 h lifetime
    assert store.read("holdings", "IWM").is_fresh("holdings")  # 7 day lifetime


def test_failed_write_leaves_old_copy_intact(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store.write("prices", "IWM", bars(close0=10.0))

    def explode(table, sink):
        sink.write(b"PAR1 half a file")  # the half written so far never reaches the store
        raise OSError("disk full")

    monkeypatch.setattr(store_module.pq, "write_table", explode)
    with pytest.raises(OSError, match="disk full"):
        store.write("prices", "IWM", bars(close0=99.0))
    assert store.read("prices", "IWM").frame["close"].iloc[0] == 10.0
    assert [p.name for p in (tmp_path / "prices").iterdir()] == ["IWM.parquet"]  # no temp left


def test_corrupt_file_is_set_aside(tmp_path):
    store = Store(tmp_path)
    path = store.path("prices", "IWM")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not parquet")
    with pytest.raises(CacheCorruptError, match="IWM"):
        store.read("prices", "IWM")
    assert not path.exists()
    assert any(p.name.startswith("IWM.parquet.corrupt-") for p in path.parent.iterdir())
    assert store.read("prices", "IWM") is None  # next read: simply missing, so it is refetched


@pytest.mark.parametrize("key", ["../x", "a/b", "", "..", "x" * 40])
def test_unsafe_keys_rejected(tmp_path, key):
    with pytest.raises(ValueError):
        Store(tmp_path).path("prices", key)


def test_unknown_kind_rejected(tmp_path):
    with pytest.raises(ValueError, match="unknown cache kind"):
        Store(tmp_path).path("secrets", "IWM")
