"""FRED normalizers on recorded CSV text, and the timeout / secret handling of fredapi calls."""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from analytics.data import fred
from analytics.errors import DataUnavailableError, FetchTimeoutError, SourceUnreachableError

FIXTURES = Path(__file__).parent.parent / "fixtures"
KEY = "abcdef0123456789abcdef0123456789"


def test_fredgraph_csv_with_dot_for_missing():
    text = (FIXTURES / "fredgraph_T10Y2Y.csv").read_text()
    series = fred.normalize_fredgraph_csv(text, "T10Y2Y")
    assert series.name == "T10Y2Y" and series.dtype == "float64"
    assert pd.Timestamp("2023-11-23") not in series.index  # '.' dropped, not zero
    assert len(series) == 6 and series.loc["2023-11-28"] == -0.39


def test_fredgraph_old_date_header():
    series = fred.normalize_fredgraph_csv((FIXTURES / "fredgraph_DFF_old_header.csv").read_text(), "DFF")
    assert series.loc["2023-11-28"] == 5.33


@pytest.mark.parametrize("text", ["", "<html>Service Unavailable</html>", "observation_date,X\n2020-01-01,.\n"])
def test_fredgraph_bad_payloads(text):
    with pytest.raises(DataUnavailableError):
        fred.normalize_fredgraph_csv(text, "X")


def test_series_id_validation():
    assert fred.validate_series_id("dff") == "DFF"
    with pytest.raises(ValueError):
        fred.validate_series_id("../DFF")


class SlowClient:
    def __init__(self, api_key):
        self.api_key = api_key

    def get_series(self, series_id):
        time.sleep(2)
        return pd.Series([1.0], index=pd.DatetimeIndex(["2020-01-01"]))


class LeakyClient:
    def __init__(self, api_key):
        self.api_key = api_key

    def get_series(self, series_id):
        raise ValueError(f"Bad Request. api_key={self.api_key} is not registered")


class UnknownSeriesClient(LeakyClient):
    def get_series(self, series_id):
        raise ValueError("Bad Request.  The series does not exist.")


def test_fredapi_call_times_out():
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match="within"):
        fred.fetch_fredapi("DFF", KEY, timeout=0.2, client_factory=SlowClient)
    assert time.monotonic() - started < 1.5


def test_fredapi_error_never_shows_the_key():
    with pytest.raises(SourceUnreachableError) as info:
        fred.fetch_fredapi("DFF", KEY, timeout=2, client_factory=LeakyClient)
    assert KEY not in str(info.value) and "***" in str(info.value)
    assert KEY not in repr(info.value.__cause__)  # the original is not chained


def test_fredapi_unknown_series():
    with pytest.raises(DataUnavailableError, match="unknown series"):
        fred.fetch_fredapi("NOPE", KEY, timeout=2, client_factory=UnknownSeriesClient)


def test_fredapi_series_normalized():
    raw = pd.Series([5.33, float("nan"), 5.32], index=pd.to_datetime(["2023-11-27", "2023-11-28", "2023-11-29"]))
    series = fred.normalize_fredapi_series(raw, "DFF")
    assert list(series.index.strftime("%Y-%m-%d")) == ["2023-11-27", "2023-11-29"]


def test_keyless_path_maps_http_errors():
    class Response:
        status_code = 404
        text = ""

    with pytest.raises(DataUnavailableError, match="unknown series"):
        fred.fetch_fredgraph_csv("NOPE", 1, get=lambda *a, **k: Response())
