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


def test_free_heap_pages_go_back_to_the_system_after_a_collection(monkeypatch):
    from ui import housekeeping

    trimmed = []
    monkeypatch.setattr(housekeeping, "release_free_memory", lambda: trimmed.append(1) or True)
    monkeypatch.setattr(housekeeping, "_last", [0.0])
    assert housekeeping.collect_now_and_then(interval_s=10, clock=lambda: 100.0)
    assert trimmed == [1]


def test_releasing_free_memory_is_safe_where_glibc_has_it_and_where_not(monkeypatch):
    from ui import housekeeping

    assert housekeeping.release_free_memory() in (True, False)  # glibc here: True
    housekeeping._malloc_trim.cache_clear()
    monkeypatch.setattr(housekeeping.ctypes, "CDLL", lambda name: (_ for _ in ()).throw(OSError("no libc")))
    try:
        assert housekeeping.release_free_memory() is False
    finally:
        housekeeping._malloc_trim.cache_clear()
