"""Shared fixtures. No test may reach the network: connections leave only to loopback."""
from __future__ import annotations

import ipaddress
import os
import socket

import pytest

_real_connect = socket.socket.connect
_real_create_connection = socket.create_connection


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise OSError(f"tests must not touch the network (tried {address!r})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Refuse every non-loopback connection, so a live code path can never leak into a test."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """Each test gets its own cache directory, no FRED key and the demo source by default."""
    monkeypatch.setenv("MARKET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DASHBOARD_SOURCE", "demo")
    monkeypatch.delenv("FRED_API_KEY", raising=False)


# One Chromium per test process, shared by every module that drives a browser (Playwright's
# sync API allows one instance per process: a second one in the same worker would fail).
@pytest.fixture(scope="session")
def browser():
    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (REQUIRE_BROWSER=1) but was not found")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_collection_modifyitems(config, items):
    """Every browser test in one test process (one demo server, one Chromium): two of each on
    two cores starve the pages they are timing."""
    # The markers exist only with their plugins: `-p no:xdist` or `-p no:rerunfailures` still runs.
    grouped = config.pluginmanager.hasplugin("xdist")
    retried = config.pluginmanager.hasplugin("rerunfailures")
    for item in items:
        if "tests/browser/" in item.nodeid or "test_two_replicas" in item.nodeid:
            if grouped:
                item.add_marker(pytest.mark.xdist_group("browser"))
            # A browser test waits on a real server on a shared 2-core machine: one retry
            # separates a slow moment from a real failure (which fails every try).
            if retried:
                item.add_marker(pytest.mark.flaky(reruns=1))


# -- shared fakes: one clock and one price-bar builder for every test that needs them --------

class Clock:
    """A settable "now": pass it where code takes ``now=`` and move ``clock.now`` to age data."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def price_bars(start: str = "2024-01-02", end: str | None = None, *, periods: int | None = None,
               close0: float = 100.0, scale: float = 1.0, spread: float = 0.0, volume: float = 1.0,
               adj_factor: float | None = None):
    """Business-day bars with known closes ``scale * (close0 + i)`` on the ``i``-th day.

    ``open`` equals the close, ``high``/``low`` are ``spread`` above and below it, and
    ``adj_close`` (when ``adj_factor`` is given) is the close times that factor, so every
    value a test asserts can be worked out by hand.
    """
    import numpy as np
    import pandas as pd

    index = pd.bdate_range(start, end, periods=periods, name="date")
    close = scale * (close0 + np.arange(len(index), dtype=float))
    frame = pd.DataFrame({"open": close, "high": close + spread, "low": close - spread, "close": close,
                          "volume": volume}, index=index)
    if adj_factor is not None:
        frame["adj_close"] = close * adj_factor
    return frame
