"""A universe's member closes as one columnar panel in the store: a small Parquet dataset.

Layout under ``panels/<universe>/``::

    manifest.json          the published version: its parts in order, the members, each
                           member's last bar (date, close), when it was fetched
    part-<uuid>.parquet    wide closes: a ``date`` column, one float64 column per member

A reader gets the manifest (one request) and its parts (concurrently: one after a
compaction, a handful between two) and stacks them in order: a later part's cells win, and a
part's ``replace`` members lose what earlier parts held for them (a full refetch after a
split). So 2,000 members x 10 years arrive in two or three requests, not 2,000.

A writer puts each new part under a fresh name, then publishes with one conditional put of
the manifest (``If-Match`` its tag, or ``If-None-Match: *`` for the first): readers never see
half a panel, and two writers never drop each other's parts, because the loser re-reads the
manifest, appends its part and tries again. Parts that no manifest names are deleted once
older than :data:`GRACE`, long after any reader of an older manifest has finished.
"""
from __future__ import annotations

import io
import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# close_panel's own gap filling, so a panel read here is the panel close_panel would build
from analytics.data.fill import FFILL_LIMIT, ffill_rows
from analytics.data.objectstore import PreconditionFailedError
from analytics.errors import CacheCorruptError

PANEL_PREFIX = "panels"
MANIFEST = "manifest.json"
FORMAT = 1
#: A publish that lost this many races in a row gives up (each retry re-reads the manifest).
CAS_RETRIES = 8
#: Past this many parts the next publish folds them into one (a daily refresh adds one part).
MAX_PARTS = 12
#: Unreferenced parts younger than this may belong to a reader or a writer still at work.
GRACE = timedelta(minutes=30)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,39}$")
_CLOSE = pd.Index(["close"])


def companion_key(manifest: Manifest, name: str) -> str:
    """Where an object derived from one published panel version is kept, beside the panel:
    ``panels/<universe>/<name>-v<version>.parquet``. The version in the name means a companion
    of an older panel is never read for a newer one."""
    return f"{PANEL_PREFIX}/{manifest.universe}/{name}-v{manifest.version}.parquet"


def _prefix(universe: str) -> str:
    if not _NAME.fullmatch(universe):
        raise ValueError(f"{universe!r} is not a panel name (lower-case letters, digits, - and _)")
    return f"{PANEL_PREFIX}/{universe}"


