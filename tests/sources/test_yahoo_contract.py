"""The installed yfinance fed recorded HTTP answers at its HTTP layer (a requests session):
its cookie/crumb dance, chart parsing and error handling run for real, then ours on top."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import requests

from analytics.data import yahoo
from analytics.data.http import configure_libraries, reset_libraries
from analytics.errors import FetchTimeoutError, RateLimitedError, SourceUnreachableError
from tests.sources.recorded_http import ERROR_PAGE, INVALID_CRUMB, NOT_FOUND_CHART, TOO_MANY, chart_json, chart_symbol, recorded_session

SYMBOLS = ["IWM", "SPY", "QQQ"]
TIMEOUT = 3.0


def _closes(seed: int) -> pd.Series:
    dates = pd.bdate_range("2024-01-02", periods=30)
    rng = np.random.default_rng(seed)
    return pd.Series(100 + rng.standard_normal(len(dates)).cumsum(), index=dates)


CLOSES = {s: _closes(i) for i, s in enumerate(SYMBOLS)}


def _crumb_route(request):
    if "fc.yahoo.com" in request.url:
        return 404, "", "text/html"
    if "getcrumb" in request.url:
        return 200, "recorded-crumb", "text/plain"
    return None


def _route_with(chart):
    def route(request):
        return _crumb_route(request) or chart(request)
    return route


@pytest.fixture
def use_session(tmp_path):
    import yfinance as yf

    yf.set_tz_cache_location(str(tmp_path / "yf"))
    yield lambda route: configure_libraries(TIMEOUT, session=recorded_session(route))
    reset_libraries()


def _download(symbols):
    return yahoo.download_prices(symbols, None, TIMEOUT, sleep=lambda s: None)


def test_prices_for_several_symbols(use_session):
    def chart(request):
        symbol = chart_symbol(request)
        return (200, chart_json(symbol, CLOSES[symbol]), "application/json") if symbol in CLOSES \
            else (404, NOT_FOUND_CHART, "application/json")

    use_session(_route_with(chart))
    batch = _download(SYMBOLS + ["ZZZNOPE"])
    assert sorted(batch.frames) == sorted(SYMBOLS)
    for symbol in SYMBOLS:
        assert np.allclose(batch.frames[symbol]["close"].to_numpy(), CLOSES[symbol].to_numpy())
    assert "ZZZNOPE" in batch.failed
    assert "delisted" in batch.failed["ZZZNOPE"] or "not found" in batch.failed["ZZZNOPE"].lower()


@pytest.mark.parametrize("error, expected, words", [
    (requests.exceptions.ConnectionError("Failed to resolve 'query2.finance.yahoo.com' "
                                         "([Errno -3] Temporary failure in name resolution)"),
     SourceUnreachableError, "DNS"),
    (requests.exceptions.ConnectTimeout("Connection to query2.finance.yahoo.com timed out"),
     FetchTimeoutError, "in time"),
    (requests.exceptions.SSLError("certificate verify failed"), SourceUnreachableError, "connect"),
])
def test_network_failure_is_unreachable_for_every_symbol(use_session, error, expected, words):
    def route(request):
        raise error

    use_session(route)
    with pytest.raises(expected) as caught:
        _download(SYMBOLS + ["IWN", "IWO", "RSP"])
    assert words in str(caught.value)
    assert "delisted" not in str(caught.value)


@pytest.mark.parametrize("status, body, expected, words", [
    (429, TOO_MANY, RateLimitedError, "rate"),
    (401, INVALID_CRUMB, SourceUnreachableError, "refused"),
    (503, ERROR_PAGE, SourceUnreachableError, "Yahoo Finance"),
])
def test_http_errors_are_not_missing_data(use_session, status, body, expected, words):
    use_session(_route_with(lambda request: (status, body, "text/html")))
    with pytest.raises(expected) as caught:
        _download(SYMBOLS)
    assert words in str(caught.value)
    assert "delisted" not in str(caught.value)


def test_library_warnings_and_logs_go_to_debug(capsys, caplog):
    import logging
    import warnings

    from analytics.data.http import from_quiet_library, quiet_library_output

    assert from_quiet_library("/x/site-packages/yfinance/multi.py")
    assert not from_quiet_library("/x/analytics/data/yahoo.py")
    quiet_library_output()
    with caplog.at_level(logging.DEBUG, logger="analytics.data.http"):
        warnings.showwarning("inplace is deprecated", FutureWarning, "/v/site-packages/yfinance/multi.py", 220)
        logging.getLogger("yfinance").error("Failed to get ticker 'IWM'")
    captured = capsys.readouterr()
    assert "deprecated" not in captured.err and "IWM" not in captured.err
    assert any("inplace is deprecated" in r.getMessage() for r in caplog.records)
    assert any("Failed to get ticker" in r.getMessage() for r in caplog.records)


def test_bounded_session_caps_every_timeout(monkeypatch):
    from curl_cffi import requests as curl_requests

    from analytics.data.http import bounded_session

    asked = []
    monkeypatch.setattr(curl_requests.Session, "request",
                        lambda self, method, url, *a, **kw: asked.append(kw["timeout"]))
    session = bounded_session(4.0)
    session.get("https://fc.yahoo.com", timeout=30)
    session.get("https://query1.finance.yahoo.com/v1/test/getcrumb")
    assert asked == [4.0, 4.0]
