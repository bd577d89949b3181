"""The fed funds target through time, its changes, and the cycle events they make.

The FOMC set a single target until 2008-12-15 (FRED ``DFEDTAR``) and a range since
2008-12-16 (``DFEDTARU``/``DFEDTARL``). Cycles are read from the spliced upper bound:
``DFEDTAR`` before :data:`~analytics.data.fred_catalogue.TARGET_RANGE_START`, ``DFEDTARU`` after.

Events (all point in time):

* **first cut**: the first cut after a hike; known on its own date;
* **last hike**: a hike followed by a cut before any further hike; known only from the day of
  the cut that confirms it. Inside a pause the latest hike is just "the latest hike".

An event's date is the first day the new target is in effect.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from analytics.data.fred_catalogue import TARGET_RANGE_START
from analytics.macro.series import EVENTS_SINCE
from analytics.timeseries import to_timestamp

EventKind = Literal["last_hike", "first_cut"]
EVENT_KINDS: tuple[EventKind, ...] = ("last_hike", "first_cut")
EVENT_LABELS = {"last_hike": "Last hike", "first_cut": "First cut"}


@dataclass(frozen=True)
class FedEvent:
    """A cycle turning point."""

    kind: EventKind
    date: pd.Timestamp
    known_from: pd.Timestamp
    target_before: float
    target_after: float

    @property
    def label(self) -> str:
        return f"{EVENT_LABELS[self.kind]} {self.date:%Y-%m-%d}"


@dataclass(frozen=True)
class HikeStatus:
    """The latest hike on or before a date, and whether a cut has confirmed it as the last."""

    date: pd.Timestamp
    target: float
    days_since: int
    confirmed_by: pd.Timestamp | None

    def describe(self) -> str:
        if self.confirmed_by is not None:
            return (f"last hike {self.date:%Y-%m-%d} (to {self.target:.2f}%), confirmed by the cut of "
                    f"{self.confirmed_by:%Y-%m-%d}")
        return (f"latest hike {self.date:%Y-%m-%d} (to {self.target:.2f}%), "
                f"{self.days_since} days without another")


def spliced_target(single: pd.Series | None, upper: pd.Series | None) -> pd.Series:
    """One target series: ``single`` before 2008-12-16, ``upper`` from then on.

    Either part may be missing (``None``): the result then covers only the other one.
    """
    cut = pd.Timestamp(TARGET_RANGE_START)
    parts = []
    if single is not None:
        parts.append(single.dropna().loc[: cut - pd.Timedelta(days=1)])
    if upper is not None:
        parts.append(upper.dropna().loc[cut:])
    if not parts:
        return pd.Series(dtype="float64", index=pd.DatetimeIndex([], name="date"), name="target")
    target = pd.concat(parts).sort_index()
    target = target[~target.index.duplicated(keep="last")]
    target.name = "target"
    return target


def target_changes(target: pd.Series) -> pd.DataFrame:
    """Each change of a step series: ``date`` (first day in effect), ``before``, ``after``, ``change``."""
    values = target.dropna()
    change = values.diff()
    moved = change.fillna(0).abs() > 1e-9
    frame = pd.DataFrame({"before": values.shift(1)[moved], "after": values[moved], "change": change[moved]})
    frame.index.name = "date"
    return frame


def detect_events(changes: pd.DataFrame, since: str | date | pd.Timestamp = EVENTS_SINCE) -> list[FedEvent]:
    """Every last hike and first cut dated on or after ``since``, with the day each is known.

    Walks the changes in order, so a hike before ``since`` still opens a cycle that a later
    cut closes. A cut with no hike since the previous cut starts nothing.
    """
    start = to_timestamp(since)
    events: list[FedEvent] = []
    pending: tuple[pd.Timestamp, pd.Series] | None = None
    for when, row in changes.iterrows():
        if row["change"] > 0:
            pending = (when, row)
        elif row["change"] < 0 and pending is not None:
            hike_date, hike = pending
            events.append(FedEvent("last_hike", hike_date, when, hike["before"], hike["after"]))
            events.append(FedEvent("first_cut", when, when, row["before"], row["after"]))
            pending = None
    return [e for e in events if e.date >= start]


def known_events(events: list[FedEvent], as_of: date | str | pd.Timestamp) -> list[FedEvent]:
    """The events a reader on ``as_of`` could name (a last hike only once confirmed)."""
    stamp = to_timestamp(as_of)
    return sorted((e for e in events if e.known_from <= stamp), key=lambda e: (e.date, e.kind))


def latest_hike(changes: pd.DataFrame, as_of: date | str | pd.Timestamp) -> HikeStatus | None:
    """The latest hike in effect on or before ``as_of`` (``None``: no hike in the data by then)."""
    stamp = to_timestamp(as_of)
    seen = changes.loc[:stamp]
    hikes = seen[seen["change"] > 0]
    if hikes.empty:
        return None
    when = hikes.index[-1]
    cuts_after = seen[(seen.index > when) & (seen["change"] < 0)]
    return HikeStatus(when, float(hikes["after"].iloc[-1]), int((stamp - when).days),
                      cuts_after.index[0] if len(cuts_after) else None)
