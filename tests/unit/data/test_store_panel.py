"""Member panels: stacking parts, tail-only refresh, splits, failures, compaction, garbage
collection, and serving member prices from the covering panel."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from analytics.data import panel as panel_module
from analytics.data.base import PriceBatch, SourceInfo
from analytics.data.cached import CachedSource, CacheOnlySource
from analytics.data.panel import collect_garbage, publish, put_part, read_manifest, read_panel
from analytics.data.panel_refresh import refresh_panel
from analytics.data.store import Store
from analytics.errors import SourceUnreachableError
from tests.conftest import Clock

DATES = pd.bdate_range("2024-01-02", periods=30, name="date")


def history(symbols, scale=None):
    scale = scale or {}
    return {s: pd.DataFrame({"close": (10.0 * (i + 1) + np.arange(len(DATES))) * scale.get(s, 1.0)},
                            index=DATES) for i, s in enumerate(symbols)}


class Upstream:
    """Serves each symbol's bars up to ``today``; records every request; can fail symbols."""

    def __init__(self, frames):
        self.frames, self.today, self.calls, self.fail, self.down = frames, DATES[19], [], set(), False

    def info(self):
        return SourceInfo(kind="live", label="fake")

    def prices(self, symbols, start=None):
        self.calls.append((tuple(symbols), start))
        if self.down:
            raise SourceUnreachableError("Yahoo: ConnectionError")
        batch = PriceBatch()
        for s in symbols:
            if s in self.fail or s not in self.frames:
                batch.failed[s] = "no data"
                continue
            frame = self.frames[s].loc[:self.today]
            batch.frames[s] = frame if start is None else frame.loc[pd.Timestamp(start):]
        return batch

    def bars_served(self):
        return sum(len(self.frames[s].loc[pd.Timestamp(start) if start else None:self.today])
                   for symbols, start in self.calls for s in symbols if s in self.frames and s not in self.fail)


def test_later_parts_win_and_replace_drops_older_cells(tmp_path):
    store = Store(tmp_path)
    first = put_part(store, "sp500", DATES[:3], {"A": np.array([1.0, 2.0, 3.0]), "B": np.array([5.0, np.nan, 7.0])})
    second = put_part(store, "sp500", DATES[2:4], {"A": np.array([30.0, 4.0])})
    third = put_part(store, "sp500", DATES[1:2], {"B": np.array([9.0])}, replace_members=["B"])
    when = datetime(2024, 1, 8)
    publish(store, "sp500", ["A", "B"], [first, second, third], {"A": ("2024-01-05", 4.0), "B": ("2024-01-03", 9.0)},
            {}, when, replaced=["B"])
    panel = read_panel(store, "sp500")
    assert list(panel.dates) == list(DATES[:4])
    np.testing.assert_array_equal(panel.rows[0], [1.0, 2.0, 30.0, 4.0])
    np.testing.assert_array_equal(panel.rows[1], [np.nan, 9.0, np.nan, np.nan])
    assert read_manifest(store, "sp500").last["B"] == ("2024-01-03", 9.0)  # replaced: older date taken
    frames = panel.frames()
    assert list(frames["B"]["close"]) == [9.0] and len(frames["A"]) == 4


def test_first_refresh_fetches_histories_then_only_tails(tmp_path):
    store = Store(tmp_path)
    upstream = Upstream(history(["A", "B", "C"]))
    first = refresh_panel(upstream, store, "sp500", ["A", "B", "C"])
    assert first.fetched == ["A", "B", "C"] and upstream.calls == [(("A", "B", "C"), None)]
    upstream.today, upstream.calls = DATES[20], []
    second = refresh_panel(upstream, store, "sp500", ["A", "B", "C"])
    assert second.fetched == ["A", "B", "C"] and not second.failed
    assert upstream.calls == [(("A", "B", "C"), DATES[19].date())]
    assert upstream.bars_served() == 6  # per member: the stored last bar (split check) and the new day
    panel = read_panel(store, "sp500")
    assert panel.dates[-1] == DATES[20] and panel.rows[2, -1] == 30.0 + 20
    again = refresh_panel(upstream, store, "sp500", ["A", "B", "C"])
    assert again.unchanged == ["A", "B", "C"] and not again.fetched
    assert len(read_manifest(store, "sp500").parts) == 2  # an unchanged refresh adds no part


