"""The store contract, on both backends: read, write, atomic publish, compare-and-swap,
concurrent writers, corrupt objects, and clear errors that never show a secret."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from functools import partial

import numpy as np
import pandas as pd
import pytest

from analytics.data.lease import LeaseHeldError, acquire
from analytics.data.objectstore import PreconditionFailedError, StoreError
from analytics.data.panel import publish, put_part, read_manifest, read_panel
from analytics.data.store import Store
from analytics.errors import CacheCorruptError
from tests.conftest import price_bars

#: Three bars closing at 10, 11 and 12 (the store's round trips need nothing more).
bars = partial(price_bars, periods=3, close0=10.0)


def test_round_trip_keeps_frame_meta_and_fetch_time(store):
    when = datetime(2024, 1, 5, 17, 30)
    store.write("prices", "^GSPC", bars(), meta={"x": 1}, fetched_at=when)
    entry = store.read("prices", "^GSPC")
    pd.testing.assert_frame_equal(entry.frame, bars(), check_freq=False)
    assert entry.fetched_at == when and entry.meta == {"x": 1}
    assert store.has("prices", "^GSPC") and not store.has("prices", "SPY")


def test_missing_is_none(store):
    assert store.read("prices", "SPY") is None
    assert store.read_many("prices", ["SPY", "QQQ"]) == {"SPY": None, "QQQ": None}


def test_second_open_sees_what_the_first_wrote(make_store):
    make_store().write("fred", "DFF", pd.DataFrame({"value": [5.33]}, index=pd.DatetimeIndex(["2024-01-02"])))
    assert make_store().read("fred", "DFF").frame["value"].iloc[0] == 5.33


def test_read_many_returns_each_key_and_isolates_a_corrupt_one(store):
    for i, symbol in enumerate(["A", "B", "C"]):
        store.write("prices", symbol, bars(close0=10.0 * (i + 1)))
    store.objects.put(store.key("prices", "B"), b"not parquet at all")
    got = store.read_many("prices", ["A", "B", "C", "D"])
    assert got["A"].frame["close"].iloc[0] == 10.0 and got["C"].frame["close"].iloc[0] == 30.0
    assert isinstance(got["B"], CacheCorruptError) and got["D"] is None


def test_corrupt_object_is_set_aside_then_missing(store):
    store.objects.put(store.key("prices", "IWM"), b"PAR1 truncated")
    with pytest.raises(CacheCorruptError, match="IWM"):
        store.read("prices", "IWM")
    names = [o.key for o in store.objects.list("prices/")]
    assert "prices/IWM.parquet" not in names
    assert any(n.startswith("prices/IWM.parquet.corrupt-") for n in names)
    assert store.read("prices", "IWM") is None  # so the caller refetches


def test_readers_never_see_half_an_object(store):
    """A reader polling while a writer replaces a large object sees only whole versions."""
    big = [bars(periods=3000, close0=float(v)) for v in (100, 200)]
    store.write("prices", "IWM", big[0])
    seen, errors, done = set(), [], threading.Event()

    def reader():
        while not done.is_set():
            try:
                seen.add(float(store.read("prices", "IWM").frame["close"].iloc[0]))
            except Exception as exc:  # any failure to decode is a torn read
                errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    for i in range(12):
        store.write("prices", "IWM", big[i % 2])
    done.set()
    thread.join(timeout=30)
    assert not errors and seen <= {100.0, 200.0} and seen


def test_conditional_put_is_compare_and_swap(store):
    first = store.objects.put_if("panels/x/manifest.json", b"v1", None)
    with pytest.raises(PreconditionFailedError, match="already exists"):
        store.objects.put_if("panels/x/manifest.json", b"v1 again", None)
    second = store.objects.put_if("panels/x/manifest.json", b"v2", first)
    with pytest.raises(PreconditionFailedError, match="changed since it was read"):
        store.objects.put_if("panels/x/manifest.json", b"v3 from a stale read", first)
    assert store.objects.get("panels/x/manifest.json") == (b"v2", second)


def _publish_member(store, symbol: str, value: float) -> None:
    dates = pd.bdate_range("2024-01-02", periods=5, name="date")
    part = put_part(store, "sp500", dates, {symbol: np.full(5, value)})
    publish(store, "sp500", [f"M{i}" for i in range(8)], [part], {symbol: ("2024-01-08", value)}, {},
            datetime(2024, 1, 8, 22))


def test_concurrent_panel_writers_lose_nothing(store):
    threads = [threading.Thread(target=_publish_member, args=(store, f"M{i}", float(i + 1))) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    manifest = read_manifest(store, "sp500")
    assert manifest.version == 8 and len(manifest.parts) == 8
    panel = read_panel(store, "sp500")
    assert [panel.rows[i, -1] for i in range(8)] == [float(i + 1) for i in range(8)]
    assert set(manifest.last) == {f"M{i}" for i in range(8)}


def test_lease_admits_one_job_and_expires(store):
    clock = [datetime(2024, 1, 1, 12, tzinfo=timezone.utc)]
    first = acquire(store, owner="job-a", ttl=timedelta(minutes=10), now=lambda: clock[0])
    with pytest.raises(LeaseHeldError, match="job-a"):
        acquire(store, owner="job-b", now=lambda: clock[0])
    clock[0] += timedelta(minutes=11)  # job-a died without releasing
    second = acquire(store, owner="job-b", now=lambda: clock[0])
    with pytest.raises(LeaseHeldError, match="taken over"):
        first.renew()
    second.release()
    acquire(store, owner="job-c", now=lambda: clock[0]).release()


def test_lease_waits_for_its_holder(store):
    held = acquire(store, owner="job-a")
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        held.release()

    acquire(store, owner="job-b", wait_s=60, sleep=sleep).release()
    assert len(naps) == 1


def test_keys_are_validated_before_any_request(store):
    for bad in ("../x", "a/b", "", "x" * 40):
        with pytest.raises(ValueError):
            store.key("prices", bad)
    with pytest.raises(ValueError):
        store.objects.get("../../etc/passwd")


def test_missing_bucket_is_a_clear_error(s3_server):
    from tests.store.conftest import s3_options

    store = Store("s3://no-such-bucket-here/prefix", s3_options(s3_server))
    for action in (store.objects.check, lambda: store.read("prices", "IWM"),
                   lambda: store.write("prices", "IWM", bars())):
        with pytest.raises(StoreError, match="bucket 'no-such-bucket-here' does not exist"):
            action()


def test_unusable_local_directory_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    store = Store(blocker / "store")
    with pytest.raises(StoreError, match="cannot create the directory"):
        store.objects.check()
    with pytest.raises(StoreError, match="cannot write prices/IWM.parquet") as caught:
        store.write("prices", "IWM", bars())
    assert str(blocker) not in str(caught.value)  # the server's directories stay private


@pytest.fixture(scope="module")
def s3_with_auth():
    from tests.store.s3server import start_s3_server

    server = start_s3_server({"INITIAL_NO_AUTH_ACTION_COUNT": "0"})
    yield server
    server.stop()


def test_bad_credentials_say_so_and_show_no_secret(s3_with_auth):
    from tests.store.conftest import s3_options

    secret = "wJalrXUtnFEMI-this-is-the-secret-K7MDENG"
    store = Store("s3://team-bucket/store", s3_options(s3_with_auth, key="AKIAUNKNOWNKEY000001", secret=secret))
    for action in (store.objects.check, lambda: store.read("prices", "IWM"),
                   lambda: store.write("prices", "IWM", bars())):
        with pytest.raises(StoreError) as caught:
            action()
        message = str(caught.value)
        assert "access denied" in message and "s3://team-bucket/store" in message
        assert secret not in message and secret not in repr(caught.value)
    assert secret not in repr(store) and secret not in store.url


def test_unreachable_endpoint_is_a_clear_error_without_secret():
    secret = "another-secret-value-1234567890"
    from tests.store.s3server import free_port

    store = Store("s3://team-bucket", {"key": "AKIAX", "secret": secret,
                                       "endpoint_url": f"http://127.0.0.1:{free_port()}", "region": "us-east-1"})
    with pytest.raises(StoreError, match="cannot reach the object store") as caught:
        store.objects.check()
    assert secret not in str(caught.value)


def test_store_url_with_credentials_is_refused(monkeypatch):
    from analytics.config import load_settings

    monkeypatch.setenv("MARKET_STORE_URL", "s3://AKIAX:topsecret@bucket/prefix")
    with pytest.raises(ValueError) as caught:
        load_settings()
    assert "topsecret" not in str(caught.value)
