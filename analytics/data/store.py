"""The store of fetched frames: Parquet objects, atomic publish, fetch time in the metadata.

Layout: ``<kind>/<KEY>.parquet`` under the store's location, ``kind`` one of :data:`KINDS`,
plus ``panels/<universe>/`` (columnar member panels, :mod:`analytics.data.panel`) and
``leases/`` (the refresh job's lease). The location is a local directory or
``s3://bucket/prefix`` (:mod:`analytics.data.objectstore`); each object is written whole in
one atomic step, so a reader sees the old copy or the new one, never half of one. The key is
the validated symbol, series id, fund or universe name: it never contains a secret. An
object that cannot be read is set aside as ``*.corrupt-<timestamp>`` (kept for inspection)
and reported as :class:`CacheCorruptError`, so the caller refetches instead of crashing.
"""
from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.data.objectstore import LocalObjects, ObjectStore, open_objects
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
#: A reader of the store alone (``--source cache``, the app replicas behind a refresh job)
#: calls a copy stale past this age: a weekday job's Friday run lasts the weekend, and one
#: missed run shows by the next morning but one.
STALE_AFTER = {kind: max(ttl, timedelta(days=4)) for kind, ttl in TTL.items()}
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


def frame_to_parquet(frame: pd.DataFrame, info: dict) -> bytes:
    """Parquet bytes of ``frame`` (index kept) with ``info`` as JSON in the schema metadata."""
    table = pa.Table.from_pandas(frame, preserve_index=True)
    metadata = dict(table.schema.metadata or {})
    metadata[_META_KEY] = json.dumps(info).encode()
    sink = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(metadata), sink)
    return sink.getvalue()


class Store:
    """Parquet objects, one per cached item, in a directory or an S3 prefix.

    Parameters
    ----------
    location : path or str
        A directory (``~/.cache/...``, ``file:///srv/store``) or ``s3://bucket/prefix``.
    options : mapping, optional
        S3 credentials and endpoint (``key``, ``secret``, ``token``, ``endpoint_url``,
        ``region``) when they do not come from the AWS environment.
    """

    def __init__(self, location: Path | str, options: Mapping[str, str] | None = None) -> None:
        self.objects: ObjectStore = open_objects(location, options)
        local = isinstance(self.objects, LocalObjects)
        #: The directory of a local store (a Path), else the display URL.
        self.root: Path | str = self.objects.root if local else self.objects.url
        #: Where the store is, safe to show: never holds a credential.
        self.url: str = self.objects.url

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @staticmethod
    def key(kind: str, key: str) -> str:
        """The object key of one cached item (validated: no path tricks, no secrets)."""
        if kind not in KINDS:
            raise ValueError(f"unknown cache kind {kind!r}; expected one of {KINDS}")
        if not _KEY.fullmatch(key) or ".." in key:
            raise ValueError(f"{key!r} is not a safe cache key")
        return f"{kind}/{key}.parquet"

    def path(self, kind: str, key: str) -> Path:
        """The file of one cached item in a local store."""
        if not isinstance(self.objects, LocalObjects):
            raise TypeError(f"{self.url} is not a local directory")
        return self.objects.file(self.key(kind, key))

    def write(self, kind: str, key: str, frame: pd.DataFrame, meta: dict | None = None,
              fetched_at: datetime | None = None) -> None:
        """Replace the cached copy atomically (one put of the whole object)."""
        info = dict(meta or {})
        info["fetched_at"] = (fetched_at or datetime.now()).isoformat()
        name = self.key(kind, key)
        self.objects.put(name, frame_to_parquet(frame, info))

    def _decode(self, kind: str, key: str, blob: tuple[bytes, str]) -> CacheEntry:
        data, tag = blob
        try:
            table = pq.read_table(io.BytesIO(data))
            info = json.loads((table.schema.metadata or {})[_META_KEY])
            fetched_at = datetime.fromisoformat(info.pop("fetched_at"))
            frame = table.to_pandas()
        except Exception as exc:  # any unreadable object: truncated, not Parquet, no metadata
            aside = self._set_aside(self.key(kind, key), data, tag)
            log.warning("store %s: %s unreadable (%s); set aside as %s", self.url, self.key(kind, key),
                        type(exc).__name__, aside)
            raise CacheCorruptError(f"cached {kind} for {key} was unreadable; set aside") from exc
        return CacheEntry(frame=frame, fetched_at=fetched_at, meta=info)

    def _set_aside(self, name: str, data: bytes, tag: str) -> str:
        """Keep the unreadable bytes under ``<name>.corrupt-<time>`` and drop the original,
        unless a writer replaced it meanwhile (then the new copy stays)."""
        aside = f"{name}.corrupt-{datetime.now():%Y%m%d%H%M%S%f}"
        self.objects.put(aside, data)
        current = self.objects.get(name)
        if current is not None and current[1] == tag:
            self.objects.delete(name)
        return aside.rsplit("/", 1)[-1]

    def read(self, kind: str, key: str) -> CacheEntry | None:
        """The cached copy, ``None`` if there is none; a corrupt object is set aside and raised."""
        blob = self.objects.get(self.key(kind, key))
        return None if blob is None else self._decode(kind, key, blob)

    def read_many(self, kind: str, keys: Iterable[str]) -> dict[str, CacheEntry | CacheCorruptError | None]:
        """:meth:`read` of several keys, fetched concurrently from object storage.

        A corrupt object's answer is its :class:`CacheCorruptError` (returned, not raised), so
        one bad object does not hide the others.
        """
        names = {self.key(kind, k): k for k in keys}
        out: dict[str, CacheEntry | CacheCorruptError | None] = {}
        for name, blob in self.objects.get_many(list(names)).items():
            key = names[name]
            try:
                out[key] = None if blob is None else self._decode(kind, key, blob)
            except CacheCorruptError as exc:
                out[key] = exc
        return out

    def has(self, kind: str, key: str) -> bool:
        return self.objects.get(self.key(kind, key)) is not None
