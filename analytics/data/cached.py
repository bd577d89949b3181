"""Sources backed by the :class:`~analytics.data.store.Store` (a directory or ``s3://``).

``CachedSource`` puts the store in front of a network source: fresh copies are served from
the store, stale price histories are extended by fetching only the missing tail, and a failed
refresh keeps the last good copy with a note saying how old it is. ``CacheOnlySource``
serves whatever the store holds: offline, or on app replicas that a refresh job keeps warm.
Both answer a universe's member prices from its panel in one bulk read (``member_prices``).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

import pandas as pd

from analytics.data.base import ADJ_CLOSE, Holdings, PriceBatch, Source, SourceInfo, Universe
from analytics.data.store import STALE_AFTER, TTL
from analytics.errors import CacheCorruptError, DashboardError, DataUnavailableError
from analytics.symbols import validate_symbol, validate_symbols

log = logging.getLogger(__name__)

#: A refresh asks for bars from the last cached one on: that one bar is compared with the
#: cache (a changed close means a split, so the whole history is refetched) and every later
#: bar is new. One new day costs one bar plus the check.
TAIL_OVERLAP_DAYS = 0
SPLIT_TOLERANCE = 1e-3


def _age_text(fetched_at: datetime, now: datetime) -> str:
    hours = (now - fetched_at).total_seconds() / 3600
    if hours < 1:
        return f"{max(1, round(hours * 60))} min old"
    if hours < 48:
        return f"{hours:.0f} h old"
    return f"{hours / 24:.0f} days old"


def _frame_to_series(frame: pd.DataFrame, name: str) -> pd.Series:
    series = frame["value"].astype("float64")
    series.index = pd.DatetimeIndex(series.index, name="date")
    series.name = name
    return series


def _trim(frame: pd.DataFrame, start: date | None) -> pd.DataFrame:
    return frame if start is None else frame.loc[pd.Timestamp(start):]


class CachedSource:
    """A network source with a disk cache in front of it."""

    def __init__(self, upstream: Source, store, now: Callable[[], datetime] = datetime.now) -> None:
        self.upstream = upstream
        self.store = store
        self._now = now
        #: Member panels read so far, by universe (see ``member_prices``).
        self._panels: dict = {}
        if callable(getattr(upstream, "fred_releases", None)):
            self.fred_vintage = self._fred_vintage

    def info(self) -> SourceInfo:
        base = self.upstream.info()
        return SourceInfo(kind=base.kind, label=base.label, fetched_at=self._now(),
                          detail=f"store: {self.store.url}")

    # -- prices -------------------------------------------------------------------------------

    def _read(self, kind: str, key: str, notes: list[str]):
        try:
            return self.store.read(kind, key)
        except CacheCorruptError as exc:
            notes.append(f"{exc}; refetched")
            return None

    def _read_many(self, kind: str, keys: list[str], notes: list[str]) -> dict:
        """:meth:`_read` of many keys in one concurrent round (object storage answers in parallel)."""
        out = {}
        for key, entry in self.store.read_many(kind, keys).items():
            if isinstance(entry, CacheCorruptError):
                notes.append(f"{entry}; refetched")
                entry = None
            out[key] = entry
        return out

    #: Whether ``member_prices`` may fetch (the app refreshes a stale panel with a progress bar).
    refreshes_members = True

    def member_prices(self, symbols: Sequence[str], progress=None, refresh: bool = True,
                      frames: bool = True, parts: bool = True) -> PriceBatch | None:
        """Member closes from the covering universe panel, refreshed first when older than the
        prices lifetime (``refresh``); ``None`` when no panel or stored member list covers them.
        See :func:`analytics.data.panel_source.member_prices`."""
        from analytics.data.panel_source import member_prices

        return member_prices(self.store, symbols, upstream=self.upstream, max_age=TTL["prices"],
                             now=self._now, progress=progress, refresh=refresh, memo=self._panels,
                             frames=frames, parts=parts)

    def warm(self) -> None:
        """Open the store and read its panel manifests, as a server's first page would (the
        object-store client loads its service models on first use, about a second)."""
        from analytics.catalog import UNIVERSES
        from analytics.data.panel import read_manifests

        read_manifests(self.store, UNIVERSES)

    def member_companion(self, symbols: Sequence[str], name: str) -> bytes | None:
        """The object ``name`` a refresh job stored beside the panel covering ``symbols``, for the
        panel version now published; ``None`` when there is none. See
        :func:`analytics.data.panel_source.member_companion`."""
        from analytics.data.panel_source import member_companion

        return member_companion(self.store, symbols, name)

    def _fetch(self, symbols: list[str], start: date | None, failed: dict[str, str]) -> dict:
        if not symbols:
            return {}
        try:
            batch = self.upstream.prices(symbols, start)
        except DashboardError as exc:
            failed.update({s: str(exc) for s in symbols})
            return {}
        except Exception as exc:  # a provider library bug must not take the page down
            log.exception("price fetch failed")
            failed.update({s: f"unexpected {type(exc).__name__}" for s in symbols})
            return {}
        failed.update(batch.failed)
        return batch.frames

    def prices(self, symbols: Sequence[str], start: date | None = None) -> PriceBatch:
        now = self._now()
        result = PriceBatch()
        cached = self._read_many("prices", validate_symbols(symbols), result.notes)
        missing = [s for s, e in cached.items() if e is None]
        stale = [s for s, e in cached.items() if e is not None and not e.is_fresh("prices", now)]
        failed: dict[str, str] = {}
        fetched = self._fetch(missing, None, failed)
        if stale:
            tail_start = min(cached[s].frame.index.max() for s in stale).date()
            tail = self._fetch(stale, tail_start - timedelta(days=TAIL_OVERLAP_DAYS), failed)
            resplit = []
            for symbol, new in tail.items():
                merged = self._merge_tail(cached[symbol].frame, new)
                if merged is None:
                    resplit.append(symbol)
                else:
                    fetched[symbol] = merged
            fetched.update(self._fetch(resplit, None, failed))
        for symbol, frame in fetched.items():
            self._save("prices", symbol, frame, None, now, result.notes)
            failed.pop(symbol, None)
        oldest = now if fetched else None
        for symbol, entry in cached.items():
            if symbol in fetched:
                result.frames[symbol] = _trim(fetched[symbol], start)
            elif entry is not None:
                result.frames[symbol] = _trim(entry.frame, start)
                oldest = min(oldest or entry.fetched_at, entry.fetched_at)
                if symbol in failed:
                    result.stale = True
                    result.notes.append(
                        f"{symbol}: refresh failed ({failed[symbol]}); showing the copy cached "
                        f"{entry.fetched_at:%Y-%m-%d %H:%M} ({_age_text(entry.fetched_at, now)})"
                    )
            else:
                result.failed[symbol] = failed.get(symbol, "no data")
        result.fetched_at = oldest
        return result

    @staticmethod
    def _merge_tail(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame | None:
        """Append ``new`` to ``old``; ``None`` if overlapping closes disagree (a split).

        Adjusted closes are scaled back from the present, so a dividend in the tail lowers
        every older ``adj_close`` by one factor: the older rows are rescaled by
        ``new / old`` on the first overlapping day, or ``None`` (fetch it all) when the
        overlap cannot tell the factor or the cached copy has no adjusted closes.
        """
        if new.empty:
            return old
        overlap = old.index.intersection(new.index)
        if len(overlap):
            ratio = (new.loc[overlap, "close"] / old.loc[overlap, "close"] - 1).abs()
            if float(ratio.max()) > SPLIT_TOLERANCE:
                return None
        head = old.loc[old.index < new.index[0]]
        if ADJ_CLOSE in new.columns and new[ADJ_CLOSE].notna().any():
            if ADJ_CLOSE not in head.columns or head[ADJ_CLOSE].isna().all():
                return None  # cached before adjusted closes were kept: fetch it whole once
            factor = (new[ADJ_CLOSE].reindex(overlap) / old[ADJ_CLOSE].reindex(overlap)).dropna()
            if factor.empty:
                return None
            head = head.assign(**{ADJ_CLOSE: head[ADJ_CLOSE] * float(factor.iloc[0])})
        return pd.concat([head, new])

    # -- everything else: whole-object refresh ------------------------------------------------

    def _cached_call(self, kind: str, key: str, fetch: Callable[[], object],
                     to_frame: Callable[[object], tuple[pd.DataFrame, dict]],
                     from_entry: Callable[[object, str], object]):
        notes: list[str] = []
        entry = self._read(kind, key, notes)
        now = self._now()
        if entry is not None and entry.is_fresh(kind, now):
            return from_entry(entry, "")
        try:
            value = fetch()
        except DashboardError as exc:
            if entry is None:
                raise
            return from_entry(entry, f"{key}: refresh failed ({exc}); showing the copy cached "
                                     f"{entry.fetched_at:%Y-%m-%d %H:%M} ({_age_text(entry.fetched_at, now)})")
        frame, meta = to_frame(value)
        if not self._save(kind, key, frame, meta, now, notes) and hasattr(value, "attrs"):
            value.attrs["note"] = notes[-1]
        return value

    def _save(self, kind: str, key: str, frame: pd.DataFrame, meta: dict | None, now: datetime,
              notes: list[str]) -> bool:
        """Write a fresh answer to the store; a store that cannot take it (full, read-only,
        unreachable) costs the cache, not the answer: the page still shows it, with a note."""
        try:
            self.store.write(kind, key, frame, meta, fetched_at=now)
        except (DashboardError, OSError) as exc:
            log.warning("store write failed for %s/%s: %s", kind, key, type(exc).__name__)
            notes.append(f"{key}: the store could not save this answer ({exc}); showing it without a cached copy")
            return False
        return True

    def fred(self, series_id: str) -> pd.Series:
        def from_entry(entry, note):
            series = _frame_to_series(entry.frame, series_id)
            if note:
                series.attrs["note"] = note
            return series

        return self._cached_call(
            "fred", series_id, lambda: self.upstream.fred(series_id),
            lambda s: (s.rename("value").to_frame(), {}), from_entry,
        )

    def _fred_vintage(self, series_id: str, as_of: date) -> pd.Series:
        """The series as FRED showed it on ``as_of`` (ALFRED), from all its releases, cached
        as one frame per series so every as-of date is answered from one download."""
        from analytics.data.fred import validate_series_id, vintage_as_of

        series_id = validate_series_id(series_id)
        releases = self._cached_call(
            "fred", f"ALFRED_{series_id}", lambda: self.upstream.fred_releases(series_id),
            lambda frame: (frame, {}), lambda entry, note: entry.frame,
        )
        return vintage_as_of(releases, as_of, series_id)

    def holdings(self, fund: str) -> Holdings:
        fund = validate_symbol(fund)

        def from_entry(entry, note):
            as_of = entry.meta.get("as_of")
            return Holdings(fund, entry.frame.reset_index(drop=True),
                            date.fromisoformat(as_of) if as_of else None, note)

        return self._cached_call(
            "holdings", fund, lambda: self.upstream.holdings(fund),
            lambda h: (h.frame, {"as_of": h.as_of.isoformat() if h.as_of else None}), from_entry,
        )

    def universe(self, name: str) -> Universe:
        def from_entry(entry, note):
            as_of = entry.meta.get("as_of")
            return Universe(name, tuple(entry.frame["symbol"]),
                            date.fromisoformat(as_of) if as_of else None, note)

        return self._cached_call(
            "universes", name, lambda: self.upstream.universe(name),
            lambda u: (pd.DataFrame({"symbol": list(u.symbols)}),
                       {"as_of": u.as_of.isoformat() if u.as_of else None}), from_entry,
        )


    # -- fund data (kind "funds"): whole-object refresh per fund, per stock for member EPS ------

    def fund_data(self, symbol: str):
        from analytics.data.funds import FundData

        symbol = validate_symbol(symbol)
        return self._cached_call(
            "funds", f"{symbol}.fund", lambda: self.upstream.fund_data(symbol), lambda f: f.to_frame(),
            lambda entry, note: FundData.from_frame(symbol, entry.frame, entry.meta, entry.fetched_at, note),
        )

    def equity_fundamentals(self, symbols: Sequence[str]):
        """Member EPS, one cached row per stock: fresh rows served, the rest fetched in one call;
        a failed fetch keeps the stale rows with a note."""
        from analytics.data.funds import FundamentalsBatch, fundamentals_frame

        now, result, rows, stale = self._now(), FundamentalsBatch(), {}, {}
        valid = validate_symbols(symbols)
        entries = self._read_many("funds", [f"{s}.eps" for s in valid], result.notes)  # one round
        for symbol in valid:
            entry = entries[f"{symbol}.eps"]
            if entry is not None and entry.is_fresh("funds", now):
                rows[symbol] = entry.frame.iloc[0].to_dict()
                result.fetched_at = min(result.fetched_at or entry.fetched_at, entry.fetched_at)
            else:
                stale[symbol] = entry
        if stale:
            try:
                fetched = self.upstream.equity_fundamentals(list(stale))
            except DashboardError as exc:
                fetched = FundamentalsBatch(failed={s: str(exc) for s in stale})
            for symbol, row in fetched.frame.iterrows():
                self.store.write("funds", f"{symbol}.eps", row.to_frame().T, fetched_at=now)
                rows[symbol] = row.to_dict()
                result.fetched_at = min(result.fetched_at or now, now)
            for symbol, why in fetched.failed.items():
                entry = stale.get(symbol)
                if entry is None:
                    result.failed[symbol] = why
                    continue
                rows[symbol] = entry.frame.iloc[0].to_dict()
                result.fetched_at = min(result.fetched_at or entry.fetched_at, entry.fetched_at)
                result.notes.append(f"{symbol}: refresh failed ({why}); using EPS cached "
                                    f"{entry.fetched_at:%Y-%m-%d}")
        result.frame = fundamentals_frame(rows)
        return result


class _NoNetwork:
    """Upstream for :class:`CacheOnlySource`: every fetch fails, so only the cache answers."""

    def info(self) -> SourceInfo:
        return SourceInfo(kind="cache", label="Cached data (offline)")

    def _fail(self, *_args, **_kwargs):
        raise DataUnavailableError("offline: not in the local cache")

    prices = fred = holdings = universe = fund_data = equity_fundamentals = _fail


class CacheOnlySource(CachedSource):
    """Serves the store as it is, never fetching.

    ``offline=True`` (the fallback of ``auto``): every copy is shown as stale, since nothing
    could refresh it. ``offline=False`` (``--source cache``: app replicas reading a store that
    a refresh job keeps warm): a copy is stale only past :data:`~analytics.data.store.STALE_AFTER`,
    so a missed job run shows and a fresh store does not raise a false alarm.
    """

    refreshes_members = False

    def __init__(self, store, now: Callable[[], datetime] = datetime.now, offline: bool = True) -> None:
        super().__init__(_NoNetwork(), store, now)
        self.offline = offline

    def info(self) -> SourceInfo:
        label = "Cached data (offline)" if self.offline else "Cached data (store)"
        return SourceInfo(kind="cache", label=label, stale=self.offline, detail=f"store: {self.store.url}")

    def _is_stale(self, kind: str, fetched_at: datetime) -> bool:
        return self.offline or self._now() - fetched_at >= STALE_AFTER[kind]

    def _cached_call(self, kind, key, fetch, to_frame, from_entry):
        if self.offline:
            return super()._cached_call(kind, key, fetch, to_frame, from_entry)
        notes: list[str] = []
        entry = self._read(kind, key, notes)
        if entry is None:
            raise DataUnavailableError(f"{key}: not in the store {self.store.url}")
        now = self._now()
        note = "" if not self._is_stale(kind, entry.fetched_at) else (
            f"{key}: the store's copy was fetched {entry.fetched_at:%Y-%m-%d %H:%M} "
            f"({_age_text(entry.fetched_at, now)}); the refresh job has not updated it since")
        return from_entry(entry, note)

    def prices(self, symbols: Sequence[str], start: date | None = None) -> PriceBatch:
        result = PriceBatch(stale=self.offline)
        oldest = None
        missing = "offline: not in the local cache" if self.offline else f"not in the store {self.store.url}"
        for symbol, entry in self._read_many("prices", validate_symbols(symbols), result.notes).items():
            if entry is None:
                result.failed[symbol] = missing
                continue
            result.frames[symbol] = _trim(entry.frame, start)
            oldest = min(oldest or entry.fetched_at, entry.fetched_at)
            result.stale = result.stale or self._is_stale("prices", entry.fetched_at)
        result.fetched_at = oldest
        return result

    def member_prices(self, symbols: Sequence[str], progress=None, refresh: bool = True,
                      frames: bool = True, parts: bool = True) -> PriceBatch | None:
        """Member closes from the covering universe panel, as stored (never fetched)."""
        from analytics.data.panel_source import member_prices

        batch = member_prices(self.store, symbols, upstream=None, max_age=STALE_AFTER["prices"],
                              now=self._now, memo=self._panels, frames=frames, parts=parts)
        if batch is not None and self.offline:
            batch.stale = True
        return batch
