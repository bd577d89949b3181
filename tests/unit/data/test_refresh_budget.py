"""A refresh kind stopped by its time budget keeps what it got, says so in one line per
reason, and the next run continues where it stopped (fake clock: no real waiting)."""
from __future__ import annotations

import io

from analytics.data.demo import DemoSource
from analytics.data.panel import read_manifest
from analytics.data.store import Store
from analytics.refresh import RefreshPlan, run_refresh
from tests.unit.data.test_ratelimit import FakeClock, PacedDemo, limiter

#: 10 requests a second, a burst of one 200-symbol chunk: of the 300 demo Russell 2000
#: members, the first chunk goes at once and the second (100) would wait 10 s.
PER_MINUTE, BURST = 600.0, 200.0
SHORT_BUDGET_S, LONG_BUDGET_S = 5.0, 60.0


def test_members_stop_at_the_budget_then_resume(tmp_path):
    clock = FakeClock()
    store = Store(tmp_path / "store")
    plan = RefreshPlan(("universes", "members"), (), ("russell2000",))
    source = PacedDemo(limiter(clock, per_minute=PER_MINUTE, burst=BURST))
    members = DemoSource().universe("russell2000").symbols
    out = io.StringIO()

    status = run_refresh(source, store, plan, out, budget_s=SHORT_BUDGET_S, clock=clock)

    text = out.getvalue()
    assert status == 1
    assert "members: 200 fetched, 0 unchanged, 100 failed" in text
    assert "  100 not refreshed: the load's time budget runs out" in text
    assert "failed " not in text  # no symbol listed one by one
    assert len(read_manifest(store, "russell2000").last) == 200

    source.asked.clear()
    again = io.StringIO()
    assert run_refresh(source, store, plan, again, budget_s=LONG_BUDGET_S, clock=clock) == 0
    assert "members: 100 fetched, 200 unchanged, 0 failed" in again.getvalue()
    assert len(read_manifest(store, "russell2000").last) == len(members)
