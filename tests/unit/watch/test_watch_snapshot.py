"""The watch job over every shipped thesis on the real-data snapshot (skipped where absent):
within its time budget, and a second run on the same date writes nothing."""
from __future__ import annotations

import io
import time
from datetime import date
from pathlib import Path

import pytest

from analytics.data.csvdir import SnapshotSource
from analytics.data.store import Store
from analytics.theses.shipped import shipped_ids
from analytics.watch import EXIT_OK, run_watch

SNAPSHOT = Path(__file__).resolve().parents[4] / "shared" / "reference-data" / "snapshot"
pytestmark = pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="the real-data snapshot is not on this machine")
#: The job runs after the nightly refresh; every shipped thesis in half a minute (issue 28).
BUDGET_S = 30.0
AS_OF = date(2026, 8, 21)


def test_every_shipped_thesis_within_the_budget_and_idempotent(tmp_path):
    store = Store(tmp_path / "store")
    out = io.StringIO()
    start = time.perf_counter()
    assert run_watch(SnapshotSource(SNAPSHOT), store, AS_OF, out=out) == EXIT_OK
    elapsed = time.perf_counter() - start
    assert elapsed <= BUDGET_S, f"watch took {elapsed:.1f} s"
    assert out.getvalue().count("claims recorded") == len(shipped_ids())
    before = {o.key: store.objects.get(o.key)[1] for o in store.objects.list("journal/")}
    again = io.StringIO()
    assert run_watch(SnapshotSource(SNAPSHOT), store, AS_OF, out=again) == EXIT_OK
    assert again.getvalue().count("already recorded") == len(shipped_ids())
    assert {o.key: store.objects.get(o.key)[1] for o in store.objects.list("journal/")} == before
