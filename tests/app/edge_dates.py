"""The replay dates a source's own data makes awkward, derived from the data, not picked by hand.

For every price series a page draws, and the universe's member prices taken together (the
Breadth page's panel): its first date plus each of
:data:`FIRST_DATE_OFFSETS` days (the first bar, the first week, the first month, about a
trading year and a calendar year, just past it), its last date and the day after it; and
every 1 January and 31 December from the earliest first date to the latest last date; the day
before each first date; and the article's date, the weekend after it, a market holiday and today. A
control whose range comes from the data is empty, holds one value or starts to widen on
these days (one Santa window is complete a year after the first bar, one average is full
after 250 bars, one year of monthly returns after 366 days).
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from analytics.catalog import CORE_SYMBOLS, THESIS_DATE
from analytics.data import make_source
from analytics.errors import DashboardError
from analytics.seasonality import crypto

FIRST_DATE_OFFSETS = (0, 1, 5, 30, 250, 365, 366, 400)
#: A weekday the market was closed (Christmas 2023, a Monday).
MARKET_HOLIDAY = date(2023, 12, 25)
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


def edge_dates(spec: str, earliest: date, every_year: bool = True) -> list[date]:
    """The awkward replay dates of ``spec`` (module docstring), none before ``earliest``.

    ``every_year=False`` keeps 1 January and 31 December only in the first two and the last
    calendar year of each series: where a year-bound range (a Santa window, a YTD window, a
    year of monthly returns) can be empty or hold one value. A year boundary in the middle of
    a long history widens no range from one value, and on the demo's 27 years those dates
    are two thirds of the grid's cost (``EDGE_GRID=full`` runs them all).
    """
    spans = _spans(spec)
    days: set[date] = set()
    for first, last in spans:
        days |= {first + timedelta(days=offset) for offset in FIRST_DATE_OFFSETS}
        days |= {last, last + timedelta(days=1)}
    start, end = min(first for first, _ in spans), max(last for _, last in spans)
    for first, _ in spans:
        days.add(first - timedelta(days=1))  # the day before a series starts
    # Days no series marks but a replay meets: the article's date, the weekend after it, a
    # market holiday, and today (a link to "now" on a source whose data ends earlier).
    thesis = date.fromisoformat(THESIS_DATE)
    days |= {thesis, thesis + timedelta(days=(5 - thesis.weekday()) % 7 or 7), MARKET_HOLIDAY, date.today()}
    if every_year:
        years = set(range(start.year, end.year + 1))
    else:
        years = {y for first, last in spans for y in (first.year, first.year + 1, last.year)}
    for year in years:
        days |= {d for d in (date(year, 1, 1), date(year, 12, 31)) if start <= d <= end}
    return sorted(d for d in days if d >= earliest)
