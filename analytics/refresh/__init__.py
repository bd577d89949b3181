"""The refresh job: fill the store with everything the pages read, then say what it did.

``python -m analytics refresh --all`` runs :func:`run_refresh` over every kind, in this order:
member lists (``universes``), core and extra symbols' prices (``prices``), each universe's
member panel (``members``), FRED series (``fred``), fund holdings (``holdings``) and fund
data with today's valuation record (``funds``). It holds the store's lease while it works
(a second job at the same moment stops, or waits with ``--wait``), prints one line per kind
(``fetched``: new data stored; ``unchanged``: checked, nothing new, its age renewed;
``failed``: the stored copy, if any, kept) and returns the exit status: 0 when everything
succeeded, 1 when something failed (the rest is stored), 2 when the job could not start.

Offline, a live upstream is wrapped in a :class:`~analytics.data.outage.HostGuard`: a host
that cannot be reached is asked nothing more, a kind whose hosts are all down is skipped, and
one ``network:`` line says so (:mod:`analytics.refresh.summary`). Each kind runs under a time
budget (:func:`~analytics.data.ratelimit.load_budget`): past it the kind keeps what it got and
the next run continues.
"""
from __future__ import annotations

import io
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TextIO

import pyarrow.parquet as pq

from analytics.breadth.stored import store_breadth
from analytics.catalog import CORE_SYMBOLS, HOLDINGS_FUNDS, THESIS_SYMBOLS
from analytics.data.base import Source
from analytics.data.batch import Progress, fetch_in_chunks
from analytics.data.cached import CachedSource
from analytics.data.fred_catalogue import FRED_SERIES
from analytics.data.lease import LeaseHeldError, acquire
from analytics.data.live import FRED_HOST, ISHARES_HOST, WIKIPEDIA_HOST, YAHOO_HOST
from analytics.data.outage import HostGuard
from analytics.data.panel_refresh import refresh_panel
from analytics.data.ratelimit import SYSTEM_CLOCK, Clock, load_budget
from analytics.data.store import Store, frame_to_parquet
from analytics.errors import CacheCorruptError, DashboardError, InvalidSymbolError
from analytics.refresh.summary import KindSummary, TerminalBar, print_outage, print_summary
from analytics.symbols import validate_symbol

Kind = Literal["universes", "prices", "members", "fred", "holdings", "funds"]
ALL_KINDS: tuple[Kind, ...] = ("universes", "prices", "members", "fred", "holdings", "funds")
EXIT_OK, EXIT_SOME_FAILED, EXIT_CANNOT_START = 0, 1, 2
#: The hosts each kind needs from the live source: a kind whose hosts are all down is skipped.
KIND_HOSTS: dict[str, tuple[str, ...]] = {
    "universes": (ISHARES_HOST, WIKIPEDIA_HOST), "prices": (YAHOO_HOST,), "members": (YAHOO_HOST,),
    "fred": (FRED_HOST,), "holdings": (ISHARES_HOST,), "funds": (YAHOO_HOST,)}


@dataclass(frozen=True)
class RefreshPlan:
    """What to refresh: the kinds, the symbols besides the core set, the universes."""

    kinds: tuple[Kind, ...] = ALL_KINDS
    symbols: tuple[str, ...] = ()
    universes: tuple[str, ...] = ()


def _same_content(entry, frame) -> bool:
    """Whether ``frame`` stored would read back equal to the stored ``entry``."""
    if entry is None:
        return False
    again = pq.read_table(io.BytesIO(frame_to_parquet(frame, {}))).to_pandas()
    return again.equals(entry.frame)


class _ForcedRefresh(CachedSource):
    """A cached source that always fetches (the job's whole point) and records what changed.

    A failed fetch raises, so the caller counts it; the stored copy is left as it was.
    """

    def __init__(self, upstream: Source, store: Store, now: Callable[[], datetime]) -> None:
        super().__init__(upstream, store, now)
        self.outcome: dict[tuple[str, str], str] = {}

    def _cached_call(self, kind, key, fetch, to_frame, from_entry):
        try:
            entry = self.store.read(kind, key)
        except CacheCorruptError:
            entry = None
        value = fetch()
        frame, meta = to_frame(value)
        self.outcome[(kind, key)] = "unchanged" if _same_content(entry, frame) else "fetched"
        self.store.write(kind, key, frame, meta, fetched_at=self._now())
        return value


