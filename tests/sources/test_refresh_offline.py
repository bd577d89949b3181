"""The refresh job offline: the live source's real fetchers (yfinance, the FRED CSV, iShares,
Wikipedia) over an HTTP layer where no host name resolves. The job says once that the network
is the problem, asks each host once, exits 1 and leaves the store's last good data alone."""
from __future__ import annotations

import hashlib
import io
import socket

import pytest
import requests

from analytics.catalog import CORE_SYMBOLS
from analytics.config import Settings
from analytics.data.demo import DemoSource
from analytics.data.http import configure_libraries, reset_libraries
from analytics.data.ishares import HOLDINGS_PATHS
from analytics.data.live import LiveSource
from analytics.data.store import Store
from analytics.refresh import ALL_KINDS, RefreshPlan, run_refresh
from tests.sources.recorded_http import CHART_PATH

DNS_FAILURE = "Failed to resolve '{host}' ([Errno -3] Temporary failure in name resolution)"


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """Every request through ``requests`` fails to resolve its host; returns the URLs tried."""
    import yfinance as yf

    tried: list[str] = []

    def send(self, request, **kwargs):
        tried.append(request.url)
        host = requests.utils.urlparse(request.url).hostname
        raise requests.exceptions.ConnectionError(DNS_FAILURE.format(host=host))

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    yf.set_tz_cache_location(str(tmp_path / "yf"))
    configure_libraries(3.0, session=requests.Session())  # yfinance on requests, not curl_cffi
    yield tried
    reset_libraries()


def _snapshot(store_root) -> dict[str, str]:
    """Every stored object's digest, the lease (taken and released) aside."""
    return {str(p.relative_to(store_root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store_root.rglob("*")) if p.is_file() and "leases" not in p.parts}


@pytest.fixture(params=["dns-lookup", "http-layer"])
def how(request, monkeypatch):
    """Where the outage is seen: the guard's DNS look-up before a host's first request, or
    (behind a proxy, where the look-up is skipped) each host's first request itself. Either
    way no real look-up is made."""
    looked_up: list[str] = []

    def getaddrinfo(host, *args, **kwargs):
        looked_up.append(host)
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    if request.param == "http-layer":
        monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    yield request.param
    assert (request.param == "dns-lookup") == bool(looked_up)


def test_offline_refresh_says_so_once_and_keeps_the_store(offline, how, tmp_path):
    root = tmp_path / "store"
    store = Store(root)
    plan = RefreshPlan(ALL_KINDS, (), ("sp500", "nasdaq100"))
    assert run_refresh(DemoSource(), store, plan, io.StringIO()) == 0  # last good data
    before = _snapshot(root)
    live = LiveSource(Settings(source="live", cache_dir=tmp_path, http_timeout=3.0))
    out = io.StringIO()

    status = run_refresh(live, store, plan, out)

    text = out.getvalue()
    assert status == 1
    assert _snapshot(root) == before
    network = [line for line in text.splitlines() if line.startswith("network:")]
    assert len(network) == 1 and "nothing refreshed" in network[0]
    for host in ("Yahoo Finance", "FRED", "iShares", "Wikipedia"):
        assert host in network[0]
    assert text.count("does not resolve (DNS)") == 4  # each host's reason, once
    assert "members: skipped" in text and "funds: skipped" in text
    if how == "dns-lookup":
        assert offline == []  # not one request: the look-ups said it all
        return
    assert "failed IWM" not in text and "failed DFF" not in text
    assert "not refreshed: Yahoo Finance unreachable" in text
    # Each host asked once: Yahoo for the core symbols' one batched download (yfinance tries
    # each ticker of it), never a member; Wikipedia and FRED one request each, iShares one per
    # address it knows for the holdings file.
    charts = {requests.utils.unquote(m[1]) for url in offline if (m := CHART_PATH.search(url))}
    assert charts and charts <= set(CORE_SYMBOLS), charts - set(CORE_SYMBOLS)
    others = [url for url in offline if "yahoo.com" not in url]
    assert len(others) == 2 + len(HOLDINGS_PATHS), others
