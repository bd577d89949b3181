"""Loaders of index members: universe lists, member prices (the store's panel first, else in
chunks with a progress bar) and breadth, cached per source, member list and date."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import streamlit as st

from analytics.breadth.measures import Breadth, BreadthHistory, breadth_history, close_panel
from analytics.breadth.stored import stored_breadth
from analytics.data.base import PriceBatch, Universe
from analytics.data.batch import fetch_in_chunks
from ui.loaders import DATA_TTL_S, load_prices
from ui.source import get_source


class _ChunkLoader:
    """Adapts the cached chunk loader to the Source interface for ``fetch_in_chunks``."""

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def prices(self, symbols, start=None) -> PriceBatch:
        return load_prices(self.spec, tuple(symbols))


@dataclass(frozen=True)
class MemberLoad:
    """Which members have prices (sorted), why the others have none, and the span of their
    prices (first and last day any member has a bar; None when none loaded). ``notes`` and
    ``fetched_at`` say how old stored member prices are (a stale universe panel)."""

    loaded: tuple[str, ...]
    failed: dict[str, str]
    first: date | None = None
    last: date | None = None
    notes: tuple[str, ...] = ()
    fetched_at: datetime | None = None


#: Member lists whose load is remembered (the named universes, and uploaded lists, which
#: must not accumulate in a long-running server).
MEMBER_LOADS_KEPT = 32
_MEMO_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def _member_loads() -> OrderedDict:
    """What :func:`load_members` found, per (source, member list), shared by every session:
    it says which members have prices, not anything about a viewer, and a new viewer used to
    unpickle every member's cached prices again just to learn it. Least recently used first."""
    return OrderedDict()


def _stored_members(spec: str, symbols, refresh: bool = False, progress=None, parts: bool = True):
    """Member prices from the store's universe panel (one bulk read; the source keeps the panel
    it read and re-reads only a newly published version), as the panel itself (no frame per
    member is built; with ``parts=False`` the manifest alone); ``None``: no panel covers them."""
    read = getattr(get_source(spec), "member_prices", None)
    return read(list(symbols), progress=progress, refresh=refresh, frames=False, parts=parts) if read else None


def _not_in(stored, symbols) -> list[str]:
    """Members the stored panel neither has prices for nor knows to have failed (loaded in chunks)."""
    if stored is None:
        return list(symbols)
    held = set(stored.held)
    return [s for s in symbols if s not in held and s not in stored.failed]


def load_members(spec: str, symbols: tuple[str, ...], label: str) -> MemberLoad:
    """Load member prices: the store's universe panel first, then any others in chunks (each
    chunk cached), with a progress bar while anything is fetched.

    A networked source brings a stale panel up to date first (or builds it for a universe
    whose list it has), with the progress bar; a store-only source shows the panel as stored.
    The page needs only which members loaded: the breadth itself comes from
    :func:`load_breadth`. The answer is kept in the session for ``DATA_TTL_S``, so a rerun
    (a slider move) reads nothing again.
    """
    key, now = (spec, symbols), time.monotonic()
    memo = _member_loads()
    with _MEMO_LOCK:  # sessions run in threads of one process
        kept = memo.get(key)
        if kept is not None and now - kept[0] < DATA_TTL_S:
            memo.move_to_end(key)
            return kept[1]
    stored = _stored_members(spec, symbols, parts=False)
    bar = None

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Loading {label} member prices: {done} of {total}")

    try:
        if getattr(get_source(spec), "refreshes_members", False) and (stored is None or stored.stale):
            bar = st.progress(0.0, text=f"Updating {label} member prices...")
            stored = _stored_members(spec, symbols, refresh=True, progress=progress, parts=False) or stored
        rest = _not_in(stored, symbols)
        batch = PriceBatch()
        if rest:
            bar = bar or st.progress(0.0, text=f"Loading {label} member prices...")
            batch = fetch_in_chunks(_ChunkLoader(spec), rest, progress=progress)
    finally:
        if bar is not None:
            bar.empty()
    from_panel = stored.held if stored is not None else ()
    failed = {**(stored.failed if stored else {}), **batch.failed}
    spans = [(f.index[0], f.index[-1]) for f in batch.frames.values() if len(f)]
    if from_panel:
        spans.append(stored.span)
    result = MemberLoad(tuple(sorted({*from_panel, *batch.frames})), failed,
                        min(a for a, _ in spans).date() if spans else None,
                        max(b for _, b in spans).date() if spans else None,
                        tuple(stored.notes) if stored else (), stored.fetched_at if stored else None)
    with _MEMO_LOCK:
        memo[key] = (now, result)
        memo.move_to_end(key)
        while len(memo) > MEMBER_LOADS_KEPT:
            memo.popitem(last=False)
    return result


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=16)
def load_universe(spec: str, name: str) -> Universe:
    """Members of a named universe, with the date the list was taken."""
    return get_source(spec).universe(name)


#: A cut after any price: the shared panel holds every date, each as-of view is a slice of it.
_EVERY_DATE = "2200-01-01"


@st.cache_resource(ttl=DATA_TTL_S, show_spinner=False, max_entries=8)
def _whole_member_panel(spec: str, symbols: tuple[str, ...]) -> pd.DataFrame:
    stored = _stored_members(spec, symbols)
    rest = _not_in(stored, symbols)
    if stored is not None and not rest:  # the usual case: one slice of the stored array
        return stored.panel.closes(stored.held, _EVERY_DATE)
    frames = stored.panel.frames(symbols) if stored is not None else {}
    if rest:
        frames.update(fetch_in_chunks(_ChunkLoader(spec), rest).frames)
    return close_panel({s: frames[s] for s in symbols if s in frames}, _EVERY_DATE)


def load_member_panel(spec: str, symbols: tuple[str, ...], as_of: date) -> pd.DataFrame:
    """Wide member closes up to ``as_of``: the store's panel (as load_members left it), the rest
    from the chunk caches load_members filled.

    One panel per member list for every date, shared by all sessions (not a pickled copy per
    date: a viewer replaying a new date used to add megabytes to the server). Cutting the whole
    panel at ``as_of`` is the panel built up to ``as_of``: days without any bar are dropped and
    gaps carried forward looking back only. Under copy-on-write the slice cannot alter it.
    """
    return _whole_member_panel(spec, symbols).loc[: pd.Timestamp(as_of)]


@st.cache_resource(ttl=DATA_TTL_S, show_spinner="Computing breadth...", max_entries=8)
def _whole_breadth(spec: str, symbols: tuple[str, ...]) -> BreadthHistory:
    """Breadth of ``symbols`` over every date of their shared panel, computed once per member
    list (not per viewer's date) and cut at each as-of date; read-only."""
    return breadth_history(_whole_member_panel(spec, symbols), len(symbols))


@st.cache_data(ttl=DATA_TTL_S, show_spinner="Computing breadth...", max_entries=16)
def load_breadth(spec: str, symbols: tuple[str, ...], as_of: date) -> Breadth:
    """Breadth of ``symbols`` as of a date: the store's precomputed breadth of their universe
    cut at the date when the refresh job left one for exactly these members (identical, and no
    panel read), else the whole-history breadth of the same cached panel the baskets use, cut
    at the date (the same numbers as computing it from the panel cut there)."""
    stored = stored_breadth(get_source(spec), symbols, as_of)
    if stored is not None:
        return stored
    return _whole_breadth(spec, symbols).as_of(as_of)


# -- Valuation page -----------------------------------------------------------------------------

#: Fund ratios and member earnings change once a quarter; read again from the source daily.