def refresh_prices(upstream: Source, store: Store, symbols: Sequence[str], progress: Progress | None,
                   now: datetime) -> KindSummary:
    """Each symbol's missing tail (its whole history when new or re-adjusted), stored."""
    summary = KindSummary("prices")
    valid = []
    for raw in dict.fromkeys(symbols):
        try:
            valid.append(validate_symbol(raw))
        except InvalidSymbolError as exc:
            summary.failed[str(raw)[:20]] = str(exc)
    cached = {s: (None if isinstance(e, CacheCorruptError) else e)
              for s, e in store.read_many("prices", valid).items()}
    present = [s for s in valid if cached[s] is not None and len(cached[s].frame)]
    writes, resplit = {}, []
    if present:
        start = min(cached[s].frame.index.max() for s in present).date()
        tail = fetch_in_chunks(upstream, present, progress=progress, start=start, use_panels=False)
        summary.failed.update(tail.failed)
        for symbol, new in tail.frames.items():
            old = cached[symbol].frame
            merged = CachedSource._merge_tail(old, new)
            if merged is None:
                resplit.append(symbol)
                continue
            (summary.unchanged if len(merged) == len(old) and merged.index[-1] == old.index[-1]
             else summary.fetched).append(symbol)
            writes[symbol] = merged
    whole = [s for s in valid if s not in present] + resplit
    if whole:
        full = fetch_in_chunks(upstream, whole, progress=progress, use_panels=False)
        summary.failed.update(full.failed)
        for symbol, frame in full.frames.items():
            writes[symbol] = frame
            summary.fetched.append(symbol)
            summary.failed.pop(symbol, None)
    for symbol, frame in writes.items():
        store.write("prices", symbol, frame, fetched_at=now)
    return summary


def _whole_objects(kind: Kind, forced: _ForcedRefresh, keys: Sequence[str],
                   call: Callable[[str], object]) -> KindSummary:
    summary = KindSummary(kind)
    for key in keys:
        try:
            call(key)
        except DashboardError as exc:
            summary.failed[key] = str(exc)
            continue
        outcome = next(iter(forced.outcome.values()), "fetched")
        (summary.unchanged if outcome == "unchanged" else summary.fetched).append(key)
        forced.outcome.clear()
    return summary


def refresh_members(upstream: Source, store: Store, lists: Mapping[str, Sequence[str]],
                    bar: TerminalBar, now: Callable[[], datetime]) -> KindSummary:
    """Every universe's member panel brought up to date (one new part per universe)."""
    summary = KindSummary("members")
    for name, members in lists.items():
        try:
            result = refresh_panel(upstream, store, name, members, bar(f"members {name}"), now)
        except DashboardError as exc:
            summary.failed[f"{name} panel"] = str(exc)
            continue
        summary.fetched += result.fetched
        summary.unchanged += result.unchanged
        summary.failed.update(result.failed)
        if result.manifest is not None and not store_breadth(store, result.manifest):
            summary.detail.append(f"{name}: breadth not precomputed (the page computes it)")
        through = result.manifest.through if result.manifest else None
        summary.detail.append(f"{name}: {len(members)} members, prices through "
                              f"{through:%Y-%m-%d}" if through is not None else f"{name}: no member prices")
    return summary


def refresh_funds(upstream: Source, store: Store, forced: _ForcedRefresh) -> KindSummary:
    """Fund data of the thesis funds and today's valuation record (IWM's bottom-up P/E too)."""
    summary = KindSummary("funds")
    try:
        from analytics.valuation.history import history_namespace, refresh_valuations
        from analytics.valuation.report import iwm_bottom_up
    except ImportError as exc:
        summary.failed["valuation"] = f"the valuation module is not available ({exc.name})"
        return summary

    def bottom_up() -> dict[str, object]:
        cached = CachedSource(upstream, store)  # member EPS rows keep their own lifetime
        try:
            return {"IWM": iwm_bottom_up(cached, cached.holdings("IWM").frame)}
        except DashboardError as exc:
            summary.failed["IWM bottom-up"] = str(exc)
            return {}

    try:
        result = refresh_valuations(forced, store, namespace=history_namespace(upstream.info().kind),
                                    bottom_up=bottom_up)
    except DashboardError as exc:
        summary.failed["valuation"] = str(exc)
        return summary
    summary.failed.update(result.failed)
    summary.fetched += [s for s in THESIS_SYMBOLS if s not in result.failed]
    summary.detail.append(f"valuation: {result.recorded} values recorded, history of {result.history_days} days")
    return summary


