"""The fault matrix: every fault against every source kind it applies to, through the cached
source the app uses (the store in front of the live source).

Each case asserts, cold (nothing cached) and warm (a stale last good copy in the store):
a typed error, or a per-symbol reason, naming the provider and saying what to do; the last
good copy served and labelled stale; no partial file left in the store; no secret (the FRED
key, the store credentials) in any message, log line, store key or file name. Faults come
from a loopback HTTP server or from fakes with yfinance's own behaviour (see drivers.py);
never from the network.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from analytics.config import Settings
from analytics.data.cached import CachedSource
from analytics.data.live import LiveSource
from analytics.data.store import Store
from analytics.errors import DashboardError, RateLimitedError, SourceUnreachableError
from tests.faults import drivers
from tests.faults.canned import CannedServer
from tests.faults.drivers import FRED_KEY, NETWORK, REPAIRED, STORE_SECRET, TIMEOUT_S

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DRIVERS = {d.name: d for d in (
    drivers.YahooPrices(), drivers.FredCsv(), drivers.FredApi(),
    drivers.Holdings((FIXTURES / "ishares_iwm_holdings.csv").read_text(encoding="utf-8-sig")),
    drivers.WikipediaList(), drivers.FundData(),
)}
#: Defects the matrix found in modules owned elsewhere, held here until they are fixed there
#: (strict: the case fails loudly once it passes).
KNOWN_GAPS: dict[tuple[str, str], str] = {}
CASES = [pytest.param(name, fault, id=f"{name}-{fault}",
                      marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name, fault])]
                      if (name, fault) in KNOWN_GAPS else [])
         for name, driver in DRIVERS.items() for fault in driver.faults]
#: Words that tell a viewer what to do next.
ADVICE = ("try again", "check", "delisted", "changed?", "renamed?")


@pytest.fixture
def server():
    with CannedServer() as running:
        yield running


@pytest.fixture
def world(tmp_path, monkeypatch, server, caplog):
    """Returns ``make(driver, fault)`` -> (cached source, store) with the fault in place."""
    caplog.set_level(logging.DEBUG)

    def make(driver, fault):
        driver.arrange(monkeypatch, server, fault)
        settings = Settings(source="live", cache_dir=tmp_path / "store", http_timeout=TIMEOUT_S,
                            fred_api_key=driver.fred_key,
                            store_options={"key": "AKIAFAULTMATRIX", "secret": STORE_SECRET})
        live = LiveSource(settings, downloader=getattr(driver, "downloader", None))
        store = Store(settings.store_url, settings.store_options)
        return CachedSource(live, store), store

    return make


def _seed(driver, store):
    kind, key, frame, *meta = driver.seed()
    store.write(kind, key, frame, meta[0] if meta else {"as_of": None},
                fetched_at=drivers.old_enough(kind))


def assert_nothing_leaked(texts, store, caplog):
    names = [p.name for p in Path(store.root).rglob("*")]
    everything = " ".join([*map(str, texts), caplog.text, *names, store.url, repr(store)])
    assert FRED_KEY not in everything
    assert STORE_SECRET not in everything


def assert_no_partial_files(store):
    for path in Path(store.root).rglob("*"):
        if path.is_file():
            assert not path.name.endswith(".tmp"), f"partial file left: {path.name}"
            assert path.name.endswith(".parquet") or ".corrupt-" in path.name or path.name == ".store.lock"


def assert_names_and_advises(message: str, driver) -> None:
    assert driver.says in message, message
    assert any(word in message.lower() for word in ADVICE), message
    assert "Traceback" not in message and len(message) < 400


def _failure_text(driver, call):
    """Cold: the typed error's text (prices report per symbol, in ``failed``)."""
    if driver.name == "yahoo":
        batch, _ = call()
        assert not batch.frames and "IWM" in batch.failed
        return batch.failed["IWM"]
    with pytest.raises(DashboardError) as info:
        call()
    if driver.fault in NETWORK or driver.fault in ("http_401", "http_429", "http_500", "http_503"):
        assert isinstance(info.value, SourceUnreachableError), repr(info.value)
    if driver.fault == "http_429" and driver.name != "funds":
        assert isinstance(info.value, RateLimitedError)
    return str(info.value)


