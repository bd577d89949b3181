"""Theses kept in the store: an uploaded file that passes validation, under its id and hash.

Layout under the store's location: ``theses/<id>.yaml`` (the file's bytes as uploaded) and
``theses/<id>.meta.json`` (its content hash, the uploader's file name, when it was saved).
Each object is written whole in one atomic step, as the store writes everything, so a replica
reads the old file or the new one. The bytes are the truth: the hash is computed again from
them on every read, so a metadata object left behind by a crash between the two writes
cannot lie about the version. A stored id never shadows a shipped one: saving it is refused.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from analytics.data.store import Store
from analytics.theses.loader import ThesisError, content_hash, load_thesis
from analytics.theses.model import THESIS_ID_PATTERN, Thesis
from analytics.theses.shipped import resolve_thesis, shipped_ids

#: Where stored theses live in the store.
PREFIX = "theses/"
FILE_SUFFIX = ".yaml"
META_SUFFIX = ".meta.json"
_ID = re.compile(THESIS_ID_PATTERN)


class ShippedIdError(ValueError):
    """An upload whose id is a shipped thesis': it would change what everyone's link shows."""


@dataclass(frozen=True)
class StoredThesis:
    """A thesis read from the store, with its bytes' content hash (its version)."""

    thesis: Thesis
    text: str
    content_hash: str


def _key(thesis_id: str, suffix: str) -> str:
    if not _ID.fullmatch(thesis_id or ""):
        raise ValueError(f"{thesis_id[:64]!r} is not a thesis id")
    return f"{PREFIX}{thesis_id}{suffix}"


def save_thesis(store: Store, data: bytes | str, name: str = "your file",
                today: date | None = None) -> StoredThesis:
    """Validate an uploaded thesis file and, only if it passes, keep it under its id.

    Parameters
    ----------
    store : Store
        Where to keep it (the app's shared store).
    data : bytes or str
        The file's content, as uploaded.
    name : str
        How messages name the file.
    today : date, optional
        For ``published`` (default: today).

    Returns
    -------
    StoredThesis
        The thesis, its text and content hash.

    Raises
    ------
    ThesisError
        The file is not a valid thesis (nothing is written).
    ShippedIdError
        Its id is a shipped thesis' id (nothing is written).
    """
    thesis = load_thesis(data, name, today)  # raises before anything touches the store
    if thesis.id in shipped_ids():
        raise ShippedIdError(f"{name}: id {thesis.id!r} is a shipped thesis; give your file another id")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    digest = content_hash(raw)
    meta = {"id": thesis.id, "content_hash": digest, "name": name[:200],
            "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    # The file first, then its metadata: a reader trusts the bytes, so a crash in between
    # leaves a usable thesis with stale metadata, never metadata without a file.
    store.objects.put(_key(thesis.id, FILE_SUFFIX), raw)
    store.objects.put(_key(thesis.id, META_SUFFIX), json.dumps(meta).encode())
    return StoredThesis(thesis, raw.decode("utf-8-sig"), digest)


def stored_ids(store: Store) -> tuple[str, ...]:
    """Ids of the theses kept in the store, by id (shipped ids left out)."""
    shipped = set(shipped_ids())
    ids = {info.key[len(PREFIX):-len(FILE_SUFFIX)] for info in store.objects.list(PREFIX)
           if info.key.endswith(FILE_SUFFIX)}
    return tuple(sorted(i for i in ids if _ID.fullmatch(i) and i not in shipped))


def stored_thesis(store: Store, thesis_id: str) -> StoredThesis | None:
    """The stored thesis of this id, ``None`` when there is none; ``ThesisError`` when the
    stored bytes no longer validate (e.g. a metric renamed since)."""
    blob = store.objects.get(_key(thesis_id, FILE_SUFFIX))
    if blob is None:
        return None
    data = blob[0]
    thesis = load_thesis(data, f"stored thesis {thesis_id}")
    return StoredThesis(thesis, data.decode("utf-8-sig"), content_hash(data))


def find_thesis(store: Store | None, path_or_id: str | None) -> Thesis:
    """A thesis by shipped id, file path or (after those) id kept in ``store``.

    ``None``: the article's. Raises ``ValueError`` naming the known ids for an unknown one.
    """
    try:
        return resolve_thesis(path_or_id)
    except ThesisError:
        raise
    except ValueError:
        if store is None or not _ID.fullmatch(path_or_id or ""):
            raise
        kept = stored_thesis(store, path_or_id)
        if kept is None:
            raise ValueError(f"no thesis {path_or_id!r}; shipped: {', '.join(shipped_ids())}; "
                             f"stored: {', '.join(stored_ids(store)) or 'none'}") from None
        return kept.thesis


__all__ = ["ShippedIdError", "StoredThesis", "ThesisError", "find_thesis", "save_thesis", "stored_ids", "stored_thesis"]
