"""The per-host rate limiter, back-off and load budget, on a fake clock (no real sleeping)."""
from __future__ import annotations

import random
import time

import pandas as pd
import pytest

from analytics.data import fred as fred_api
from analytics.data import funds
from analytics.data.batch import fetch_in_chunks
from analytics.data.demo import DemoSource
from analytics.data.panel import read_manifest
from analytics.data.panel_refresh import refresh_panel
from analytics.data.ratelimit import Backoff, BudgetSpentError, HostLimiter, TokenBucket, load_budget
from analytics.data.store import Store
from analytics.errors import RateLimitedError, SessionExpiredError, SourceUnreachableError

HOUR = 3600.0


class FakeClock:
    """Time that moves only when slept on; every sleep recorded."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.slept.append(seconds)
            self.t += seconds


def limiter(clock, per_minute=60.0, burst=2.0, retries=4, seed=7) -> HostLimiter:
    return HostLimiter("Host", per_minute, burst, Backoff(2.0, 60.0, retries, random.Random(seed)), clock)


def test_bucket_lets_a_burst_through_then_paces():
    clock = FakeClock()
    bucket = TokenBucket(rate=1.0, burst=3.0, clock=clock)
    waits = []
    for _ in range(6):
        wait = bucket.reserve(1)
        waits.append(wait)
        clock.sleep(wait)
    assert waits == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]


def test_a_chunk_costs_one_token_per_symbol():
    clock = FakeClock()
    bucket = TokenBucket(rate=10.0, burst=200.0, clock=clock)
    assert bucket.reserve(200) == 0.0
    assert bucket.reserve(200) == pytest.approx(20.0)  # 200 requests at 10 a second


def test_limiter_paces_requests_without_real_sleep():
    clock = FakeClock()
    paced = limiter(clock, per_minute=120.0, burst=10.0)  # FRED's published limit
    begin = time.perf_counter()
    for i in range(130):
        assert paced.call(lambda i=i: i) == i
    assert time.perf_counter() - begin < 1.0
    assert clock.t - 1000.0 == pytest.approx(60.0)  # 120 after the burst of 10: one minute


@pytest.mark.parametrize("error", [RateLimitedError("HTTP 429"), SessionExpiredError("HTTP 401, invalid crumb")])
def test_429_and_expired_session_are_retried_after_a_jittered_backoff(error):
    clock = FakeClock()
    paced = limiter(clock)
    answers = iter([error, error, "ok"])

    def call():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    with load_budget(HOUR, clock):
        assert paced.call(call) == "ok"
    assert paced.retried == 2
    backoffs = [s for s in clock.slept]
    assert len(backoffs) >= 2
    assert 0 <= backoffs[0] <= 2.0 and 0 <= max(backoffs) <= 4.0 + 1.0  # plus a token's wait


def test_gives_up_after_the_retries_and_other_errors_are_not_retried():
    clock = FakeClock()
    paced = limiter(clock, retries=2)
    calls = []

    def limited():
        calls.append(1)
        raise RateLimitedError("HTTP 429")

    with load_budget(HOUR, clock), pytest.raises(RateLimitedError):
        paced.call(limited)
    assert len(calls) == 3
    calls.clear()

    def down():
        calls.append(1)
        raise SourceUnreachableError("DNS")

    with load_budget(HOUR, clock), pytest.raises(SourceUnreachableError):
        paced.call(down)
    assert len(calls) == 1


def test_outside_a_load_a_429_fails_at_once():
    """A page's own request shows its last good copy rather than wait through back-offs."""
    clock = FakeClock()
    paced = limiter(clock)
    calls = []

    def limited():
        calls.append(1)
        raise RateLimitedError("HTTP 429")

    with pytest.raises(RateLimitedError):
        paced.call(limited)
    assert len(calls) == 1 and clock.slept == []


def test_backoff_grows_exponentially_to_its_cap():
    rng = random.Random(1)
    backoff = Backoff(2.0, 60.0, 10, rng)
    ceilings = [min(60.0, 2.0 * 2 ** n) for n in range(8)]
    assert ceilings == [2, 4, 8, 16, 32, 60, 60, 60]
    for n, ceiling in enumerate(ceilings):
        assert 0 <= backoff.delay(n) <= ceiling


def test_budget_stops_before_a_wait_past_it_and_nests_inward():
    clock = FakeClock()
    paced = limiter(clock, per_minute=60.0, burst=1.0)  # one a second
    done = 0
    with load_budget(5.0, clock), pytest.raises(BudgetSpentError):
        while True:
            paced.call(lambda: None)
            done += 1
    assert done == 6  # t=0 (burst), then 1..5 s
    with load_budget(10.0, clock) as outer, load_budget(100.0, clock) as inner:
        assert inner == outer