@pytest.mark.parametrize("name, fault", CASES)
def test_cold_fault_gives_a_typed_error_naming_the_source(world, caplog, name, fault):
    driver = DRIVERS[name]
    driver.fault = fault
    source, store = world(driver, fault)
    if fault in REPAIRED:
        value, note = driver.call(source)
        assert driver.repaired(value) and not note
        message = note
    else:
        message = _failure_text(driver, lambda: driver.call(source))
        assert_names_and_advises(message, driver)
    assert_no_partial_files(store)
    assert_nothing_leaked([message], store, caplog)


@pytest.mark.parametrize("name, fault", [c for c in CASES if c.values[1] not in REPAIRED])
def test_last_good_copy_is_served_and_labelled_stale(world, caplog, name, fault):
    driver = DRIVERS[name]
    driver.fault = fault
    source, store = world(driver, fault)
    _seed(driver, store)
    before = sorted(p.name for p in Path(store.root).rglob("*"))
    value, note = driver.call(source)
    assert driver.is_seed(value), f"last good copy not served: {value!r}"
    assert "refresh failed" in note and "showing the copy cached" in note, note
    assert driver.says in note or name == "yahoo" and "Yahoo" in note, note
    assert sorted(p.name for p in Path(store.root).rglob("*")) == before  # nothing half-written
    assert_no_partial_files(store)
    assert_nothing_leaked([note], store, caplog)


@pytest.mark.parametrize("name", ["fred_keyless", "fred_api", "yahoo"])
def test_repaired_payload_replaces_the_stale_copy(world, caplog, name):
    driver = DRIVERS[name]
    driver.fault = "duplicate_unsorted_dates"
    source, store = world(driver, driver.fault)
    _seed(driver, store)
    value, note = driver.call(source)
    assert driver.repaired(value) and not note
    kind, key, *_ = driver.seed()
    assert store.read(kind, key).is_fresh(kind)
    assert_no_partial_files(store)
    assert_nothing_leaked([note], store, caplog)


def test_every_source_kind_meets_every_fault_that_applies():
    kinds = {name: set(d.faults) for name, d in DRIVERS.items()}
    assert set(kinds) == {"yahoo", "fred_keyless", "fred_api", "ishares", "wikipedia", "funds"}
    for name in ("yahoo", "fred_keyless", "fred_api"):
        assert kinds[name] == set(drivers.FAULTS)
    assert all(set(drivers.NETWORK + drivers.HTTP + drivers.PAYLOAD) <= f for f in kinds.values())
    assert os.environ.get("FRED_API_KEY") is None  # the key only ever comes in through Settings


# -- the store: corrupt objects, concurrent writers, a full disk, a read-only directory --------

STORE_DRIVERS = ["yahoo", "fred_keyless", "ishares", "wikipedia", "funds"]


def _object_path(driver, store) -> Path:
    kind, key, *_ = driver.seed()
    return store.path(kind, key)


