"""Memory housekeeping between page runs: a full garbage collection now and then, not after
every run.

Streamlit's default (``runner.postScriptGC``) collects after every run. With the shared price
and panel caches in memory each full collection walks millions of objects, so under 20
concurrent viewers that took half the server's CPU while holding the GIL against every other
viewer; it is off in ``.streamlit/config.toml``. Without any explicit collection, the
reference cycles a page run leaves behind wait for Python's own oldest-generation pass, which
on a large heap comes late: a 5-minute soak grew the server by 40%. One full collection at
most every ``INTERVAL_S`` seconds keeps both the CPU and the memory bounded.

After the collection, glibc's ``malloc_trim(0)`` hands the heap's free pages back to the
system. Every page run is a new script thread, and glibc gives threads their own arenas:
freed blocks stayed in them, so the process kept growing on memory it no longer used (where
there is no glibc, e.g. Alpine or macOS, this step is skipped).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
import time
from functools import lru_cache

INTERVAL_S = 10.0

_lock = threading.Lock()
_last = [time.monotonic()]


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim``, or ``None`` where the C library has none."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_free_memory() -> bool:
    """Give the C heap's free pages back to the system; False where that is not possible."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def collect_now_and_then(interval_s: float = INTERVAL_S, clock=time.monotonic) -> bool:
    """Run ``gc.collect()`` if the last one this process ran is ``interval_s`` old; one
    thread collects, any other running at that moment goes on. True when this call collected."""
    if clock() - _last[0] < interval_s or not _lock.acquire(blocking=False):
        return False
    try:
        if clock() - _last[0] < interval_s:
            return False
        gc.collect()
        release_free_memory()
        _last[0] = clock()
        return True
    finally:
        _lock.release()
