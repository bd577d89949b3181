"""Member prices for a store-backed source, answered from the universe panels in one bulk read.

:func:`member_prices` finds the panel whose members cover the symbols asked for (the named
universes' manifests are read concurrently, one request each), reads it and hands back close
frames with the panel's fetch time. A networked source first brings a panel older than its
lifetime up to date, or builds one for a universe whose member list is in the store; a
store-only source serves the panel as it is and calls it stale past ``stale_after``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from analytics.catalog import UNIVERSES
from analytics.data.base import PriceBatch, Source
from analytics.data.batch import Progress
from analytics.data.panel import Manifest, MemberPanel, companion_key, read_manifests, read_panel
from analytics.data.panel_refresh import refresh_panel
from analytics.errors import CacheCorruptError
from analytics.symbols import partition_symbols

#: A panel serves a request when it holds at least this share of the symbols asked for.
MIN_COVERAGE = 0.5


@dataclass
class StoredMembers(PriceBatch):
    """Member prices answered from a panel: ``panel`` lets a caller that wants one wide frame
    (the Breadth page) skip building a frame per member; ``frames`` is empty when not asked for,
    ``panel`` is ``None`` when only the manifest was read. ``held``: the members asked for that
    have prices; ``span``: their first and last day."""

    panel: MemberPanel | None = None
    manifest: Manifest | None = None
    held: tuple[str, ...] = ()
    span: tuple[pd.Timestamp, pd.Timestamp] | None = None


def _best(candidates: dict[str, Sequence[str]], wanted: set[str]) -> str | None:
    """The candidate holding the most wanted symbols, if it holds at least MIN_COVERAGE of them."""
    scored = {name: len(wanted.intersection(members)) for name, members in candidates.items()}
    name = max(scored, key=scored.get, default=None)
    return name if name is not None and wanted and scored[name] >= MIN_COVERAGE * len(wanted) else None


def covering_panel(store, symbols: Sequence[str]) -> Manifest | None:
    """The manifest of the universe panel that covers ``symbols`` best, if one covers enough."""
    manifests = read_manifests(store, UNIVERSES)
    name = _best({n: m.members for n, m in manifests.items()}, set(partition_symbols(symbols)[0]))
    return manifests[name] if name else None


def _listed_universe(store, symbols: Sequence[str]) -> tuple[str, tuple[str, ...]] | None:
    """A named universe whose member list (kind ``universes``) in the store covers ``symbols``."""
    lists = {}
    for name, entry in store.read_many("universes", list(UNIVERSES)).items():
        if entry is not None and not isinstance(entry, CacheCorruptError):
            lists[name] = tuple(entry.frame["symbol"])
    name = _best(lists, set(partition_symbols(symbols)[0]))
    return (name, lists[name]) if name else None


def _age(fetched_at: datetime, now: datetime) -> str:
    hours = (now - fetched_at).total_seconds() / 3600
    return f"{hours:.0f} h old" if hours < 48 else f"{hours / 24:.0f} days old"


def _read(store, manifest: Manifest, memo: dict | None) -> MemberPanel:
    """The panel of ``manifest``, from ``memo`` when it holds this very version (same tag)."""
    if memo is not None:
        kept = memo.get(manifest.universe)
        if kept is not None and kept.manifest.tag == manifest.tag and kept.manifest.version == manifest.version:
            return kept
    panel = read_panel(store, manifest.universe, manifest)
    if memo is not None:
        memo[manifest.universe] = panel
    return panel


def member_prices(store, symbols: Sequence[str], *, upstream: Source | None, max_age: timedelta,
                  now: Callable[[], datetime] = datetime.now, progress: Progress | None = None,
                  refresh: bool = True, memo: dict | None = None, frames: bool = True,
                  parts: bool = True) -> StoredMembers | None:
    """Close frames of ``symbols`` from the covering panel; ``None`` when no panel covers them.

    Parameters
    ----------
    upstream : Source, optional
        Where a panel older than ``max_age`` is refreshed from (``None``: store only, and
        such a panel is served marked stale).
    refresh : bool
        ``False`` reads only, whatever the panel's age (the app's fast path; it refreshes
        separately, with a progress bar).
    memo : dict, optional
        Panels already read, by universe: a version still published is not read again (each
        call then costs the manifests alone, a few small requests).
    frames : bool
        Build a close frame per member (``False``: only ``panel`` is filled in).
    parts : bool
        Read the panel's parts (``False`` with ``frames=False``: the manifest alone answers
        which members have prices and their span, a few small requests).
    """
    wanted = partition_symbols(symbols)[0]
    manifest = covering_panel(store, wanted)
    moment = now()
    note = ""
    if upstream is not None and refresh:
        if manifest is None:
            listed = _listed_universe(store, wanted)
            if listed is None:
                return None
            result = refresh_panel(upstream, store, listed[0], listed[1], progress, now)
            manifest = result.manifest
        elif moment - manifest.fetched_at >= max_age:
            result = refresh_panel(upstream, store, manifest.universe, manifest.members, progress, now)
            if result.manifest is not None and result.manifest.fetched_at > manifest.fetched_at:
                manifest = result.manifest
            else:
                note = f"refresh failed ({next(iter(result.failed.values()), 'no answer')})"
    if manifest is None:
        return None
    held = tuple(s for s in wanted if s in manifest.last)
    known_first = all(s in manifest.first for s in held)
    panel = _read(store, manifest, memo) if frames or parts or not known_first else None
    span = None
    if held and known_first:
        span = (pd.Timestamp(min(manifest.first[s] for s in held)),
                pd.Timestamp(max(manifest.last[s][0] for s in held)))
    elif held:
        span = panel.span(held)
    stale = moment - manifest.fetched_at >= max_age
    batch = StoredMembers(frames=panel.frames(wanted) if frames else {}, fetched_at=manifest.fetched_at,
                          stale=stale, panel=panel, manifest=manifest, held=held, span=span)
    batch.failed = {s: f"no prices in the {manifest.universe} panel ({manifest.failed[s]})"
                    for s in wanted if s in manifest.failed and s not in set(held)}
    if stale:
        batch.notes.append(f"{manifest.universe} member prices: {note + '; ' if note else ''}showing the panel "
                           f"fetched {manifest.fetched_at:%Y-%m-%d %H:%M} ({_age(manifest.fetched_at, moment)})")
    return batch


def member_companion(store, symbols: Sequence[str], name: str) -> bytes | None:
    """The object ``name`` stored beside the panel covering ``symbols`` for the panel version now
    published (:func:`analytics.data.panel.companion_key`), or ``None``: no covering panel, or
    nothing stored for this version. What the bytes hold is the writer's business (the breadth
    topic stores its measures there), so the data layer stays ignorant of the topics."""
    manifest = covering_panel(store, symbols)
    if manifest is None:
        return None
    blob = store.objects.get(companion_key(manifest, name))
    return None if blob is None else blob[0]
