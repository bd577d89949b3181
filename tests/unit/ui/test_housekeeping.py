"""The rate-limited garbage collection that replaces Streamlit's collection after every run."""
from __future__ import annotations

import gc

from ui import housekeeping


def test_collects_at_most_once_per_interval(monkeypatch):
    now = [1000.0]
    collected = []
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(now[0]) or 0)
    monkeypatch.setattr(housekeeping, "_last", [now[0]])
    clock = lambda: now[0]  # noqa: E731
    assert not housekeeping.collect_now_and_then(10.0, clock)
    now[0] += 9.9
    assert not housekeeping.collect_now_and_then(10.0, clock)
    now[0] += 0.2
    assert housekeeping.collect_now_and_then(10.0, clock)
    assert not housekeeping.collect_now_and_then(10.0, clock)  # just collected
    now[0] += 10.0
    assert housekeeping.collect_now_and_then(10.0, clock)
    assert collected == [1010.1, 1020.1]


def test_a_second_thread_does_not_wait_for_a_collection_in_progress(monkeypatch):
    monkeypatch.setattr(housekeeping, "_last", [0.0])
    assert housekeeping._lock.acquire(blocking=False)
    try:  # another thread is collecting: this one goes on at once
        assert not housekeeping.collect_now_and_then(0.0)
    finally:
        housekeeping._lock.release()
