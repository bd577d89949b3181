"""One bad symbol fails alone: rejected before any request, or found by bisecting a failed one."""
from __future__ import annotations

import pandas as pd

from analytics.data.base import PriceBatch, SourceInfo
from analytics.data.batch import OUTAGE_STREAK, fetch_in_chunks, fetch_resilient
from analytics.errors import DataUnavailableError, FetchTimeoutError, InvalidSymbolError, RateLimitedError
from analytics.symbols import partition_symbols, validate_symbols

FRAME = pd.DataFrame({"close": [1.0]}, index=pd.DatetimeIndex(["2024-01-02"], name="date"))


class PoisonSource:
    """Fails a whole request when it holds a poison symbol (as a provider that 400s a batch)."""

    def __init__(self, poison=(), error=DataUnavailableError):
        self.poison, self.error, self.calls = set(poison), error, []

    def info(self):
        return SourceInfo(kind="live", label="fake")

    def prices(self, symbols, start=None):
        self.calls.append(list(symbols))
        validate_symbols(symbols)  # like every real source: one invalid ticker raises
        if self.poison & set(symbols):
            raise self.error("Yahoo Finance: the request failed")
        return PriceBatch(frames={s: FRAME for s in symbols})


def test_partition_rejects_each_invalid_symbol_with_its_reason():
    valid, rejected = partition_symbols(["iwm", "-", "../etc/passwd", "x" * 10_000, "IWM", "", "SPY"])
    assert valid == ["IWM", "SPY"]
    assert set(rejected) == {"-", "../etc/passwd", "x" * 20 + "...", ""}
    assert all("not a valid ticker" in why for why in rejected.values())
    assert max(len(why) for why in rejected.values()) < 120  # a 10,000-char value is not echoed


def test_invalid_symbols_never_reach_the_source():
    source = PoisonSource()
    batch = fetch_in_chunks(source, ["A", "-", "B", "C", "-", "a/b"], chunk_size=2)
    assert source.calls == [["A", "B"], ["C"]]
    assert set(batch.frames) == {"A", "B", "C"} and set(batch.failed) == {"-", "a/b"}


def test_a_request_broken_by_one_symbol_is_bisected_to_that_symbol():
    symbols = [f"S{i}" for i in range(16)]
    source = PoisonSource(poison={"S11"})
    batch = fetch_in_chunks(source, symbols, chunk_size=16)
    assert set(batch.failed) == {"S11"} and len(batch.frames) == 15
    assert "request failed" in batch.failed["S11"]
    assert len(source.calls) <= 1 + 2 * 4  # one request, then two per halving (log2 16 = 4)


def test_a_rate_limit_is_not_split_into_more_requests():
    source = PoisonSource(poison={"S1"}, error=RateLimitedError)
    batch = fetch_resilient(source, ["S0", "S1", "S2", "S3"])
    assert len(source.calls) == 1 and set(batch.failed) == {"S0", "S1", "S2", "S3"}


def test_an_outage_stops_the_splitting_after_a_few_failed_requests():
    class Down(PoisonSource):
        def prices(self, symbols, start=None):
            self.calls.append(list(symbols))
            raise FetchTimeoutError("Yahoo Finance did not answer within 10 s")

    source = Down()
    batch = fetch_in_chunks(source, [f"S{i}" for i in range(400)], chunk_size=200)
    assert len(batch.failed) == 400 and not batch.frames
    # first chunk: the request and one half; the second chunk: its single try
    assert len(source.calls) == OUTAGE_STREAK + 1
    assert all("did not answer" in why for why in batch.failed.values())


def test_invalid_symbol_error_from_a_source_is_bisected_too():
    class Strict(PoisonSource):
        def prices(self, symbols, start=None):
            self.calls.append(list(symbols))
            if "BAD" in symbols:
                raise InvalidSymbolError("'BAD' is unknown to the provider")
            return PriceBatch(frames={s: FRAME for s in symbols})

    batch = fetch_resilient(Strict(), ["A", "B", "BAD", "C", "D"])
    assert set(batch.failed) == {"BAD"} and set(batch.frames) == {"A", "B", "C", "D"}
