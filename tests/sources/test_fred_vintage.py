"""ALFRED vintages: the all-releases frame fredapi returns (recorded shape, tests/fixtures),
what FRED showed on a date, timeouts and the key, and who offers ``fred_vintage``.

The fixture has fredapi's ``get_series_all_releases`` columns (``realtime_start, date,
value``, '.' already NaN): a first release, the January benchmark revision, and a month
first published as '.' and filled a week later.
"""
from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from analytics.config import Settings
from analytics.data import fred
from analytics.data.cached import CachedSource
from analytics.data.live import LiveSource
from analytics.data.store import Store
from analytics.errors import DataUnavailableError, FetchTimeoutError, SourceUnreachableError

FIXTURES = Path(__file__).parent.parent / "fixtures"
KEY = "abcdef0123456789abcdef0123456789"


@pytest.fixture
def releases() -> pd.DataFrame:
    raw = pd.read_csv(FIXTURES / "fredapi_releases_UNRATE.csv")
    return fred.normalize_fredapi_releases(raw, "UNRATE")


def test_normalized_releases(releases):
    assert list(releases.columns) == ["date", "realtime_start", "value"]
    assert releases["date"].dtype.kind == "M" and releases["realtime_start"].dtype.kind == "M"
    assert releases["value"].isna().sum() == 1  # the '.' first release is kept as NaN


def test_vintage_on_a_date_is_the_latest_release_by_then(releases):
    as_first = fred.vintage_as_of(releases, "2023-11-28", "UNRATE")
    assert as_first.to_dict() == {pd.Timestamp("2023-09-01"): 3.8, pd.Timestamp("2023-10-01"): 3.9}
    revised = fred.vintage_as_of(releases, "2024-01-05", "UNRATE")
    assert revised.loc["2023-10-01"] == 3.8 and len(revised) == 4
    assert pd.Timestamp("2024-01-01") not in fred.vintage_as_of(releases, "2024-02-05", "UNRATE").index
    assert fred.vintage_as_of(releases, "2024-02-09", "UNRATE").loc["2024-01-01"] == 3.7
    assert fred.vintage_as_of(releases, "2023-01-01", "UNRATE").empty


def test_bad_release_frames():
    with pytest.raises(DataUnavailableError, match="lack"):
        fred.normalize_fredapi_releases(pd.DataFrame({"date": [], "value": []}), "X")
    with pytest.raises(DataUnavailableError):
        fred.normalize_fredapi_releases(pd.DataFrame({"date": ["2020-01-01"], "realtime_start": ["2020-02-01"],
                                                      "value": [float("nan")]}), "X")


class SlowClient:
    def __init__(self, api_key):
        self.api_key = api_key

    def get_series_all_releases(self, series_id):
        time.sleep(2)


class LeakyClient(SlowClient):
    def get_series_all_releases(self, series_id):
        raise ValueError(f"Bad Request. api_key={self.api_key} is not registered")


class MissingClient(SlowClient):
    def get_series_all_releases(self, series_id):
        raise ValueError("No data exists for series id: " + series_id)


def test_release_fetch_times_out_and_hides_the_key():
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError):
        fred.fetch_fredapi_releases("UNRATE", KEY, 0.2, client_factory=SlowClient)
    assert time.monotonic() - started < 1.5
    with pytest.raises(SourceUnreachableError) as info:
        fred.fetch_fredapi_releases("UNRATE", KEY, 2, client_factory=LeakyClient)
    assert KEY not in str(info.value) and "***" in str(info.value)
    with pytest.raises(DataUnavailableError, match="unknown series"):
        fred.fetch_fredapi_releases("NOPE", KEY, 2, client_factory=MissingClient)


def _settings(tmp_path, key):
    return Settings(source="live", cache_dir=tmp_path, http_timeout=1.0, fred_api_key=key)


def test_live_source_offers_vintages_only_with_a_key(tmp_path):
    assert getattr(LiveSource(_settings(tmp_path, None)), "fred_vintage", None) is None
    assert callable(LiveSource(_settings(tmp_path, KEY)).fred_vintage)
    assert getattr(CachedSource(LiveSource(_settings(tmp_path, None)), Store(tmp_path)), "fred_vintage", None) is None


class ReleasesUpstream:
    def __init__(self, frame):
        self.frame, self.calls = frame, 0

    def fred_releases(self, series_id):
        self.calls += 1
        return self.frame


def test_cached_source_downloads_releases_once_for_every_date(tmp_path, releases):
    upstream = ReleasesUpstream(releases)
    cached = CachedSource(upstream, Store(tmp_path), now=lambda: datetime(2024, 3, 1))
    first = cached.fred_vintage("UNRATE", "2023-11-28")
    later = cached.fred_vintage("unrate", "2024-01-05")
    assert upstream.calls == 1
    assert first.loc["2023-10-01"] == 3.9 and later.loc["2023-10-01"] == 3.8


def test_check_series_reports_each_id(releases):
    def fetch(series_id):
        if series_id == "NOPE":
            raise DataUnavailableError("FRED NOPE: unknown series")
        return pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2024-01-01", "2024-02-01"]))

    checks = fred.check_series(["DFF", "NOPE"], fetch)
    assert checks[0] == fred.SeriesCheck("DFF", True, pd.Timestamp("2024-02-01"), 2.0)
    assert checks[1] == fred.SeriesCheck("NOPE", False, reason="unknown series")