@dataclass(frozen=True)
class Manifest:
    """One published version of a panel (``tag`` is the store's version tag of it)."""

    universe: str
    members: tuple[str, ...]
    parts: tuple[dict, ...]
    last: Mapping[str, tuple[str, float]]
    fetched_at: datetime
    failed: Mapping[str, str] = field(default_factory=dict)
    version: int = 1
    tag: str | None = None
    #: Each member's first bar (ISO date): who has data on an as-of date, without the parts.
    first: Mapping[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return json.dumps({
            "format": FORMAT, "universe": self.universe, "version": self.version,
            "fetched_at": self.fetched_at.isoformat(), "members": list(self.members),
            "parts": list(self.parts), "last": {k: list(v) for k, v in self.last.items()},
            "first": dict(self.first), "failed": dict(self.failed),
        }, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data: bytes, tag: str) -> Manifest:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise ValueError(f"panel manifest format {raw.get('format')!r}, expected {FORMAT}")
        return cls(raw["universe"], tuple(raw["members"]), tuple(raw["parts"]),
                   {k: (v[0], float(v[1])) for k, v in raw["last"].items()},
                   datetime.fromisoformat(raw["fetched_at"]), raw.get("failed", {}),
                   int(raw["version"]), tag, raw.get("first", {}))

    @property
    def through(self) -> pd.Timestamp | None:
        """The last day any member has a bar."""
        return pd.Timestamp(max(d for d, _ in self.last.values())) if self.last else None


@dataclass
class MemberPanel:
    """Closes of a universe's members: ``rows`` is members x dates, NaN where no bar."""

    manifest: Manifest
    dates: pd.DatetimeIndex
    symbols: tuple[str, ...]
    rows: np.ndarray
    _frames: dict[str, pd.DataFrame] | None = field(default=None, repr=False)
    _has_data: dict[str, bool] | None = field(default=None, repr=False)

    def frames(self, symbols: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
        """Close-only price frames (NaN days dropped), for members with at least one bar.

        Built once per panel and shared by every call (callers must not modify them): a
        process that keeps the panel answers each later request without copying 2,000 frames.
        """
        if self._frames is None:
            built = {}
            for i, symbol in enumerate(self.symbols):
                row = self.rows[i]
                keep = ~np.isnan(row)
                if keep.all():
                    built[symbol] = pd.DataFrame(row[:, None], index=self.dates, columns=_CLOSE, copy=False)
                elif keep.any():
                    built[symbol] = pd.DataFrame(row[keep][:, None], index=self.dates[keep], columns=_CLOSE)
            self._frames = built
        if symbols is None:
            return dict(self._frames)
        return {s: self._frames[s] for s in symbols if s in self._frames}

    def with_data(self, symbols: Iterable[str]) -> tuple[str, ...]:
        """Those of ``symbols`` that have at least one bar here, in the order given."""
        if self._has_data is None:
            self._has_data = dict(zip(self.symbols, (~np.isnan(self.rows)).any(axis=1).tolist()))
        return tuple(s for s in symbols if self._has_data.get(s))

    def span(self, symbols: Iterable[str]) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First and last day any of ``symbols`` has a bar (``None``: none has one)."""
        rows = self._select(symbols)
        if rows.size == 0:
            return None
        any_bar = np.flatnonzero(~np.isnan(rows).all(axis=0))
        return (self.dates[any_bar[0]], self.dates[any_bar[-1]]) if any_bar.size else None

    def _select(self, symbols: Iterable[str]) -> np.ndarray:
        position = {s: i for i, s in enumerate(self.symbols)}
        return self.rows[[position[s] for s in symbols if s in position]]

    def closes(self, symbols: Sequence[str], as_of) -> pd.DataFrame:
        """Wide closes (dates x members) up to ``as_of``: the very panel
        :func:`analytics.breadth.measures.close_panel` builds from these members' frames (days on which
        none of them has a bar left out, gaps of up to FFILL_LIMIT days carried forward), taken
        straight from the stored array instead of 2,000 frames.
        """
        held = [s for s in symbols if s in set(self.symbols)]
        cut = int(self.dates.searchsorted(pd.Timestamp(as_of), side="right"))
        rows = self._select(held)[:, :cut]  # a fresh members x dates array (fancy indexing copies)
        dates = self.dates[:cut]
        any_bar = ~np.isnan(rows).all(axis=0) if len(held) else np.zeros(cut, dtype=bool)
        if not any_bar.all():
            rows, dates = np.ascontiguousarray(rows[:, any_bar]), dates[any_bar]
        ffill_rows(rows, FFILL_LIMIT)
        return pd.DataFrame(rows.T, index=pd.DatetimeIndex(dates, name="date"), columns=held, copy=False)


# -- parts ----------------------------------------------------------------------------------

def part_bytes(dates: pd.DatetimeIndex, columns: Mapping[str, np.ndarray]) -> bytes:
    """A wide part: ``date`` (date32) and one float64 column per member, zstd-compressed
    (closes in cents compress to about a third; no statistics, no dictionaries: never used)."""
    names = list(columns)
    table = pa.Table.from_arrays(
        [pa.array(dates.values.astype("datetime64[D]"), pa.date32())]
        + [pa.array(np.asarray(columns[n], dtype="float64")) for n in names],
        names=["date", *names])
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd", use_dictionary=False, write_statistics=False)
    return sink.getvalue()


def _read_part(data: bytes) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    table = pq.read_table(io.BytesIO(data))
    dates = table.column("date").to_numpy().astype("datetime64[ns]")
    return dates, {n: table.column(n).to_numpy() for n in table.column_names if n != "date"}


def stack_parts(manifest: Manifest, blobs: Sequence[bytes]) -> MemberPanel:
    """Stack decoded parts in manifest order into one members x dates array."""
    decoded = [_read_part(b) for b in blobs]
    dates = np.unique(np.concatenate([d for d, _ in decoded])) if decoded else np.array([], "datetime64[ns]")
    symbols = manifest.members
    position = {s: i for i, s in enumerate(symbols)}
    rows = np.full((len(symbols), len(dates)), np.nan)
    for part, (part_dates, columns) in zip(manifest.parts, decoded):
        at = np.searchsorted(dates, part_dates)
        for symbol in part.get("replace", ()):
            if symbol in position:
                rows[position[symbol]] = np.nan
        for symbol, values in columns.items():
            i = position.get(symbol)
            if i is None:
                continue  # a member that has left the universe
            valid = ~np.isnan(values)
            if valid.all():
                rows[i, at] = values
            else:
                rows[i, at[valid]] = values[valid]
    return MemberPanel(manifest, pd.DatetimeIndex(dates, name="date"), symbols, rows)


# -- reading --------------------------------------------------------------------------------

#: Manifests already parsed, by tag (the object's ETag, an MD5 of its bytes): a 2,000-member
#: manifest takes a fifth of a second to parse and every breadth view reads it again.
_PARSED: dict[str, Manifest] = {}
_PARSED_MAX = 32


def _parse(data: bytes, tag: str) -> Manifest:
    kept = _PARSED.get(tag)
    if kept is not None:
        return kept
    manifest = Manifest.from_bytes(data, tag)
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.pop(next(iter(_PARSED)), None)
    _PARSED[tag] = manifest
    return manifest


def read_manifest(store, universe: str) -> Manifest | None:
    """The published manifest, ``None`` when the panel does not exist."""
    blob = store.objects.get(f"{_prefix(universe)}/{MANIFEST}")
    if blob is None:
        return None
    try:
        return _parse(*blob)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise CacheCorruptError(f"the {universe} panel manifest in {store.url} is unreadable") from exc


def read_manifests(store, universes: Iterable[str]) -> dict[str, Manifest]:
    """Manifests of several panels, fetched concurrently; missing or unreadable ones left out."""
    keys = {f"{_prefix(u)}/{MANIFEST}": u for u in universes}
    out = {}
    for key, blob in store.objects.get_many(list(keys)).items():
        if blob is not None:
            try:
                out[keys[key]] = _parse(*blob)
            except (ValueError, KeyError, TypeError, IndexError):
                continue
    return out


def read_panel(store, universe: str, manifest: Manifest | None = None) -> MemberPanel | None:
    """The whole panel: its manifest, then its parts in one concurrent round of requests.

    A part deleted between the two reads (a compaction and a long pause) is retried once from
    a fresh manifest; an unreadable part raises :class:`CacheCorruptError`.
    """
    for attempt in range(2):
        manifest = manifest or read_manifest(store, universe)
        if manifest is None:
            return None
        blobs = store.objects.get_many([p["key"] for p in manifest.parts])
        if all(b is not None for b in blobs.values()):
            try:
                return stack_parts(manifest, [blobs[p["key"]][0] for p in manifest.parts])
            except (pa.ArrowException, OSError, ValueError, KeyError) as exc:
                raise CacheCorruptError(f"a part of the {universe} panel in {store.url} is unreadable") from exc
        manifest = None
    raise CacheCorruptError(f"the {universe} panel in {store.url} names parts that are gone")


# -- writing --------------------------------------------------------------------------------

def put_part(store, universe: str, dates: pd.DatetimeIndex, columns: Mapping[str, np.ndarray],
             replace_members: Iterable[str] = ()) -> dict:
    """Upload one part under a fresh name; returns its manifest entry (not yet published)."""
    key = f"{_prefix(universe)}/part-{uuid.uuid4().hex}.parquet"
    store.objects.put(key, part_bytes(dates, columns))
    entry = {"key": key, "rows": len(dates), "members": len(columns),
             "first": dates[0].date().isoformat() if len(dates) else None,
             "last": dates[-1].date().isoformat() if len(dates) else None}
    if replace_members:
        entry["replace"] = sorted(replace_members)
    return entry


def _compacted(store, manifest: Manifest) -> Manifest:
    """The same data in one part (members that left are dropped, so are their cells)."""
    panel = read_panel(store, manifest.universe, manifest)
    keep = ~np.isnan(panel.rows).all(axis=1)
    columns = {s: panel.rows[i] for i, s in enumerate(panel.symbols) if keep[i]}
    entry = put_part(store, manifest.universe, panel.dates, columns)
    return replace(manifest, parts=(entry,))


def publish(store, universe: str, members: Sequence[str], parts: Sequence[dict],
            last: Mapping[str, tuple[str, float]], failed: Mapping[str, str],
            fetched_at: datetime, replaced: Iterable[str] = (), first: Mapping[str, str] | None = None) -> Manifest:
    """Append ``parts`` to the published panel by compare-and-swap on its manifest.

    ``last`` holds the newest bar of each member the parts touched (a member in ``replaced``
    takes the new value even if it is older). Members no longer in ``members`` are kept out
    of the manifest (their columns are ignored, then dropped by the next compaction).
    """
    replaced = set(replaced)
    key = f"{_prefix(universe)}/{MANIFEST}"
    for _ in range(CAS_RETRIES):
        blob = store.objects.get(key)
        try:
            current = Manifest.from_bytes(*blob) if blob else None
        except (ValueError, KeyError, TypeError, IndexError):
            current = None  # unreadable: replaced by this version (its parts are unknown, so dropped)
        merged_last = dict(current.last) if current else {}
        for symbol, bar in last.items():
            if symbol in replaced or symbol not in merged_last or bar[0] >= merged_last[symbol][0]:
                merged_last[symbol] = bar
        member_set = set(members)
        merged_last = {s: v for s, v in merged_last.items() if s in member_set}
        merged_first = dict(current.first) if current else {}
        for symbol, day in (first or {}).items():
            if symbol in replaced or symbol not in merged_first or day < merged_first[symbol]:
                merged_first[symbol] = day
        merged_first = {s: d for s, d in merged_first.items() if s in merged_last}
        manifest = Manifest(
            universe, tuple(members), (current.parts if current else ()) + tuple(parts),
            merged_last, fetched_at, dict(failed), (current.version + 1) if current else 1,
            first=merged_first,
        )
        if len(manifest.parts) > MAX_PARTS:
            manifest = _compacted(store, manifest)
        try:
            tag = store.objects.put_if(key, manifest.to_bytes(), blob[1] if blob else None)
        except PreconditionFailedError:
            continue  # another writer published first: rebase on its manifest
        collect_garbage(store, universe, manifest)
        return replace(manifest, tag=tag)
    raise PreconditionFailedError(f"{store.url}: the {universe} panel kept changing; gave up after "
                                  f"{CAS_RETRIES} attempts")


def collect_garbage(store, universe: str, manifest: Manifest, now: datetime | None = None) -> int:
    """Delete parts the manifest does not name, and stored breadth of older versions, once
    older than :data:`GRACE`."""
    now = now or datetime.now(timezone.utc)
    named = {p["key"] for p in manifest.parts}
    current_breadth = f"{_prefix(universe)}/breadth-v{manifest.version}.parquet"
    removed = 0
    for item in store.objects.list(f"{_prefix(universe)}/"):
        name = item.key.rsplit("/", 1)[-1]
        unused = (name.startswith("part-") and item.key not in named) or \
            (name.startswith("breadth-v") and item.key != current_breadth)  # of an older version
        if unused and now - item.modified > GRACE:
            store.objects.delete(item.key)
            removed += 1
    return removed
