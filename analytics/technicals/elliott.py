"""Zigzag pivots and Elliott-wave candidate counts checked against the three hard rules.

The rules (Frost and Prechter, *Elliott Wave Principle*): wave 2 never retraces beyond the
start of wave 1; wave 3 is never the shortest of waves 1, 3 and 5; wave 4 never enters
wave 1's price territory. A count is only a candidate: the rules can rule one out, never in.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

DEFAULT_THRESHOLD_PCT = 8.0
IMPULSE_PIVOTS = 6  # start of wave 1 plus the ends of waves 1..5
CORRECTION_LABELS = ("A", "B", "C")
RULES = {
    "wave2": "Wave 2 stays above the start of wave 1",
    "wave3": "Wave 3 is not the shortest of waves 1, 3, 5",
    "wave4": "Wave 4 stays out of wave 1's price range",
}


def zigzag(bars: pd.DataFrame, threshold_pct: float) -> pd.DataFrame:
    """Alternating swing highs and lows: a pivot is confirmed once price reverses by
    ``threshold_pct`` percent from it. Peaks are read from highs, troughs from lows.

    Returns columns ``price``, ``kind`` ("H"/"L") and ``confirmed``; the last row is the
    running extreme, not yet confirmed.
    """
    if threshold_pct <= 0:
        raise ValueError(f"threshold must be positive, got {threshold_pct}")
    t = threshold_pct / 100
    highs = bars["high"].fillna(bars["close"]).to_numpy()
    lows = bars["low"].fillna(bars["close"]).to_numpy()
    pivots: list[tuple[int, str]] = []
    trend, hi_i, lo_i, ext = 0, 0, 0, 0
    for i in range(1, len(bars)):
        if trend == 0:
            if highs[i] >= lows[lo_i] * (1 + t):
                pivots.append((lo_i, "L"))
                trend, ext = 1, i
            elif lows[i] <= highs[hi_i] * (1 - t):
                pivots.append((hi_i, "H"))
                trend, ext = -1, i
            else:
                hi_i = i if highs[i] > highs[hi_i] else hi_i
                lo_i = i if lows[i] < lows[lo_i] else lo_i
        elif trend == 1:
            if highs[i] >= highs[ext]:
                ext = i
            elif lows[i] <= highs[ext] * (1 - t):
                pivots.append((ext, "H"))
                trend, ext = -1, i
        else:
            if lows[i] <= lows[ext]:
                ext = i
            elif highs[i] >= lows[ext] * (1 + t):
                pivots.append((ext, "L"))
                trend, ext = 1, i
    rows = [(bars.index[i], highs[i] if k == "H" else lows[i], k, True) for i, k in pivots]
    if trend != 0:
        kind = "H" if trend == 1 else "L"
        rows.append((bars.index[ext], highs[ext] if kind == "H" else lows[ext], kind, False))
    frame = pd.DataFrame(rows, columns=["date", "price", "kind", "confirmed"]).set_index("date")
    return frame


@dataclass(frozen=True)
class WaveCount:
    """Six pivots read as waves 1-5, the rule results, and the A-B-C pivots after it."""

    pivots: pd.DataFrame
    direction: str  # "up" or "down"
    rules: dict[str, bool]
    correction: pd.DataFrame

    @property
    def passes(self) -> bool:
        return all(self.rules.values())


def check_impulse(prices: list[float]) -> dict[str, bool]:
    """The three rules for pivots ``p0..p5`` (an up impulse if ``p1 > p0``)."""
    p0, p1, p2, p3, p4, p5 = prices
    up = p1 > p0
    sign = 1 if up else -1
    w1, w3, w5 = abs(p1 - p0), abs(p3 - p2), abs(p5 - p4)
    return {
        "wave2": sign * (p2 - p0) > 0,
        "wave3": not (w3 < w1 and w3 < w5),
        "wave4": sign * (p4 - p1) > 0,
    }


def _count_at(pivots: pd.DataFrame, start: int) -> WaveCount:
    window = pivots.iloc[start:start + IMPULSE_PIVOTS]
    prices = window["price"].tolist()
    correction = pivots.iloc[start + IMPULSE_PIVOTS:start + IMPULSE_PIVOTS + len(CORRECTION_LABELS)]
    return WaveCount(window, "up" if prices[1] > prices[0] else "down", check_impulse(prices), correction)


def wave_counts(pivots: pd.DataFrame) -> tuple[WaveCount | None, WaveCount | None]:
    """The latest candidate impulse and the most recent one that passes every rule.

    The latest candidate is the last six pivots (or, when the newest pivots form an A-B-C
    after an impulse, the impulse before them). Either may be ``None``.
    """
    if len(pivots) < IMPULSE_PIVOTS:
        return None, None
    last_start = len(pivots) - IMPULSE_PIVOTS
    latest = _count_at(pivots, last_start)
    for start in range(last_start, -1, -1):
        candidate = _count_at(pivots, start)
        if candidate.passes:
            return latest, candidate
    return latest, None
