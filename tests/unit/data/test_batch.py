"""Chunked downloads: progress, failures kept apart, a failed chunk does not stop the rest."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.data.base import PriceBatch, SourceInfo
from analytics.data.batch import fetch_in_chunks
from analytics.errors import RateLimitedError


class ChunkSource:
    def __init__(self, bad=(), failing_chunk=None):
        self.calls = []
        self.bad = set(bad)
        self.failing_chunk = failing_chunk

    def info(self):
        return SourceInfo(kind="live", label="fake")

    def prices(self, symbols, start=None):
        self.calls.append(list(symbols))
        if self.failing_chunk is not None and len(self.calls) - 1 == self.failing_chunk:
            raise RateLimitedError("Yahoo Finance is rate-limiting requests")
        frame = pd.DataFrame({"close": [1.0]}, index=pd.DatetimeIndex(["2024-01-02"], name="date"))
        return PriceBatch(frames={s: frame for s in symbols if s not in self.bad},
                          failed={s: "no price data" for s in symbols if s in self.bad})


def test_chunks_progress_and_failed_symbols():
    source = ChunkSource(bad={"S3", "S7"})
    seen = []
    symbols = [f"S{i}" for i in range(10)]
    batch = fetch_in_chunks(source, symbols, chunk_size=4, progress=lambda d, t: seen.append((d, t)))
    assert [len(c) for c in source.calls] == [4, 4, 2]
    assert seen == [(4, 10), (8, 10), (10, 10)]
    assert len(batch.frames) == 8 and batch.failed == {"S3": "no price data", "S7": "no price data"}


def test_a_failed_chunk_is_reported_and_the_rest_kept():
    source = ChunkSource(failing_chunk=1)
    batch = fetch_in_chunks(source, [f"S{i}" for i in range(6)], chunk_size=2)
    assert set(batch.failed) == {"S2", "S3"} and "rate-limiting" in batch.failed["S2"]
    assert len(batch.frames) == 4


def test_bad_chunk_size():
    with pytest.raises(ValueError):
        fetch_in_chunks(ChunkSource(), ["A"], chunk_size=0)
