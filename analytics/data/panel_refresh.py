"""Bring a universe's member panel up to date: fetch only the missing tail of each member.

Each member already in the panel is asked for bars from its last stored day on: that bar is
compared with the stored close (a changed close means a split or a re-adjusted history, so
that member's whole history is fetched again and replaces the old one) and every later bar
is new. Members new to the universe get their whole history. The new cells go into one new
part and are published by :func:`analytics.data.panel.publish`; a member whose fetch failed
keeps its stored history. One new day for 2,000 members is one small part and one manifest.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from analytics.data.base import Source
from analytics.data.batch import CHUNK_SIZE, Progress, fetch_in_chunks
from analytics.data.panel import Manifest, publish, put_part, read_manifest
from analytics.errors import CacheCorruptError, InvalidSymbolError
from analytics.symbols import validate_symbol

#: A stored close that differs from the provider's by more than this on the same day means
#: the history was re-adjusted (a split, a dividend adjustment): refetch it whole.
SPLIT_TOLERANCE = 1e-3
#: Members whose last bar trails the newest by more than this are asked for their own tail
#: (a halted or delisted member must not make every other member fetch months of bars).
LAGGING_AFTER = timedelta(days=7)


@dataclass
class PanelRefresh:
    """What one refresh of a panel did, member by member."""

    universe: str
    fetched: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    manifest: Manifest | None = None


def _tail_groups(known: Sequence[str], last: dict[str, tuple[str, float]]) -> list[tuple[pd.Timestamp, list[str]]]:
    """Members split into those near the newest last bar and the laggards, each with a start."""
    if not known:
        return []
    dates = {s: pd.Timestamp(last[s][0]) for s in known}
    newest = max(dates.values())
    current = [s for s in known if newest - dates[s] <= LAGGING_AFTER]
    lagging = [s for s in known if newest - dates[s] > LAGGING_AFTER]
    groups = [(min(dates[s] for s in current), current)]
    if lagging:
        groups.append((min(dates[s] for s in lagging), lagging))
    return groups


Bars = tuple[np.ndarray, np.ndarray]  # (dates as datetime64[ns], closes), sorted, no NaN


def _bars(frame: pd.DataFrame) -> Bars:
    """A member frame's dated closes as two arrays: numpy from here on, no per-member pandas
    indexing (which, times 2,000 members, cost more than the whole refresh otherwise)."""
    dates = frame.index.to_numpy("datetime64[ns]")
    closes = frame["close"].to_numpy("float64")
    keep = ~np.isnan(closes)
    return (dates, closes) if keep.all() else (dates[keep], closes[keep])


def _columns(bars: dict[str, Bars]) -> tuple[pd.DatetimeIndex, dict[str, np.ndarray]]:
    """Align member closes on their union of dates (one shared calendar in the usual case)."""
    calendars = [d for d, _ in bars.values()]
    union = calendars[0]
    for dates in calendars[1:]:
        if not (len(dates) == len(union) and (dates == union).all()):
            union = np.union1d(union, dates)
    out = {}
    for symbol, (dates, closes) in bars.items():
        if len(dates) == len(union) and (dates == union).all():
            out[symbol] = closes
        else:
            column = np.full(len(union), np.nan)
            column[np.searchsorted(union, dates)] = closes
            out[symbol] = column
    return pd.DatetimeIndex(union, name="date"), out


def refresh_panel(upstream: Source, store, universe: str, members: Sequence[str],
                  progress: Progress | None = None, now: Callable[[], datetime] = datetime.now,
                  chunk_size: int = CHUNK_SIZE) -> PanelRefresh:
    """Fetch what the ``universe`` panel lacks from ``upstream`` and publish it.

    ``progress(done, total)`` counts members over every fetch (tails, then full histories).
    """
    result = PanelRefresh(universe)
    valid = []
    for raw in dict.fromkeys(members):
        try:
            valid.append(validate_symbol(raw))
        except InvalidSymbolError:
            result.failed[str(raw)[:20]] = "not a valid ticker"
    try:
        manifest = read_manifest(store, universe)
    except CacheCorruptError:
        manifest = None  # rebuilt from scratch; the unreadable manifest is replaced below
    last = dict(manifest.last) if manifest else {}
    known = [s for s in valid if s in last]
    total, done = len(valid), 0

    def step(offset: int) -> Progress | None:
        return (lambda d, _t: progress(offset + d, total)) if progress else None

    new: dict[str, Bars] = {}
    resplit: list[str] = []
    for start, group in _tail_groups(known, last):
        batch = fetch_in_chunks(upstream, group, chunk_size, step(done), start.date(), use_panels=False)
        done += len(group)
        result.failed.update(batch.failed)
        for symbol, frame in batch.frames.items():
            dates, closes = _bars(frame)
            day, stored = np.datetime64(last[symbol][0], "ns"), last[symbol][1]
            at = int(np.searchsorted(dates, day))
            same_day = at < len(dates) and dates[at] == day
            if same_day and abs(closes[at] / stored - 1) > SPLIT_TOLERANCE:
                resplit.append(symbol)
                continue
            first_new = at + 1 if same_day else at
            if first_new >= len(dates):
                result.unchanged.append(symbol)
            else:
                new[symbol] = (dates[first_new:], closes[first_new:])
    whole = [s for s in valid if s not in last] + resplit
    if whole:
        batch = fetch_in_chunks(upstream, whole, chunk_size, step(done), None, use_panels=False)
        result.failed.update(batch.failed)
        for symbol, frame in batch.frames.items():
            dates, closes = _bars(frame)
            if not len(dates):
                result.failed[symbol] = "no closes"
            else:
                new[symbol] = (dates, closes)
                result.failed.pop(symbol, None)
    if not new and not result.unchanged:
        result.manifest = manifest  # nothing answered: the stored panel stays as it was, and as old
        return result
    parts = []
    if new:
        dates, columns = _columns(new)
        parts.append(put_part(store, universe, dates, columns, [s for s in resplit if s in new]))
    result.fetched = sorted(new)
    bars = {s: (str(d[-1].astype("datetime64[D]")), float(c[-1])) for s, (d, c) in new.items()}
    firsts = {s: str(d[0].astype("datetime64[D]")) for s, (d, _) in new.items()}
    result.manifest = publish(store, universe, valid, parts, bars, result.failed, now(),
                              replaced=[s for s in resplit if s in new], first=firsts)
    return result
