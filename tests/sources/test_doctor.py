"""``python -m analytics doctor``: every probe at once, bounded, a fix per failure, no secret."""
from __future__ import annotations

import io
import socket
import threading
import time
import urllib.error

import pytest
import requests

from analytics.config import Settings
from analytics.data.http import configure_libraries, reset_libraries
from analytics.doctor import PROBES, Probe, probe_fred, probe_store, run_doctor
from analytics.errors import SourceUnreachableError

SECRET = "k3y-never-shown-0123456789abcdef"
DNS_FAILURE = "Failed to resolve '{host}' ([Errno -3] Temporary failure in name resolution)"


def settings(tmp_path, key: str | None = None, store: str = "") -> Settings:
    return Settings(source="live", cache_dir=tmp_path / "cache", http_timeout=3.0, fred_api_key=key,
                    store_url=store or str(tmp_path / "store"), store_options={"secret": SECRET + "-s3"})


def fake(name: str, sample: str = "", error: Exception | None = None) -> Probe:
    def run(_settings, _timeout):
        if error is not None:
            raise error
        return sample
    return Probe(name, run)


@pytest.fixture
def http(monkeypatch, tmp_path):
    """``requests`` (and yfinance, put on requests) answered by ``route(url)``: set ``.route``."""
    import yfinance as yf

    class Layer:
        tried: list[str] = []

        @staticmethod
        def route(url):
            host = requests.utils.urlparse(url).hostname
            raise requests.exceptions.ConnectionError(DNS_FAILURE.format(host=host))

    def send(self, request, **kwargs):
        Layer.tried.append(request.url)
        status, body = Layer.route(request.url)
        response = requests.Response()
        response.status_code, response._content, response.url = status, body.encode(), request.url
        response.request = request
        return response

    def urlopen(url, timeout=None):  # fredapi's HTTP layer (with a key); its URL holds the key
        Layer.tried.append(url)
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    monkeypatch.setattr("fredapi.fred.urlopen", urlopen)
    yf.set_tz_cache_location(str(tmp_path / "yf"))
    configure_libraries(3.0, session=requests.Session())
    yield Layer
    reset_libraries()


def test_all_good(tmp_path):
    out = io.StringIO()
    probes = [fake(p.name, f"{p.name} sample") for p in PROBES[:-1]] + [Probe("store", probe_store)]
    assert run_doctor(settings(tmp_path, SECRET), out, probes) == 0
    text = out.getvalue()
    assert text.startswith(f"doctor: {len(probes)} of {len(probes)} checks passed")
    assert "FAILED" not in text and "fix:" not in text
    assert "Yahoo prices sample" in text and "write, read, delete ok" in text
    assert "FRED key: set" in text and "yfinance " in text and "curl_cffi " in text
    assert "pace: Yahoo 600/min, FRED 120/min, load budget 1500 s" in text
    assert SECRET not in text
    assert not any((tmp_path / "store").rglob("probe*"))  # the store probe cleans up


def test_offline_every_source_fails_fast_with_a_fix(http, tmp_path):
    out = io.StringIO()
    begin = time.perf_counter()
    status = run_doctor(settings(tmp_path, SECRET), out)
    elapsed = time.perf_counter() - begin
    text = out.getvalue()
    assert status == 1
    assert text.startswith(f"doctor: 1 of {len(PROBES)} checks passed")
    assert text.count("FAILED") == len(PROBES) - 1
    assert text.count("fix: no DNS") == len(PROBES) - 1, text
    assert elapsed < 10, elapsed  # concurrent, each bounded
    assert SECRET not in text
    assert any("api.stlouisfed.org" in url for url in http.tried)  # the key's path, not the CSV


def test_missing_fred_key_uses_the_keyless_csv(http, tmp_path):
    http.route = staticmethod(lambda url: (200, "observation_date,DFF\n2026-12-03,3.88\n2026-12-04,3.87\n"))
    out = io.StringIO()
    assert run_doctor(settings(tmp_path), out, [Probe("FRED", probe_fred)]) == 0
    text = out.getvalue()
    assert "DFF 3.87 on 2026-12-04 (keyless fredgraph CSV)" in text
    assert "FRED key: not set (keyless fredgraph CSV)" in text
    assert all("fredgraph.csv" in url and "api_key" not in url for url in http.tried)


def test_store_unwritable(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    out = io.StringIO()
    assert run_doctor(settings(tmp_path, store=str(blocked / "store")), out, [Probe("store", probe_store)]) == 1
    text = out.getvalue()
    assert "store  FAILED" in text and "fix: the store is not writable" in text
    assert SECRET not in text


def test_the_secret_never_appears_even_in_an_error(tmp_path):
    leaky = SourceUnreachableError(f"FRED DFF: refused https://api.stlouisfed.org/?api_key={SECRET}")
    out = io.StringIO()
    assert run_doctor(settings(tmp_path, SECRET), out, [fake("FRED", error=leaky)]) == 1
    text = out.getvalue()
    assert SECRET not in text and "api_key=***" in text
    assert "fix: check FRED_API_KEY" in text


def test_a_hung_probe_is_reported_without_waiting_for_it(tmp_path):
    release = threading.Event()

    def hang(_settings, _timeout):
        release.wait(30)
        return "late"

    out = io.StringIO()
    begin = time.perf_counter()
    status = run_doctor(settings(tmp_path), out, [Probe("slow", hang), fake("quick", "fine")], timeout=0.2)
    elapsed = time.perf_counter() - begin
    release.set()
    assert status == 1 and elapsed < 3, elapsed
    assert "no answer within 0.2 s" in out.getvalue() and "fix: too slow" in out.getvalue()
