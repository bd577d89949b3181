"""The refresh job: one summary line per kind, exit status 0 / 1 / 2, the lease, the bar."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest

from analytics.__main__ import run
from analytics.catalog import CORE_SYMBOLS, UNIVERSES
from analytics.data.demo import DemoSource
from analytics.data.fred_catalogue import FRED_SERIES
from analytics.data.lease import acquire
from analytics.data.panel import read_manifest
from analytics.data.store import Store
from analytics.errors import DataUnavailableError, SourceUnreachableError
from analytics.refresh import ALL_KINDS, RefreshPlan, TerminalBar, run_refresh


class FlakySource(DemoSource):
    """The demo data, with chosen failures: some prices, one FRED series, the holdings."""

    def __init__(self, bad_prices=(), bad_fred=(), holdings_down=False):
        self.bad_prices, self.bad_fred, self.holdings_down = set(bad_prices), set(bad_fred), holdings_down

    def prices(self, symbols, start=None):
        batch = super().prices([s for s in symbols if s not in self.bad_prices], start)
        batch.failed.update({s: "HTTP 404" for s in symbols if s in self.bad_prices})
        return batch

    def fred(self, series_id):
        if series_id in self.bad_fred:
            raise SourceUnreachableError(f"FRED {series_id}: timed out")
        return super().fred(series_id)

    def holdings(self, fund):
        if self.holdings_down:
            raise DataUnavailableError("iShares: empty file")
        return super().holdings(fund)


def lines(text: str) -> dict[str, str]:
    return {line.split(":")[0]: line for line in text.splitlines() if not line.startswith(" ")}


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "store")


def test_all_kinds_succeed_then_report_unchanged(store):
    plan = RefreshPlan(ALL_KINDS, (), ("nasdaq100",))
    out = io.StringIO()
    assert run_refresh(DemoSource(), store, plan, out) == 0
    summary = lines(out.getvalue())
    assert set(summary) == set(ALL_KINDS)
    assert summary["prices"] == f"prices: {len(CORE_SYMBOLS)} fetched, 0 unchanged, 0 failed"
    assert summary["members"] == "members: 40 fetched, 0 unchanged, 0 failed"
    assert summary["fred"] == f"fred: {len(FRED_SERIES)} fetched, 0 unchanged, 0 failed"
    assert read_manifest(store, "nasdaq100").members and store.read("holdings", "IWM") is not None
    again = io.StringIO()
    assert run_refresh(DemoSource(), store, plan, again) == 0
    summary = lines(again.getvalue())
    assert summary["prices"] == f"prices: 0 fetched, {len(CORE_SYMBOLS)} unchanged, 0 failed"
    assert summary["members"] == "members: 0 fetched, 40 unchanged, 0 failed"
    assert summary["universes"] == "universes: 0 fetched, 1 unchanged, 0 failed"


def test_failures_are_counted_named_and_the_rest_kept(store):
    run_refresh(DemoSource(), store, RefreshPlan(("prices", "fred", "holdings")), io.StringIO())
    kept = store.read("prices", "SPY").frame
    out = io.StringIO()
    flaky = FlakySource(bad_prices={"SPY", "QQQ"}, bad_fred={"DFF"}, holdings_down=True)
    status = run_refresh(flaky, store, RefreshPlan(("prices", "fred", "holdings")), out)
    text = out.getvalue()
    assert status == 1
    summary = lines(text)
    assert summary["prices"] == f"prices: 0 fetched, {len(CORE_SYMBOLS) - 2} unchanged, 2 failed"
    assert summary["fred"] == f"fred: 0 fetched, {len(FRED_SERIES) - 1} unchanged, 1 failed"
    assert summary["holdings"] == "holdings: 0 fetched, 0 unchanged, 1 failed"
    assert "  failed SPY: HTTP 404" in text and "  failed DFF: FRED DFF: timed out" in text
    assert "  failed IWM: iShares: empty file" in text
    assert store.read("prices", "SPY").frame.equals(kept)  # the last good copy stays


def test_a_member_list_that_fails_uses_the_stored_one(store):
    run_refresh(DemoSource(), store, RefreshPlan(("universes",), (), ("nasdaq100",)), io.StringIO())

    class NoLists(DemoSource):
        def universe(self, name):
            raise SourceUnreachableError("Wikipedia: HTTP 503")

    out = io.StringIO()
    assert run_refresh(NoLists(), store, RefreshPlan(("universes", "members"), (), ("nasdaq100",)), out) == 1
    summary = lines(out.getvalue())
    assert summary["universes"].endswith("1 failed") and summary["members"] == "members: 40 fetched, 0 unchanged, 0 failed"


def test_a_second_job_stops_while_the_lease_is_held(store):
    held = acquire(store, owner="nightly-job")
    out = io.StringIO()
    assert run_refresh(DemoSource(), store, RefreshPlan(("prices",)), out) == 1
    assert "nightly-job" in out.getvalue() and "nothing refreshed" in out.getvalue()
    assert store.read("prices", "IWM") is None
    held.release()
    assert run_refresh(DemoSource(), store, RefreshPlan(("prices",)), io.StringIO()) == 0


def test_an_expired_lease_is_taken_over(store):
    acquire(store, owner="crashed-job", ttl=timedelta(seconds=-1))
    assert run_refresh(DemoSource(), store, RefreshPlan(("prices",)), io.StringIO()) == 0


def test_missing_valuation_module_fails_only_funds(store, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_valuation(name, *args, **kwargs):
        if name.startswith("analytics.valuation"):
            raise ImportError(name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_valuation)
    out = io.StringIO()
    assert run_refresh(DemoSource(), store, RefreshPlan(("holdings", "funds")), out) == 1
    summary = lines(out.getvalue())
    assert summary["holdings"].endswith("0 failed") and summary["funds"].endswith("1 failed")
    assert "valuation module is not available" in out.getvalue()


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal():
    tty = Tty()
    update = TerminalBar(tty)("prices")
    update(10, 40)
    update(40, 40)
    assert "[#######" in tty.getvalue() and "10/40" in tty.getvalue() and tty.getvalue().endswith("40/40\n")
    assert TerminalBar(io.StringIO())("prices") is None


def test_cli_all_on_demo_exits_0_with_a_line_per_kind(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MARKET_STORE_URL", str(tmp_path / "shared"))
    assert run(["refresh", "--all", "--source", "demo", "--universe", "nasdaq100"]) == 0
    out = capsys.readouterr().out
    assert [k for k in lines(out) if k in ALL_KINDS] == list(ALL_KINDS)
    assert "store " + str(tmp_path / "shared") in out
    assert read_manifest(Store(tmp_path / "shared"), "nasdaq100") is not None
    # The last step is the watch job on the store just filled: a journal per thesis.
    assert "watch small-caps-2024" in out and "claims recorded" in out
    assert Store(tmp_path / "shared").objects.get("journal/small-caps-2024.parquet") is not None


@pytest.mark.parametrize("argv, reason", [
    (["refresh", "--all", "--source", "cache"], "cannot fetch from 'cache'"),
    (["refresh", "--all", "--source", "auto"], "cannot fetch from 'auto'"),
    (["refresh", "--all", "--source", "dir:/no/such/snapshot"], "snapshot"),
    (["refresh", "--all", "--source", "demo", "--wait", "-1"], "--wait"),
])
def test_cli_bad_arguments_exit_2_with_one_line(capsys, argv, reason):
    assert run(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and reason in err and "\n" not in err


def test_cli_unknown_universe_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as caught:
        run(["refresh", "--all", "--universe", "dow30"])
    assert caught.value.code == 2 and sorted(UNIVERSES)[0] in capsys.readouterr().err


def test_cli_unusable_store_exits_2(capsys, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MARKET_STORE_URL", str(blocker / "store"))
    assert run(["refresh", "--all", "--source", "demo"]) == 2
    assert "cannot create the directory" in capsys.readouterr().err