def _member_lists(store: Store, universes: Sequence[str], fetched: Mapping[str, Sequence[str]]) -> dict:
    """Member lists: as just fetched, else as stored (a failed list fetch keeps the last one)."""
    lists = {}
    for name in universes:
        if name in fetched:
            lists[name] = fetched[name]
            continue
        try:
            entry = store.read("universes", name)
        except CacheCorruptError:
            entry = None
        if entry is not None:
            lists[name] = tuple(entry.frame["symbol"])
    return lists


def run_refresh(upstream: Source, store: Store, plan: RefreshPlan, out: TextIO | None = None,
                bar: TerminalBar | None = None, now: Callable[[], datetime] = datetime.now,
                wait_s: float = 0.0, budget_s: float | None = None, clock: Clock = SYSTEM_CLOCK) -> int:
    """Refresh every kind in ``plan`` under the store's lease; print the summary; exit status.

    Each kind runs under a time budget of ``budget_s`` seconds (``None``: none): past it, the
    kind stops asking, keeps what it got and the next run continues where it stopped.
    """
    out = out or sys.stdout
    bar = bar or TerminalBar()
    try:
        store.objects.check()
        lease = acquire(store, wait_s=wait_s)
    except LeaseHeldError as exc:
        print(f"refresh: {exc}; nothing refreshed", file=out)
        return EXIT_SOME_FAILED
    summaries: list[KindSummary] = []
    # Offline, the first failure per host stops that host's work (not 2,000 failures one by one).
    guard = HostGuard(upstream) if callable(getattr(upstream, "host_for", None)) else None
    upstream = guard or upstream
    forced = _ForcedRefresh(upstream, store, now)
    fetched_lists: dict[str, tuple[str, ...]] = {}
    with lease:
        for kind in plan.kinds:
            if guard and guard.down and all(h in guard.down for h in KIND_HOSTS.get(kind, ("",))):
                print(f"{kind}: skipped, {' and '.join(KIND_HOSTS[kind])} unreachable", file=out)
                continue
            try:
                with load_budget(budget_s, clock):
                    summary = _refresh_kind(kind, upstream, store, plan, forced, fetched_lists, bar, now)
            except DashboardError as exc:  # the store failed mid-way: this kind failed, go on
                summary = KindSummary(kind, failed={kind: str(exc)})
            summaries.append(summary)
            print_summary(summary, out, guard)
            try:
                lease.renew()
            except LeaseHeldError as exc:
                print(f"refresh: {exc}; stopped after {kind}", file=out)
                return EXIT_SOME_FAILED
    print_outage(guard, summaries, out)
    return EXIT_SOME_FAILED if any(s.failed for s in summaries) else EXIT_OK


def _refresh_kind(kind: Kind, upstream: Source, store: Store, plan: RefreshPlan, forced: _ForcedRefresh,
                  fetched_lists: dict[str, tuple[str, ...]], bar: TerminalBar,
                  now: Callable[[], datetime]) -> KindSummary:
    if kind == "universes":
        def fetch_list(name: str) -> None:
            fetched_lists[name] = forced.universe(name).symbols
        return _whole_objects("universes", forced, plan.universes, fetch_list)
    if kind == "prices":
        return refresh_prices(upstream, store, list(CORE_SYMBOLS) + list(plan.symbols), bar("prices"), now())
    if kind == "members":
        lists = _member_lists(store, plan.universes, fetched_lists)
        summary = refresh_members(upstream, store, lists, bar, now)
        summary.failed.update({f"{u} members": "no member list (fetched or stored)"
                               for u in plan.universes if u not in lists})
        return summary
    if kind == "fred":
        return _whole_objects("fred", forced, list(FRED_SERIES), forced.fred)
    if kind == "holdings":
        return _whole_objects("holdings", forced, list(HOLDINGS_FUNDS), forced.holdings)
    if kind == "funds":
        return refresh_funds(upstream, store, forced)
    raise ValueError(f"unknown refresh kind {kind!r}; expected one of {ALL_KINDS}")
