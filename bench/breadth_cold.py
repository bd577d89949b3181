"""Run in a fresh process by bench/run.py: breadth at scale from a cold start, and the cost
of an incremental refresh after one new day. Prints one JSON object."""
from __future__ import annotations

import json
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from analytics.breadth.measures import close_panel, pct_above_smas  # noqa: E402
from analytics.data.base import PriceBatch, SourceInfo  # noqa: E402
from analytics.data.cached import CachedSource  # noqa: E402
from analytics.data.store import Store  # noqa: E402

N_SYMBOLS, N_DAYS = 2000, 2600
REFRESH_SYMBOLS = 500


def member_frames(n_symbols: int, n_days: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Random-walk member closes, one frame per symbol, as the loaders hand them over."""
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2015-01-02", periods=n_days, name="date")
    closes = 50 * np.exp(np.cumsum(rng.normal(0, 0.02, (n_days, n_symbols)), axis=0))
    return {f"S{i:04d}": pd.DataFrame({"close": closes[:, i]}, index=index) for i in range(n_symbols)}


def pct_above_cold(frames) -> dict:
    started = time.perf_counter()
    panel = close_panel(frames, "2100-01-01")
    built = time.perf_counter()
    pct_above_smas(panel)
    done = time.perf_counter()
    tracemalloc.start()
    pct_above_smas(close_panel(frames, "2100-01-01"))
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return {"breadth_2000x2600_s": round(done - started, 3),
            "breadth_panel_build_s": round(built - started, 3),
            "breadth_pct_above_s": round(done - built, 3),
            "breadth_peak_mb": round(peak, 1)}


class DayByDay:
    """A fake live source whose history grows one day at a time; counts the bars it serves."""

    def __init__(self, frames, last):
        self.frames, self.last, self.bars_served = frames, last, 0

    def info(self):
        return SourceInfo(kind="live", label="bench")

    def prices(self, symbols, start=None):
        out = {}
        for s in symbols:
            frame = self.frames[s].loc[:self.last]
            out[s] = frame if start is None else frame.loc[pd.Timestamp(start):]
            self.bars_served += len(out[s])
        return PriceBatch(frames=out)


def incremental_refresh(frames) -> dict:
    symbols = list(frames)[:REFRESH_SYMBOLS]
    index = frames[symbols[0]].index
    full = {s: frames[s].assign(open=frames[s]["close"], high=frames[s]["close"], low=frames[s]["close"],
                                 volume=1.0) for s in symbols}
    upstream = DayByDay(full, index[-2])
    now = [datetime(2030, 1, 1)]
    with tempfile.TemporaryDirectory() as tmp:
        source = CachedSource(upstream, Store(Path(tmp)), now=lambda: now[0])
        source.prices(symbols)
        upstream.bars_served, upstream.last = 0, index[-1]
        now[0] += timedelta(days=1)
        started = time.perf_counter()
        batch = source.prices(symbols)
        elapsed = time.perf_counter() - started
    assert all(f.index[-1] == index[-1] for f in batch.frames.values())
    return {"refresh_symbols": len(symbols), "refresh_one_day_s": round(elapsed, 3),
            "refresh_bars_fetched_per_symbol": upstream.bars_served / len(symbols)}


if __name__ == "__main__":
    frames = member_frames(N_SYMBOLS, N_DAYS)
    print(json.dumps({**pct_above_cold(frames), **incremental_refresh(frames)}))