def test_a_backoff_past_the_budget_gives_up_with_the_providers_reason():
    clock = FakeClock()
    paced = HostLimiter("Host", 60.0, 5.0, Backoff(50.0, 60.0, 4, random.Random(3)), clock)

    def limited():
        raise RateLimitedError("HTTP 429")

    with load_budget(1.0, clock), pytest.raises(RateLimitedError):
        paced.call(limited)


class PacedDemo(DemoSource):
    """Demo prices through a limiter on a fake clock, as the live source paces Yahoo."""

    def __init__(self, paced: HostLimiter) -> None:
        self.paced = paced
        self.asked: list[str] = []

    def prices(self, symbols, start=None):
        def ask():
            self.asked.extend(symbols)  # only what reached the "network"
            return DemoSource.prices(self, symbols, start)

        return self.paced.call(ask, cost=len(symbols))


def test_fetch_in_chunks_stops_at_the_budget_and_keeps_what_came():
    clock = FakeClock()
    members = DemoSource().universe("sp500").symbols[:100]
    source = PacedDemo(limiter(clock, per_minute=600.0, burst=20.0))  # 20 symbols every 2 s
    batch = fetch_in_chunks(source, members, chunk_size=20, use_panels=False, budget_s=5.0, clock=clock)
    assert len(batch.frames) == 60  # chunks at 0, 2 and 4 s; the next would start at 6 s
    assert len(batch.failed) == 40
    assert all(why.startswith("not asked:") and "next refresh continues" in why for why in batch.failed.values())
    assert any("stopped early" in note for note in batch.notes)
    assert len(source.asked) == 60  # nothing asked past the budget, no halving


def test_an_interrupted_panel_load_resumes_where_it_stopped(tmp_path):
    clock = FakeClock()
    store = Store(tmp_path / "store")
    members = DemoSource().universe("sp500").symbols[:100]
    source = PacedDemo(limiter(clock, per_minute=600.0, burst=20.0))
    with load_budget(5.0, clock):
        first = refresh_panel(source, store, "sp500", members, chunk_size=20)
    assert len(first.fetched) == 60 and len(read_manifest(store, "sp500").last) == 60
    source.asked.clear()
    with load_budget(60.0, clock):
        second = refresh_panel(source, store, "sp500", members, chunk_size=20)
    got = set(first.fetched)
    assert set(second.fetched) == set(members) - got  # the rest, fetched whole
    assert len(read_manifest(store, "sp500").last) == 100
    assert not second.failed


def test_member_info_goes_through_the_limiter_and_a_429_is_retried():
    clock = FakeClock()
    paced = limiter(clock, per_minute=60.0, burst=2.0)
    tries: dict[str, int] = {}

    class Ticker:
        def __init__(self, symbol):
            self.symbol = symbol

        @property
        def info(self):
            tries[self.symbol] = tries.get(self.symbol, 0) + 1
            if self.symbol == "AAA" and tries["AAA"] == 1:
                raise RuntimeError("429 Too Many Requests")
            return {"trailingEps": 2.0, "forwardEps": 2.5, "currentPrice": 50.0}

    with load_budget(HOUR, clock):
        batch = funds.download_fundamentals(["AAA", "BBB", "CCC"], 2.0, Ticker, workers=1, limiter=paced.call)
    assert sorted(batch.frame.index) == ["AAA", "BBB", "CCC"] and not batch.failed
    assert tries["AAA"] == 2 and paced.retried == 1


def test_member_info_stops_at_the_budget_rows_kept():
    clock = FakeClock()
    paced = limiter(clock, per_minute=60.0, burst=2.0)

    class Ticker:
        def __init__(self, symbol):
            self.info = {"trailingEps": 1.0, "currentPrice": 10.0}

    with load_budget(2.5, clock):
        batch = funds.download_fundamentals([f"S{i}" for i in range(10)], 2.0, Ticker, workers=1,
                                            limiter=paced.call)
    assert len(batch.frame) == 4  # at 0, 0, 1 and 2 s
    assert len(batch.failed) == 6 and all("budget" in why for why in batch.failed.values())


def test_fred_series_go_through_the_limiter(monkeypatch):
    clock = FakeClock()
    paced = limiter(clock, per_minute=120.0, burst=1.0)
    answers = iter([RateLimitedError("FRED DFF: HTTP 429"), "observation_date,DFF\n2026-12-04,3.87\n"])

    def fetch(series_id, timeout):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(fred_api, "fetch_fredgraph_csv", fetch)
    with load_budget(HOUR, clock):
        series = fred_api.download_fred("DFF", None, 2.0, paced.call)
    assert series.iloc[-1] == 3.87 and series.index[-1] == pd.Timestamp("2026-12-04")
    assert paced.retried == 1