def test_split_refetches_that_member_whole(tmp_path):
    store = Store(tmp_path)
    upstream = Upstream(history(["A", "B"]))
    refresh_panel(upstream, store, "sp500", ["A", "B"])
    upstream.frames = history(["A", "B"], scale={"B": 0.5})  # B split 2-for-1: history re-adjusted
    upstream.today = DATES[21]
    upstream.calls = []
    result = refresh_panel(upstream, store, "sp500", ["A", "B"])
    assert upstream.calls[-1] == (("B",), None) and sorted(result.fetched) == ["A", "B"]
    panel = read_panel(store, "sp500")
    np.testing.assert_allclose(panel.rows[1, :22], (20.0 + np.arange(22)) * 0.5)


def test_failed_member_keeps_its_history_and_new_member_gets_all(tmp_path):
    store = Store(tmp_path)
    upstream = Upstream(history(["A", "B", "C"]))
    refresh_panel(upstream, store, "sp500", ["A", "B"])
    upstream.today, upstream.fail = DATES[22], {"B"}
    result = refresh_panel(upstream, store, "sp500", ["A", "B", "C", "-"])
    assert result.failed == {"B": "no data", "-": "not a valid ticker"} and sorted(result.fetched) == ["A", "C"]
    panel = read_panel(store, "sp500")
    b = panel.rows[panel.symbols.index("B")]
    assert not np.isnan(b[19]) and np.isnan(b[22])  # kept through its last good day
    assert panel.rows[panel.symbols.index("C"), 0] == 30.0  # the newcomer's whole history


def test_source_down_publishes_nothing(tmp_path):
    store = Store(tmp_path)
    upstream = Upstream(history(["A"]))
    refresh_panel(upstream, store, "sp500", ["A"], now=lambda: datetime(2024, 2, 1))
    upstream.down = True
    result = refresh_panel(upstream, store, "sp500", ["A"], now=lambda: datetime(2024, 2, 2))
    assert "A" in result.failed and read_manifest(store, "sp500").fetched_at == datetime(2024, 2, 1)


def test_many_parts_are_compacted_into_one(tmp_path, monkeypatch):
    monkeypatch.setattr(panel_module, "MAX_PARTS", 3)
    store = Store(tmp_path)
    upstream = Upstream(history(["A", "B"]))
    upstream.today = DATES[10]
    refresh_panel(upstream, store, "sp500", ["A", "B"])
    for day in range(11, 15):
        upstream.today = DATES[day]
        refresh_panel(upstream, store, "sp500", ["A"])  # B left the universe
    manifest = read_manifest(store, "sp500")
    assert len(manifest.parts) <= 3 and manifest.members == ("A",)
    panel = read_panel(store, "sp500")
    assert panel.symbols == ("A",) and panel.dates[-1] == DATES[14]
    np.testing.assert_array_equal(panel.rows[0], 10.0 + np.arange(15))


def test_garbage_collection_spares_young_and_named_parts(tmp_path):
    store = Store(tmp_path)
    upstream = Upstream(history(["A"]))
    refresh_panel(upstream, store, "sp500", ["A"])
    manifest = read_manifest(store, "sp500")
    orphan = put_part(store, "sp500", DATES[:1], {"A": np.array([1.0])})["key"]
    assert collect_garbage(store, "sp500", manifest) == 0  # the orphan is young: maybe a writer's
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    assert collect_garbage(store, "sp500", manifest, now=later) == 1
    keys = [o.key for o in store.objects.list("panels/sp500/")]
    assert orphan not in keys and manifest.parts[0]["key"] in keys
    assert read_panel(store, "sp500").rows.shape == (1, 20)


def test_unreadable_manifest_is_rebuilt(tmp_path):
    store = Store(tmp_path)
    store.objects.put("panels/sp500/manifest.json", b"{not json")
    result = refresh_panel(Upstream(history(["A"])), store, "sp500", ["A"])
    assert result.fetched == ["A"] and read_manifest(store, "sp500").members == ("A",)


def test_cached_source_serves_the_covering_panel_and_refreshes_it_when_stale(tmp_path):
    store = Store(tmp_path)
    upstream = Upstream(history(["A", "B", "C"]))
    clock = Clock(datetime(2024, 2, 1, 22))
    refresh_panel(upstream, store, "russell2000", ["A", "B", "C"], now=clock)
    source = CachedSource(upstream, store, now=clock)
    upstream.calls = []
    batch = source.member_prices(["A", "B"])
    assert set(batch.frames) == {"A", "B"} and not batch.stale and upstream.calls == []
    assert batch.fetched_at == datetime(2024, 2, 1, 22)
    clock.now += timedelta(hours=5)  # past the prices lifetime
    upstream.today = DATES[20]
    batch = source.member_prices(["A", "B", "C"])
    assert upstream.calls and batch.frames["A"].index[-1] == DATES[20] and not batch.stale
    assert source.member_prices(["X", "Y"]) is None  # no panel covers them


