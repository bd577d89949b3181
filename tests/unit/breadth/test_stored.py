"""Stored breadth: the whole panel's breadth cut at a date equals breadth computed at that
date (every series is causal), and it is used only for its own members and panel version."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from analytics.breadth.measures import breadth_from_panel
from analytics.breadth.stored import breadth_bytes, breadth_from_bytes, breadth_key, store_breadth, stored_breadth
from analytics.data.cached import CacheOnlySource
from analytics.data.panel import collect_garbage, read_manifest, read_panel
from analytics.data.panel_refresh import refresh_panel
from analytics.data.store import Store
from tests.unit.data.test_store_panel import Upstream

DATES = pd.bdate_range("2020-01-01", periods=600, name="date")
SYMBOLS = [f"M{i}" for i in range(40)]


def members(seed=1):
    """Random walks that start on different days and have gaps (halts)."""
    rng = np.random.default_rng(seed)
    out = {}
    for symbol in SYMBOLS:
        closes = 50 * np.exp(np.cumsum(rng.normal(0, 0.02, len(DATES))))
        closes[:rng.integers(0, 300)] = np.nan
        closes[rng.integers(0, len(DATES), 5)] = np.nan
        out[symbol] = pd.DataFrame({"close": closes}, index=DATES).dropna()
    return out


@pytest.fixture
def filled(tmp_path):
    store = Store(tmp_path)
    upstream = Upstream(members())
    upstream.today = DATES[-1]
    refresh_panel(upstream, store, "sp500", SYMBOLS)
    return store, upstream


@pytest.mark.parametrize("as_of", [DATES[100], DATES[350], DATES[-1], pd.Timestamp("2019-06-03")])
def test_cut_stored_breadth_equals_breadth_computed_at_the_date(filled, as_of):
    store, _ = filled
    panel = read_panel(store, "sp500")
    stored = breadth_from_bytes(breadth_bytes(panel), SYMBOLS, as_of)
    computed = breadth_from_panel(panel.closes(panel.with_data(SYMBOLS), as_of), len(SYMBOLS))
    for window, frame in computed.above.items():
        pd.testing.assert_frame_equal(stored.above[window], frame)
    pd.testing.assert_frame_equal(stored.ad, computed.ad)
    pd.testing.assert_frame_equal(stored.highs_lows, computed.highs_lows)
    assert (stored.members, stored.members_with_data, stored.through) == \
        (computed.members, computed.members_with_data, computed.through)


def test_only_for_its_own_members_and_its_panel_version(filled):
    store, upstream = filled
    manifest = read_manifest(store, "sp500")
    assert store_breadth(store, manifest)
    source = CacheOnlySource(store, offline=False)
    assert stored_breadth(source, SYMBOLS, DATES[-1]).members_with_data == len(SYMBOLS)
    assert stored_breadth(source, SYMBOLS[:30], DATES[-1]) is None  # a custom subset: computed
    upstream.today = DATES[-1] + pd.offsets.BDay(1)
    upstream.frames = {s: pd.concat([f, f.iloc[-1:].set_axis([upstream.today])]) for s, f in upstream.frames.items()}
    refresh_panel(upstream, store, "sp500", SYMBOLS)
    assert stored_breadth(source, SYMBOLS, DATES[-1]) is None  # a new version has no stored breadth yet
    newer = read_manifest(store, "sp500")
    store_breadth(store, newer)
    assert stored_breadth(source, SYMBOLS, upstream.today).through == upstream.today
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    collect_garbage(store, "sp500", newer, now=later)
    names = [o.key for o in store.objects.list("panels/sp500/")]
    assert breadth_key(newer) in names and breadth_key(manifest) not in names


def test_members_and_span_come_from_the_manifest_alone(filled):
    store, _ = filled
    source = CacheOnlySource(store, offline=False)
    reads = []
    original = store.objects.get_many
    store.objects.get_many = lambda keys: reads.append(list(keys)) or original(keys)
    batch = source.member_prices(SYMBOLS, frames=False, parts=False)
    assert batch.panel is None and not any("part-" in k for r in reads for k in r)
    panel = read_panel(store, "sp500")
    assert set(batch.held) == set(panel.with_data(SYMBOLS)) and batch.span == panel.span(SYMBOLS)
