"""Run by bench/run.py: the scorecard's timeline against one date's scorecard, each in a cold
process (``python -m analytics report``, imports and data loading included), side by side.

``timeline_cold_ratio`` is the median wall time of the article thesis' timeline, weekly from
its date (``FROM``) to the source's latest date, over the median of one scorecard on that
latest date; the two kinds of process alternate so that a change in the machine's load falls
on both. Prints one JSON object.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: The article's date: its timeline starts there.
FROM = "2023-11-28"
#: Cold processes of each kind.
RUNS = 3


def latest_day(source: str) -> str:
    """The source's latest close of IWM (the sidebar's default as-of date)."""
    from analytics.data import make_source

    return f"{make_source(source).prices(['IWM']).frames['IWM'].index[-1]:%Y-%m-%d}"


def cold_s(source: str, as_of: str, *section: str) -> float:
    """Wall time of ``python -m analytics report`` with ``section`` options, in a new process."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analytics", "report", "--source", source, "--as-of", as_of,
                    "--section", *section], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def timeline_figures(source: str, runs: int = RUNS) -> dict:
    """Cold timeline and cold scorecard seconds (medians) and their ratio."""
    as_of = latest_day(source)
    card, timeline = [], []
    for _ in range(runs):
        card.append(cold_s(source, as_of, "scorecard"))
        timeline.append(cold_s(source, as_of, "timeline", "--from", FROM, "--every", "week"))
    card_s, timeline_s = statistics.median(card), statistics.median(timeline)
    return {"timeline_cold_s": round(timeline_s, 2), "scorecard_cold_s": round(card_s, 2),
            "timeline_cold_ratio": round(timeline_s / card_s, 2), "timeline_as_of": as_of,
            "timeline_cold_samples_s": [round(t, 2) for t in timeline],
            "scorecard_cold_samples_s": [round(t, 2) for t in card]}


if __name__ == "__main__":
    print(json.dumps(timeline_figures(sys.argv[1] if len(sys.argv) > 1 else "demo")))