@pytest.mark.parametrize("name", STORE_DRIVERS)
def test_corrupt_parquet_is_set_aside_and_refetched(world, caplog, name):
    driver = DRIVERS[name]
    source, store = world(driver, "none")
    _seed(driver, store)
    path = _object_path(driver, store)
    path.write_bytes(b"PAR1 this is not parquet")
    value, note = driver.call(source)
    assert not driver.is_seed(value)  # the fresh answer, since the copy could not be read
    asides = list(path.parent.glob(path.name + ".corrupt-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == b"PAR1 this is not parquet"
    kind, key, *_ = driver.seed()
    assert store.read(kind, key).is_fresh(kind)
    assert "unreadable" in caplog.text and FRED_KEY not in caplog.text
    assert_no_partial_files(store)
    assert_nothing_leaked([note], store, caplog)


@pytest.mark.parametrize("name", STORE_DRIVERS)
def test_two_writers_on_one_key_leave_one_whole_copy(world, caplog, name):
    import threading

    driver = DRIVERS[name]
    _source, store = world(driver, "none")
    kind, key, frame, *meta = driver.seed()
    versions = [frame.copy(), frame.iloc[::-1].copy()]
    errors = []

    def writer(version):
        try:
            for _ in range(25):
                store.write(kind, key, version, meta[0] if meta else {})
                got = store.read(kind, key)  # a reader between writes sees one whole copy
                assert any(got.frame.equals(v) for v in versions)
        except Exception as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(v,)) for v in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert any(store.read(kind, key).frame.equals(v) for v in versions)
    assert_no_partial_files(store)
    assert_nothing_leaked([], store, caplog)


def _break_writes(monkeypatch, store, fault: str) -> None:
    """``full_disk``: the write stops half way with ENOSPC. ``read_only_dir``: the directory
    refuses new files (a real chmod; as root, whom chmod does not stop, EACCES simulated)."""
    import errno
    import tempfile

    if fault == "full_disk":
        real = Path.write_bytes

        def write_bytes(self, data):
            real(self, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(Path, "write_bytes", write_bytes)
    elif os.geteuid() != 0:
        for path in [Path(store.root), *Path(store.root).rglob("*")]:
            if path.is_dir():
                path.chmod(0o555)
    else:
        def mkstemp(*_args, **_kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def _restore_permissions(store) -> None:
    for path in [Path(store.root), *Path(store.root).rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)


@pytest.mark.parametrize("fault", ["full_disk", "read_only_dir"])
@pytest.mark.parametrize("name", STORE_DRIVERS)
def test_a_failed_write_keeps_the_old_copy_whole(world, monkeypatch, caplog, name, fault):
    from analytics.data.objectstore import StoreError

    driver = DRIVERS[name]
    _source, store = world(driver, "none")
    _seed(driver, store)
    kind, key, frame, *meta = driver.seed()
    old = _object_path(driver, store).read_bytes()
    _break_writes(monkeypatch, store, fault)
    try:
        with pytest.raises(StoreError) as info:
            store.write(kind, key, frame.iloc[:1], meta[0] if meta else {})
    finally:
        monkeypatch.undo()
        _restore_permissions(store)
    message = str(info.value)
    assert "store" in message and key in message
    assert ("No space left" in message) if fault == "full_disk" else ("ermission" in message)
    assert _object_path(driver, store).read_bytes() == old
    assert_no_partial_files(store)
    assert_nothing_leaked([message], store, caplog)


@pytest.mark.parametrize("fault", ["full_disk", "read_only_dir"])
@pytest.mark.parametrize("name", ["yahoo", "fred_keyless"])
def test_a_store_that_cannot_write_still_serves_data(world, monkeypatch, caplog, name, fault):
    driver = DRIVERS[name]
    source, store = world(driver, "none")
    _seed(driver, store)
    _break_writes(monkeypatch, store, fault)
    try:
        value, note = driver.call(source)
    finally:
        _restore_permissions(store)
    assert value is not None and "store" in note


@pytest.mark.parametrize("fault", ["dns", "http_403", "http_503"])
def test_an_unreachable_object_store_never_shows_its_credentials(server, monkeypatch, caplog, fault):
    from analytics.data.objectstore import StoreError
    from tests.faults.canned import Canned, route_fake_hosts

    caplog.set_level(logging.DEBUG)
    route_fake_hosts(monkeypatch, dns_fails=fault == "dns")
    status = int(fault.split("_")[1]) if fault.startswith("http") else 200
    code = {403: "AccessDenied", 503: "SlowDown"}.get(status, "")
    server.canned = Canned(status=status, content_type="application/xml", body=(
        f'<?xml version="1.0"?><Error><Code>{code}</Code><Message>no</Message></Error>'.encode()))
    store = Store("s3://fault-bucket/prefix", {"key": "AKIAFAULTMATRIX", "secret": STORE_SECRET,
                                               "endpoint_url": server.url("s3"), "region": "us-east-1"})
    with pytest.raises(StoreError) as info:
        store.read("prices", "IWM")
    message = str(info.value)
    assert "s3://fault-bucket" in message
    assert STORE_SECRET not in message + caplog.text and "AKIAFAULTMATRIX" not in message
