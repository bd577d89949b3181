"""A thesis' scorecard over time: every claim's value and verdict on each week (or month).

Each column is the scorecard of its date, computed by the same code as the single-date card
(:func:`analytics.scorecard.card.evaluate_dates`, whose last column *is* the card): a column
reads only data dated on or before it, and the dates share every loaded input (a price or
breadth history is read once and cut at each date). A *flip* is a claim whose verdict turns
from ``supports`` to ``against`` or back; :func:`flips` finds them in any list of records
(a timeline's, or a journal's later), so "what changed" can merge several sources.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from analytics.data.base import Source
from analytics.scorecard.card import ClaimResult, evaluate_dates, result_entry
from analytics.theses.metrics import Context, Loaders, Verdict
from analytics.theses.model import Thesis
from analytics.timeseries import to_timestamp

Every = Literal["week", "month"]
EVERY: tuple[Every, ...] = ("week", "month")
#: Days between weekly columns.
DAYS_PER_WEEK = 7
#: A span longer than this many weeks is drawn by month: more columns than this do not fit a
#: screen's width with a cell each person can hover (three years of weeks).
MAX_WEEKLY_COLUMNS = 160
#: "What changed" looks back this many days from the as-of date (four weeks).
RECENT_DAYS = 28
#: Verdicts between which a change is a flip (``no_data`` is a gap, not a side).
SIDES: tuple[Verdict, ...] = ("supports", "against")


def timeline_dates(start: date | str | pd.Timestamp, end: date | str | pd.Timestamp,
                   every: Every = "week") -> list[pd.Timestamp]:
    """``start``, then every week (``start + 7k`` days) or month (``start + k`` calendar
    months, clipped to a month's last day) up to ``end``, and ``end`` itself last, so the
    last column is the as-of date's card. Empty when ``end`` is before ``start``.
    """
    if every not in EVERY:
        raise ValueError(f"every={every!r}: expected one of {', '.join(EVERY)}")
    first, last = to_timestamp(start), to_timestamp(end)
    if last < first:
        return []
    dates, k = [], 0
    while True:
        day = first + (pd.Timedelta(days=DAYS_PER_WEEK * k) if every == "week" else pd.DateOffset(months=k))
        if day > last:
            break
        dates.append(day)
        k += 1
    if dates[-1] != last:
        dates.append(last)
    return dates


def every_for(start: date | str | pd.Timestamp, end: date | str | pd.Timestamp) -> Every:
    """``week`` unless the span has more than :data:`MAX_WEEKLY_COLUMNS` weeks, then ``month``."""
    weeks = (to_timestamp(end) - to_timestamp(start)).days / DAYS_PER_WEEK
    return "week" if weeks <= MAX_WEEKLY_COLUMNS else "month"


@dataclass(frozen=True)
class Timeline:
    """The claims of a thesis on each date: ``results[claim_id][i]`` is on ``dates[i]``."""

    thesis: Thesis
    dates: list[pd.Timestamp]
    results: dict[str, list[ClaimResult]]
    relative: pd.DataFrame

    def column(self, i: int) -> dict[str, ClaimResult]:
        """Claim id -> result on ``dates[i]`` (the card of that date)."""
        return {claim_id: results[i] for claim_id, results in self.results.items()}

    def supporting(self) -> list[int]:
        """How many claims support the thesis on each date."""
        return [sum(self.results[c.id][i].verdict == "supports" for c in self.thesis.claims)
                for i in range(len(self.dates))]


def relative_performance(source: Source, thesis: Thesis, dates: list[pd.Timestamp],
                         loaders: Loaders | None = None, shared: dict | None = None) -> pd.DataFrame:
    """``(P_long(t) / P_other(t)) / (P_long(t0) / P_other(t0))`` for each leg the trade is
    against: the long leg's growth relative to it since the first date, with ``P(t)`` the last
    close on or before ``t`` (nothing after it). Columns ``LONG/OTHER``; empty without prices."""
    if not dates:
        return pd.DataFrame()
    symbols = list(dict.fromkeys([thesis.trade.long, *thesis.trade.against]))
    ctx = Context.on(source, dates[-1], loaders, shared)
    try:
        closes = ctx.closes(symbols)
    except Exception:  # noqa: BLE001 - a trade without prices leaves the line out, not the timeline
        return pd.DataFrame(index=pd.DatetimeIndex(dates, name="date"))
    on = closes.ffill().reindex(closes.index.union(dates)).ffill().reindex(dates)
    long = on[thesis.trade.long]
    frame = pd.DataFrame({f"{thesis.trade.long}/{other}": long / on[other] for other in thesis.trade.against})
    frame = frame / frame.bfill().iloc[0]
    frame.index.name = "date"
    return frame


def thesis_timeline(source: Source, thesis: Thesis, dates: Iterable[date | str | pd.Timestamp],
                    loaders: Loaders | None = None, known: Timeline | None = None) -> Timeline:
    """Each claim of ``thesis`` on each of ``dates`` (sorted), and the trade's relative line.

    ``known``: a timeline of the same thesis and source whose columns are reused where its
    dates are asked for. A column depends on its date alone (point in time), so the timeline
    to an earlier as-of date is the later one's columns up to it: a click back in time
    computes at most its own date.
    """
    stamps = sorted({to_timestamp(day) for day in dates})
    have = {day: known.column(i) for i, day in enumerate(known.dates)} if known is not None else {}
    todo = [day for day in stamps if day not in have]
    shared: dict = {}
    for day, column in zip(todo, evaluate_dates(source, todo, thesis.claims, loaders, shared)):
        have[day] = {claim.id: result for claim, result in zip(thesis.claims, column)}
    results = {c.id: [have[day][c.id] for day in stamps] for c in thesis.claims}
    return Timeline(thesis, stamps, results, relative_performance(source, thesis, stamps, loaders, shared))


def merged(a: Timeline | None, b: Timeline) -> Timeline:
    """The columns of both (``b``'s where a date is in both), for :func:`thesis_timeline`'s ``known``."""
    if a is None:
        return b
    have = {day: a.column(i) for i, day in enumerate(a.dates)}
    have.update({day: b.column(i) for i, day in enumerate(b.dates)})
    days = sorted(have)
    results = {c.id: [have[day][c.id] for day in days] for c in b.thesis.claims}
    return Timeline(b.thesis, days, results, pd.DataFrame())


def timeline_records(timeline: Timeline) -> list[dict]:
    """One record per date and claim: ``{date, claim, value, verdict, rule}``, as the CSV has them."""
    return [{"date": f"{day:%Y-%m-%d}", "claim": claim.id, "value": timeline.results[claim.id][i].value,
             "verdict": timeline.results[claim.id][i].verdict, "rule": claim.rule}
            for i, day in enumerate(timeline.dates) for claim in timeline.thesis.claims]


def timeline_frame(timeline: Timeline) -> pd.DataFrame:
    """:func:`timeline_records` as a frame (the page's download)."""
    return pd.DataFrame(timeline_records(timeline), columns=["date", "claim", "value", "verdict", "rule"])


@dataclass(frozen=True)
class Flip:
    """A claim whose verdict turned on ``date``: ``before`` was its last side, ``after`` its new one."""

    date: pd.Timestamp
    claim: str
    before: Verdict
    after: Verdict


def flips(records: Iterable[Mapping]) -> list[Flip]:
    """The flips in ``records`` (mappings with ``date``, ``claim`` and ``verdict``, any order).

    For each claim, in date order, a flip is a ``supports`` or ``against`` verdict differing
    from the claim's previous one of those two; ``no_data`` dates are skipped (a gap in the
    data is not a change of mind). Sorted by date, then claim.
    """
    by_claim: dict[str, list[tuple[pd.Timestamp, Verdict]]] = {}
    for record in records:
        by_claim.setdefault(record["claim"], []).append((to_timestamp(record["date"]), record["verdict"]))
    found = []
    for claim, seen in by_claim.items():
        last: Verdict | None = None
        for day, verdict in sorted(seen, key=lambda pair: pair[0]):
            if verdict not in SIDES:
                continue
            if last is not None and verdict != last:
                found.append(Flip(day, claim, last, verdict))
            last = verdict
    return sorted(found, key=lambda f: (f.date, f.claim))


def journal_first(timeline: Iterable[Mapping], journal: Iterable[Mapping]) -> list[Mapping]:
    """The journal's records (what the watch job recorded and alerted on) on the dates they
    cover, and the timeline's on every other date: the records "What changed" reads."""
    journal = list(journal)
    covered = {to_timestamp(r["date"]) for r in journal}
    return [r for r in timeline if to_timestamp(r["date"]) not in covered] + journal


def recent_flips(found: Iterable[Flip], as_of: date | str | pd.Timestamp, days: int = RECENT_DAYS) -> list[Flip]:
    """The flips in the ``days`` before ``as_of`` (inclusive), newest first."""
    end = to_timestamp(as_of)
    start = end - pd.Timedelta(days=days)
    return sorted((f for f in found if start < f.date <= end), key=lambda f: (f.date, f.claim), reverse=True)


def timeline_section_of(timeline: Timeline) -> dict:
    """``{dates, verdicts: {claim: [...]}, values: {claim: [...]}}``: each date's column is that
    date's ``scorecard`` section (values rounded as :func:`result_entry` rounds them)."""
    entries = {c.id: [result_entry(r) for r in timeline.results[c.id]] for c in timeline.thesis.claims}
    return {"dates": [f"{day:%Y-%m-%d}" for day in timeline.dates],
            "verdicts": {cid: [e["verdict"] for e in column] for cid, column in entries.items()},
            "values": {cid: [e["value"] for e in column] for cid, column in entries.items()}}
