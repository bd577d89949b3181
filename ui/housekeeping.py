"""Memory housekeeping between page runs: a full garbage collection now and then, not after
every run.

Streamlit's default (``runner.postScriptGC``) collects after every run. With the shared price
and panel caches in memory each full collection walks millions of objects, so under 20
concurrent viewers that took half the server's CPU while holding the GIL against every other
viewer; it is off in ``.streamlit/config.toml``. Without any explicit collection, the
reference cycles a page run leaves behind wait for Python's own oldest-generation pass, which
on a large heap comes late: a 5-minute soak grew the server by 40%. One full collection at
most every ``INTERVAL_S`` seconds keeps both the CPU and the memory bounded.
"""
from __future__ import annotations

import gc
import threading
import time

INTERVAL_S = 10.0

_lock = threading.Lock()
_last = [time.monotonic()]


def collect_now_and_then(interval_s: float = INTERVAL_S, clock=time.monotonic) -> bool:
    """Run ``gc.collect()`` if the last one this process ran is ``interval_s`` old; one
    thread collects, any other running at that moment goes on. True when this call collected."""
    if clock() - _last[0] < interval_s or not _lock.acquire(blocking=False):
        return False
    try:
        if clock() - _last[0] < interval_s:
            return False
        gc.collect()
        _last[0] = clock()
        return True
    finally:
        _lock.release()
