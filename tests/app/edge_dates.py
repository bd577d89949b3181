"""The replay dates a source's own data makes awkward, derived from the data, not picked by hand.

For every price series a page draws, and the universe's member prices taken together (the
Breadth page's panel): its first date plus each of
:data:`FIRST_DATE_OFFSETS` days (the first bar, the first week, the first month, about a
trading year and a calendar year, just past it), its last date and the day after it; and
every 1 January and 31 December from the earliest first date to the latest last date. A
control whose range comes from the data is empty, holds one value or starts to widen on
these days (one Santa window is complete a year after the first bar, one average is full
after 250 bars, one year of monthly returns after 366 days).
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from analytics import crypto
from analytics.catalog import CORE_SYMBOLS
from analytics.data import make_source
from analytics.errors import DashboardError

FIRST_DATE_OFFSETS = (0, 1, 5, 30, 250, 365, 366, 400)
#: Every symbol some page draws, the crypto section's alts included.
GRID_SYMBOLS = tuple(dict.fromkeys(CORE_SYMBOLS + (crypto.BTC, *crypto.CANDIDATE_ALTS)))
#: The universe whose members' prices bound the Breadth page.
GRID_UNIVERSE = "sp500"


def _spans(spec: str) -> list[tuple[date, date]]:
    """(first, last) date of every series of ``spec`` a page draws, where it has one."""
    source = make_source(spec)
    spans = {_span(frame["close"]) for frame in source.prices(list(GRID_SYMBOLS)).frames.values()}
    try:
        members = source.universe(GRID_UNIVERSE).symbols
    except DashboardError:
        members = ()  # a source without the universe: the Breadth page says so, at any date
    member_spans = [_span(frame["close"]) for frame in source.prices(list(members)).frames.values()] \
        if members else []
    member_spans = [span for span in member_spans if span]
    if member_spans:  # one panel: its first and last day with any member's price
        spans.add((min(a for a, _ in member_spans), max(b for _, b in member_spans)))
    return sorted(span for span in spans if span)


def _span(values: pd.Series) -> tuple[date, date] | None:
    valid = values.dropna()
    return (valid.index[0].date(), valid.index[-1].date()) if len(valid) else None


def edge_dates(spec: str, earliest: date) -> list[date]:
    """The awkward replay dates of ``spec`` (module docstring), none before ``earliest``."""
    spans = _spans(spec)
    days: set[date] = set()
    for first, last in spans:
        days |= {first + timedelta(days=offset) for offset in FIRST_DATE_OFFSETS}
        days |= {last, last + timedelta(days=1)}
    start, end = min(first for first, _ in spans), max(last for _, last in spans)
    for year in range(start.year, end.year + 1):
        days |= {d for d in (date(year, 1, 1), date(year, 12, 31)) if start <= d <= end}
    return sorted(d for d in days if d >= earliest)
