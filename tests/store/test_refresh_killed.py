"""The refresh job killed in the middle of a write (SIGKILL, on the shared S3 store): the
store stays readable with the last good data, a second job finds the dead job's lease and
stops, and once the lease has expired the next run takes it over and completes."""
from __future__ import annotations

import functools
import io
import os
import select
import signal
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone

import pandas as pd

from analytics import refresh as refresh_module
from analytics.data.cached import CacheOnlySource
from analytics.data.demo import DemoSource, demo_today
from analytics.data.lease import LEASE_TTL, acquire
from analytics.data.panel import read_manifest, read_panel
from analytics.data.store import Store
from analytics.refresh import RefreshPlan, run_refresh
from analytics.report import build_report
from tests.browser.conftest import ROOT
from tests.store.conftest import s3_options

PLAN = RefreshPlan(("universes", "prices", "members"), (), ("nasdaq100",))
BEHIND = 10  # business days the last good data is behind the source


class Behind:
    """The demo source as it was ``BEHIND`` business days ago."""

    def __init__(self):
        self.demo, self.cutoff = DemoSource(), pd.Timestamp(demo_today()) - pd.offsets.BDay(BEHIND)

    def __getattr__(self, name):
        return getattr(self.demo, name)

    def prices(self, symbols, start=None):
        batch = self.demo.prices(symbols, start)
        batch.frames = {s: f.loc[: self.cutoff] for s, f in batch.frames.items()}
        return batch


def figures(store: Store, as_of) -> dict:
    report = build_report(CacheOnlySource(store, offline=False), as_of, ["breadth", "performance"],
                          universe="nasdaq100")
    return {"breadth": report["breadth"], "performance": report["performance"]}


def killed_mid_write(url: str, env: dict) -> str:
    """Run the refresh in its own process until it is about to publish a panel manifest, then
    SIGKILL it; returns the key it was writing."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.store.refresh_writer", url], cwd=ROOT,
                            env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 90)
        line = proc.stdout.readline() if ready else ""
        assert line.startswith("BLOCKED "), f"the job never reached the write (exit {proc.poll()})"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        return line.split()[1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_a_refresh_killed_mid_write_leaves_the_last_good_data_and_the_next_run_completes(s3_server, monkeypatch):
    bucket = f"killed-{uuid.uuid4().hex[:10]}"
    s3_server.create_bucket(bucket)
    url = f"s3://{bucket}/team/store"
    store = Store(url, s3_options(s3_server))
    old = Behind()
    assert run_refresh(old, store, PLAN, out=io.StringIO()) == 0
    as_of = old.cutoff.date()
    good = figures(store, as_of)
    good_through = read_manifest(store, "nasdaq100").through

    key = killed_mid_write(url, s3_server.env)
    assert key.startswith("panels/nasdaq100/")

    # Readable, with the last good data: the panel is the published one, whole, and every
    # figure at the last good date is what it was.
    manifest = read_manifest(Store(url, s3_options(s3_server)), "nasdaq100")
    assert manifest.through == good_through
    assert read_panel(store, "nasdaq100", manifest) is not None
    assert figures(Store(url, s3_options(s3_server)), as_of) == good

    # The dead job's lease is still live: the next run stops and says so.
    out = io.StringIO()
    assert run_refresh(DemoSource(), store, PLAN, out=out) == 1
    assert "holds the lease" in out.getvalue()

    # After the lease's lifetime (a clock that far ahead), the next run takes it over and completes.
    later = datetime.now(timezone.utc) + LEASE_TTL + timedelta(minutes=1)
    monkeypatch.setattr(refresh_module, "acquire", functools.partial(acquire, now=lambda: later))
    out = io.StringIO()
    assert run_refresh(DemoSource(), store, PLAN, out=out) == 0, out.getvalue()
    assert read_manifest(store, "nasdaq100").through > good_through
    assert figures(store, as_of) == good  # the past is unchanged by the new days
