"""Data sources behind one interface (:class:`analytics.data.base.Source`).

``make_source`` turns a source spec (``live``, ``demo``, ``dir:PATH``, ``cache``, ``auto``)
into a ready source. ``auto`` tries live (fast probe), then the store, then demo.
``open_store`` opens the store at ``MARKET_STORE_URL`` (a directory or ``s3://``).
"""
from __future__ import annotations

from collections.abc import Callable

from analytics.catalog import LARGE_CAP, SMALL_CAP
from analytics.config import Settings, load_settings
from analytics.data.base import Source, SourceInfo
from analytics.data.cached import CachedSource, CacheOnlySource
from analytics.data.csvdir import SnapshotSource
from analytics.data.demo import DemoSource
from analytics.data.live import LiveSource, probe
from analytics.data.objectstore import StoreError
from analytics.data.store import Store
from analytics.errors import InvalidSourceError

SOURCE_SPECS = ("auto", "live", "cache", "demo", "dir:PATH")
#: The cache counts as usable offline only if it holds what the first page needs.
CACHE_REQUIRED = (SMALL_CAP, LARGE_CAP)


class AutoChoice:
    """Wraps the source ``auto`` picked so the badge can say why it was picked."""

    def __init__(self, inner: Source, reason: str) -> None:
        self.inner = inner
        self.reason = reason

    def info(self) -> SourceInfo:
        base = self.inner.info()
        return SourceInfo(kind=base.kind, label=base.label, fetched_at=base.fetched_at,
                          stale=base.stale, detail=f"auto: {self.reason}")

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def open_store(settings: Settings | None = None) -> Store:
    """The store at ``settings.store_url`` (``MARKET_STORE_URL``, else the cache directory)."""
    settings = settings or load_settings()
    return Store(settings.store_url, settings.store_options)


#: What the refresh job can fetch from (a store cannot refresh itself).
UPSTREAM_SPECS = ("live", "demo", "dir:PATH")


def make_upstream(spec: str, settings: Settings | None = None) -> Source:
    """The uncached source a refresh job fetches from: ``live``, ``demo`` or ``dir:PATH``.

    Raises
    ------
    InvalidSourceError
        For ``cache``, ``auto`` or an unknown spec.
    """
    settings = settings or load_settings(source=spec)
    spec = spec.strip()
    if spec == "live":
        return LiveSource(settings)
    if spec in ("demo",) or spec.startswith("dir:"):
        return make_source(spec, settings)
    raise InvalidSourceError(f"refresh cannot fetch from {spec!r}; use one of {', '.join(UPSTREAM_SPECS)}")


def make_source(spec: str | None = None, settings: Settings | None = None,
                online: Callable[[], bool] = probe) -> Source:
    """Build the source named by ``spec`` (default: ``settings.source``).

    Raises
    ------
    InvalidSourceError
        For an unknown spec or a ``dir:`` path that is not a snapshot.
    """
    settings = settings or load_settings(source=spec)
    spec = (spec or settings.source).strip()
    if spec == "demo":
        return DemoSource()
    if spec.startswith("dir:"):
        from analytics.errors import DataUnavailableError

        try:
            return SnapshotSource(spec[4:])
        except DataUnavailableError as exc:
            raise InvalidSourceError(str(exc)) from exc
    if spec not in SOURCE_SPECS:
        raise InvalidSourceError(f"unknown source {spec!r}; expected one of {', '.join(SOURCE_SPECS)}")
    store = open_store(settings)
    if spec == "live":
        return CachedSource(LiveSource(settings), store)
    if spec == "cache":
        return CacheOnlySource(store, offline=False)
    if spec == "auto":
        if online():
            return AutoChoice(CachedSource(LiveSource(settings), store), "online")
        try:
            cached = all(store.has("prices", s) for s in CACHE_REQUIRED)
        except StoreError as exc:
            return AutoChoice(DemoSource(), f"offline and the store is unusable ({exc})")
        if cached:
            return AutoChoice(CacheOnlySource(store), "offline, using the local cache")
        return AutoChoice(DemoSource(), "offline and no local cache")
    raise InvalidSourceError(
        f"unknown source {spec!r}; expected one of {', '.join(SOURCE_SPECS)}"
    )
