"""The report's ``breadth`` section: members above their averages, as of a date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.breadth.measures import BreadthHistory, breadth_history, close_panel
from analytics.data.base import Source
from analytics.data.batch import fetch_in_chunks
from analytics.errors import DataUnavailableError
from analytics.report_values import check_as_of, clean

BREADTH_LOOKBACK_DAYS = 252


#: A cut after any price: the members' whole history, cut at each as-of date afterwards.
EVERY_DATE = pd.Timestamp("2200-01-01")


@dataclass(frozen=True)
class BreadthInputs:
    """What the section reads that does not depend on the date: the members, how many had no
    prices, the first day any has one, and their breadth over the whole history."""

    universe: str
    membership_as_of: date | None
    members: int
    failed: int
    first: pd.Timestamp
    history: BreadthHistory


def breadth_inputs(source: Source, universe: str = "sp500") -> BreadthInputs:
    """The members' prices read once and their breadth over every date (cut per date by
    :func:`breadth_section`; a server caches this per source and universe)."""
    members = source.universe(universe)
    batch = fetch_in_chunks(source, members.symbols)
    if not batch.frames:
        raise DataUnavailableError(f"no prices for any of the {len(members.symbols)} members of {universe}")
    first = min(f.index[0] for f in batch.frames.values())
    history = breadth_history(close_panel(batch.frames, EVERY_DATE), len(members.symbols))
    return BreadthInputs(universe, members.as_of, len(members.symbols), len(batch.failed), first, history)


def breadth_section(source: Source, as_of: date | str, universe: str = "sp500",
                    lookback_days: int = BREADTH_LOOKBACK_DAYS, inputs: BreadthInputs | None = None,
                    **_: object) -> dict:
    """Share of a universe's members above their 20/50/200-day averages (fractions), with the
    denominators, and the daily 50-day history for the last ``lookback_days`` trading days.
    ``date`` is the last day any member has a price: earlier than ``as_of`` when the source's
    member prices stop before it, and then every figure is as of ``date``.

    ``inputs`` (:func:`breadth_inputs` of the same source and universe) saves reading the
    members and computing their breadth again for each date; the numbers are the same.
    """
    inputs = inputs or breadth_inputs(source, universe)
    stamp = check_as_of(as_of, inputs.first)
    result = inputs.history.as_of(stamp)
    latest = result.latest()
    history = result.above[50].dropna(subset=["pct"]).iloc[-lookback_days:]
    return {
        "universe": universe,
        "membership_as_of": inputs.membership_as_of.isoformat() if inputs.membership_as_of else None,
        "members": inputs.members,
        "members_with_data": result.members_with_data,
        "failed": inputs.failed,
        "date": f"{result.through:%Y-%m-%d}" if result.through is not None else None,
        **{k: (clean(v) if k.startswith("pct") or k == "mcclellan" else v) for k, v in latest.items()},
        "history": [{"date": f"{d:%Y-%m-%d}", "pct_above_50dma": clean(v)}
                    for d, v in history["pct"].items()],
    }
