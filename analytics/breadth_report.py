"""The report's ``breadth`` section: members above their averages, as of a date."""
from __future__ import annotations

from datetime import date

from analytics.breadth import compute_breadth
from analytics.data.base import Source
from analytics.data.batch import fetch_in_chunks
from analytics.errors import DataUnavailableError
from analytics.report_values import check_as_of, clean


BREADTH_LOOKBACK_DAYS = 252


def breadth_section(source: Source, as_of: date | str, universe: str = "sp500",
                    lookback_days: int = BREADTH_LOOKBACK_DAYS, **_: object) -> dict:
    """Share of a universe's members above their 20/50/200-day averages (fractions), with the
    denominators, and the daily 50-day history for the last ``lookback_days`` trading days.

    ``date`` is the last day any member has a price: earlier than ``as_of`` when the source's
    member prices stop before it, and then every figure is as of ``date``."""
    members = source.universe(universe)
    batch = fetch_in_chunks(source, members.symbols)
    if not batch.frames:
        raise DataUnavailableError(f"no prices for any of the {len(members.symbols)} members of {universe}")
    first = min(f.index[0] for f in batch.frames.values())
    stamp = check_as_of(as_of, first)
    result = compute_breadth(batch.frames, len(members.symbols), stamp)
    latest = result.latest()
    history = result.above[50].dropna(subset=["pct"]).iloc[-lookback_days:]
    return {
        "universe": universe,
        "membership_as_of": members.as_of.isoformat() if members.as_of else None,
        "members": len(members.symbols),
        "members_with_data": result.members_with_data,
        "failed": len(batch.failed),
        "date": f"{result.through:%Y-%m-%d}" if result.through is not None else None,
        **{k: (clean(v) if k.startswith("pct") or k == "mcclellan" else v) for k, v in latest.items()},
        "history": [{"date": f"{d:%Y-%m-%d}", "pct_above_50dma": clean(v)}
                    for d, v in history["pct"].items()],
    }