def test_cached_source_builds_a_panel_for_a_stored_member_list(tmp_path):
    store = Store(tmp_path)
    upstream = Upstream(history(["A", "B"]))
    store.write("universes", "sp500", pd.DataFrame({"symbol": ["A", "B"]}))
    batch = CachedSource(upstream, store).member_prices(["A", "B"])
    assert set(batch.frames) == {"A", "B"} and read_manifest(store, "sp500").members == ("A", "B")


def test_store_only_source_marks_an_old_panel_stale_and_says_how_old(tmp_path):
    store = Store(tmp_path)
    clock = Clock(datetime(2024, 2, 1, 22))
    refresh_panel(Upstream(history(["A", "B"])), store, "sp500", ["A", "B"], now=clock)
    fresh = CacheOnlySource(store, now=clock, offline=False).member_prices(["A", "B"])
    assert not fresh.stale and not fresh.notes
    clock.now += timedelta(days=5)
    old = CacheOnlySource(store, now=clock, offline=False).member_prices(["A", "B"])
    assert old.stale and "5 days old" in old.notes[0] and "2024-02-01 22:00" in old.notes[0]
    assert CacheOnlySource(store, now=clock).member_prices(["A"]).stale  # auto's offline fallback


def test_a_published_panel_is_read_once_per_version(tmp_path):
    store = Store(tmp_path)
    upstream = Upstream(history(["A", "B"]))
    refresh_panel(upstream, store, "sp500", ["A", "B"])
    source = CacheOnlySource(store, offline=False)
    reads = []
    original = store.objects.get_many
    store.objects.get_many = lambda keys: reads.append(list(keys)) or original(keys)
    first = source.member_prices(["A", "B"])
    second = source.member_prices(["A", "B"])
    part_reads = [r for r in reads if any("part-" in k for k in r)]
    assert len(part_reads) == 1 and first.frames["A"] is second.frames["A"]
    upstream.today = DATES[20]
    refresh_panel(upstream, store, "sp500", ["A", "B"])
    assert source.member_prices(["A"]).frames["A"].index[-1] == DATES[20]


def test_fetch_in_chunks_asks_only_for_what_no_panel_holds(tmp_path):
    from analytics.data.batch import fetch_in_chunks

    store = Store(tmp_path)
    upstream = Upstream(history(["A", "B", "Z"]))
    refresh_panel(upstream, store, "sp500", ["A", "B"])
    upstream.calls = []
    source = CacheOnlySource(store, offline=False)
    store.write("prices", "Z", history(["Z"])["Z"])
    batch = fetch_in_chunks(source, ["A", "B", "Z", "-"])
    assert set(batch.frames) == {"A", "B", "Z"}
    assert set(batch.failed) == {"-"}  # rejected before any request, still reported


@pytest.mark.parametrize("name", ["../x", "SP500", ""])
def test_panel_names_are_validated(tmp_path, name):
    with pytest.raises(ValueError):
        read_manifest(Store(tmp_path), name)



def test_a_manifest_is_parsed_once_per_published_version(tmp_path, monkeypatch):
    """Every breadth view reads the manifest; the same bytes (same tag) are parsed once, a
    newly published version is parsed again."""
    store = Store(tmp_path)
    upstream = Upstream(history(["A", "B"]))
    refresh_panel(upstream, store, "sp500", ["A", "B"], now=lambda: datetime(2024, 2, 1))
    parsed = []
    real = panel_module.Manifest.from_bytes
    monkeypatch.setattr(panel_module.Manifest, "from_bytes",
                        classmethod(lambda cls, data, tag: parsed.append(tag) or real(data, tag)))
    first, again = read_manifest(store, "sp500"), read_manifest(store, "sp500")
    assert again is first and len(parsed) <= 1
    upstream.today = DATES[25]
    refresh_panel(upstream, store, "sp500", ["A", "B"], now=lambda: datetime(2024, 2, 8))
    newer = read_manifest(store, "sp500")
    assert newer.tag != first.tag and newer.through == DATES[25] and parsed[-1] == newer.tag
