"""make_source: the spec grammar and auto's fallback order (live, then cache, then demo)."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.config import load_settings
from analytics.data import make_source
from analytics.data.cached import CachedSource, CacheOnlySource
from analytics.data.demo import DemoSource
from analytics.data.store import Store
from analytics.errors import InvalidSourceError


def test_auto_online_uses_live_behind_cache():
    source = make_source("auto", online=lambda: True)
    assert isinstance(source.inner, CachedSource) and source.info().kind == "live"
    assert source.info().detail == "auto: online"


def test_auto_offline_with_cache_uses_cache():
    settings = load_settings()
    frame = pd.DataFrame({"close": [1.0]}, index=pd.DatetimeIndex(["2024-01-02"], name="date"))
    for symbol in ("IWM", "SPY"):
        Store(settings.cache_dir).write("prices", symbol, frame)
    source = make_source("auto", settings, online=lambda: False)
    assert isinstance(source.inner, CacheOnlySource) and source.info().kind == "cache"


def test_auto_offline_without_cache_uses_demo():
    source = make_source("auto", online=lambda: False)
    assert isinstance(source.inner, DemoSource)
    assert "no local cache" in source.info().detail


def test_probe_is_refused_offline():
    from analytics.data.live import probe

    assert probe(timeout=0.5) is False  # the test guard refuses the connection


@pytest.mark.parametrize("spec", ["bogus", "dir:/nonexistent/snapshot", "Live"])
def test_bad_specs(spec):
    with pytest.raises(InvalidSourceError):
        make_source(spec)


def test_env_selects_source(monkeypatch):
    monkeypatch.setenv("DASHBOARD_SOURCE", "demo")
    assert isinstance(make_source(), DemoSource)
