"""The installed fredapi fed recorded answers at its HTTP layer (``fredapi.fred.urlopen``, where
fredapi's own tests patch it); the XML bodies are fredapi's test suite's (SP500, unknown series)
and FRED's documented bad-key error. fredapi's parsing runs for real, then ours."""
from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from fredapi import fred as fred_module

from analytics.data import fred
from analytics.errors import DataUnavailableError, FetchTimeoutError, SourceUnreachableError

FIXTURES = Path(__file__).parent.parent / "fixtures"
KEY = "abcdefghijklmnopqrstuvwxyz012345"


def _body(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _http_error(url: str, status: int, body: bytes):
    return fred_module.HTTPError(url, status, "Bad Request", {}, io.BytesIO(body))


@pytest.fixture
def calls(monkeypatch):
    seen = []

    def install(answer):
        def urlopen(url, timeout=None):
            seen.append((url, timeout))
            return answer(url)
        monkeypatch.setattr(fred_module, "urlopen", urlopen)
        return seen
    return install


def test_series_from_recorded_xml(calls):
    seen = calls(lambda url: io.BytesIO(_body("fredapi_SP500_observations.xml")))
    series = fred.download_fred("SP500", KEY, timeout=5.0)
    assert list(series.round(2)) == [2002.28, 2000.72, 1997.65, 2007.71]
    assert str(series.index[0].date()) == "2014-09-02"
    assert seen[0][1] == 5.0  # fredapi's request carries our timeout


def test_unknown_series(calls):
    def answer(url):
        raise _http_error(url, 400, _body("fredapi_error_unknown_series.xml"))
    calls(answer)
    with pytest.raises(DataUnavailableError, match="unknown series"):
        fred.download_fred("NOSUCHSERIES", KEY, timeout=5.0)


def test_bad_key_names_the_setting_never_the_key(calls):
    def answer(url):
        raise _http_error(url, 400, _body("fredapi_error_bad_key.xml"))
    calls(answer)
    with pytest.raises(SourceUnreachableError) as caught:
        fred.download_fred("UNRATE", KEY, timeout=5.0)
    assert "FRED_API_KEY" in str(caught.value) and KEY not in str(caught.value)


def test_html_error_page_is_unreachable(calls):
    def answer(url):
        raise _http_error(url, 503, b"<html><body>503 Service Unavailable</body></html>")
    calls(answer)
    with pytest.raises(SourceUnreachableError):
        fred.download_fred("UNRATE", KEY, timeout=5.0)


def test_hung_call_is_abandoned_and_its_worker_freed(calls):
    released = threading.Event()

    def answer(url):  # a server that never answers: only the socket timeout ends the read
        released.wait(2.0)
        raise TimeoutError("timed out")
    calls(answer)
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError):
        fred.download_fred("UNRATE", KEY, timeout=0.2)
    assert time.monotonic() - started < 1.0
    released.set()
    time.sleep(0.1)
    assert not any(t.name.startswith("fred") and t.is_alive() and not t._started.is_set()
                   for t in threading.enumerate())
