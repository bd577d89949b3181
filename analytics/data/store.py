"""On-disk cache of fetched frames: Parquet files, atomic writes, fetch time in the metadata.

Layout: ``<root>/<kind>/<KEY>.parquet`` with ``kind`` one of :data:`KINDS`. The key is the
validated symbol, series id, fund or universe name: it never contains a secret. A file that
cannot be read is renamed to ``*.corrupt-<timestamp>`` (kept for inspection) and reported
as :class:`CacheCorruptError`, so the caller refetches instead of crashing.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.data.atomic import atomic_write
from analytics.errors import CacheCorruptError

log = logging.getLogger(__name__)

KINDS = ("prices", "fred", "holdings", "universes", "funds")
#: How long a cached copy counts as fresh. Daily bars change once a day, macro series at most
#: daily, holdings and index lists far more slowly.
TTL = {
    "prices": timedelta(hours=4),
    "fred": timedelta(hours=24),
    "holdings": timedelta(days=7),
    "universes": timedelta(days=7),
    "funds": timedelta(days=3),
}
_KEY = re.compile(r"^[A-Za-z0-9^][A-Za-z0-9.\-=^_]{0,29}$")
_META_KEY = b"dashboard"


@dataclass
class CacheEntry:
    """A cached frame with the moment it was fetched and any extra metadata."""

    frame: pd.DataFrame
    fetched_at: datetime
    meta: dict = field(default_factory=dict)

    def age(self, now: datetime | None = None) -> timedelta:
        return (now or datetime.now()) - self.fetched_at

    def is_fresh(self, kind: str, now: datetime | None = None) -> bool:
        return self.age(now) < TTL[kind]


class Store:
    """A directory of Parquet files, one per cached item."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, kind: str, key: str) -> Path:
        if kind not in KINDS:
            raise ValueError(f"unknown cache kind {kind!r}; expected one of {KINDS}")
        if not _KEY.fullmatch(key) or ".." in key:
            raise ValueError(f"{key!r} is not a safe cache key")
        return self.root / kind / f"{key}.parquet"

    def write(self, kind: str, key: str, frame: pd.DataFrame, meta: dict | None = None,
              fetched_at: datetime | None = None) -> None:
        """Replace the cached copy atomically."""
        info = dict(meta or {})
        info["fetched_at"] = (fetched_at or datetime.now()).isoformat()
        table = pa.Table.from_pandas(frame, preserve_index=True)
        metadata = dict(table.schema.metadata or {})
        metadata[_META_KEY] = json.dumps(info).encode()
        table = table.replace_schema_metadata(metadata)
        atomic_write(self.path(kind, key), lambda tmp: pq.write_table(table, tmp))

    def read(self, kind: str, key: str) -> CacheEntry | None:
        """The cached copy, ``None`` if there is none; a corrupt file is set aside and raised."""
        path = self.path(kind, key)
        if not path.is_file():
            return None
        try:
            table = pq.read_table(path)
            info = json.loads((table.schema.metadata or {})[_META_KEY])
            fetched_at = datetime.fromisoformat(info.pop("fetched_at"))
            frame = table.to_pandas()
        except Exception as exc:  # any unreadable file: truncated, not Parquet, no metadata
            aside = path.with_name(f"{path.name}.corrupt-{datetime.now():%Y%m%d%H%M%S%f}")
            try:
                path.rename(aside)
            except OSError:
                path.unlink(missing_ok=True)
            log.warning("cache file %s unreadable (%s); set aside as %s", path, type(exc).__name__, aside.name)
            raise CacheCorruptError(f"cached {kind} for {key} was unreadable; set aside") from exc
        return CacheEntry(frame=frame, fetched_at=fetched_at, meta=info)

    def has(self, kind: str, key: str) -> bool:
        return self.path(kind, key).is_file()
