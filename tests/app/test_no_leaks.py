"""No leaks: on every page (as app.py lists them), with the live source cut off from the
network (so every error path is taken), a FRED key and store credentials set, no rendered
element, no log line and no server output holds the key, a credential or a server path.
"""
from __future__ import annotations

import asyncio
import logging
import socket

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP, PAGES, TIMEOUT

FRED_KEY = "leakcheckfredkey0123456789abcdef"
STORE_KEY_ID = "AKIALEAKCHECK0000001"
STORE_SECRET = "leak/check+store/secret/0123456789"
SECRETS = (FRED_KEY, STORE_SECRET, STORE_KEY_ID)


def rendered(at: AppTest) -> str:
    """Every element's content on the page and in the sidebar, as protobuf text."""
    out, stack = [], [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        children = getattr(node, "children", None)
        stack.extend(children.values() if isinstance(children, dict) else children or [])
    return "\n".join(out)


@pytest.fixture
def offline_live(monkeypatch, tmp_path):
    """The live source with a key and credentials, every provider failing at DNS."""
    import yfinance

    store = tmp_path / "private-store-dir"
    monkeypatch.setenv("DASHBOARD_SOURCE", "live")
    monkeypatch.setenv("FRED_API_KEY", FRED_KEY)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", STORE_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", STORE_SECRET)
    monkeypatch.setenv("MARKET_STORE_URL", str(store))

    def no_dns(*_args, **_kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def download(tickers, **_kwargs):  # yfinance's own behaviour when DNS fails (curl error 6)
        tickers = [tickers] if isinstance(tickers, str) else list(tickers)
        logging.getLogger("yfinance").error(
            f"{tickers}: DNSError('Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com.')")
        return pd.DataFrame()

    class Ticker:
        def __init__(self, symbol):
            self.symbol = symbol

        @property
        def info(self):
            raise type("DNSError", (Exception,), {})("curl: (6) Could not resolve host: query2.finance.yahoo.com")

        funds_data = info

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setattr(yfinance, "download", download)
    monkeypatch.setattr(yfinance, "Ticker", Ticker)
    return store


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_secret_or_a_server_path_when_every_provider_fails(offline_live, caplog, page):
    caplog.set_level(logging.DEBUG)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["as_of"] = "2023-11-28"
    at = at.switch_page(page).run()
    text = rendered(at)
    assert text.strip(), "nothing rendered"
    for secret in SECRETS:
        assert secret not in text, f"{secret[:8]}... on screen"
        assert secret not in caplog.text, f"{secret[:8]}... in a log line"
    assert str(offline_live) not in text and str(offline_live.parent) not in text
    assert "Traceback" not in text


@pytest.mark.parametrize("page", PAGES)
def test_a_snapshot_is_named_not_located(tmp_path, monkeypatch, page):
    from tests.app.snapshots import snapshot_ending_early

    root = tmp_path / "deep" / "server" / "layout" / "snap"
    spec = snapshot_ending_early(root, ["IWM", "SPY", "QQQ"], [], "2099-01-01")
    monkeypatch.setenv("DASHBOARD_SOURCE", spec)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["as_of"] = "2023-11-28"
    at = at.switch_page(page).run()
    text = rendered(at)
    assert not at.exception, [e.value for e in at.exception]
    assert str(root) not in text and str(tmp_path) not in text


def test_the_server_log_of_every_page_holds_no_secret():
    """A real server (demo data, a key and credentials in its environment, debug logging),
    every page run through its websocket, then its whole output read."""
    from bench.load import PAGES as URL_PAGES
    from bench.load import Server, session

    server = Server("demo", {"FRED_API_KEY": FRED_KEY, "AWS_ACCESS_KEY_ID": STORE_KEY_ID,
                             "AWS_SECRET_ACCESS_KEY": STORE_SECRET, "STREAMLIT_LOGGER_LEVEL": "debug"})
    try:
        result = asyncio.run(session(server.port, ["2023-11-28"] * len(URL_PAGES), URL_PAGES, None))
        log = server.output()
    finally:
        server.close()
    assert not [r.error for r in result.runs if r.error]
    assert len(result.runs) == len(URL_PAGES) and len(log) > 1000  # every page ran, the debug log was written
    for secret in SECRETS:
        assert secret not in log
