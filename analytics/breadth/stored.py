"""A universe's breadth, computed once per panel version by the refresh job and stored beside it.

Every breadth series is causal: its value on a day uses closes up to that day only (rolling
windows, cumulative sums, EMAs seeded at the start). So the breadth of the whole panel, cut
at an as-of date, is exactly the breadth computed from the panel cut at that date; only the
count of members with data and the last day are as-of dependent, and both follow from each
member's first bar and the dates kept here. The page then reads one small object
(``panels/<universe>/breadth-v<version>.parquet``, about 3,000 rows) instead of the panel, and
a stored breadth of an older panel version is never used (its name carries the version).

The object is generic over :class:`analytics.breadth.measures.Breadth`: each DataFrame field (and each
frame of a dict field such as ``above``) becomes a group of ``field::column`` columns on the
panel's dates; a field of any other kind makes :func:`breadth_bytes` refuse (the caller then
computes as before), and a tested equality guards the cut-equals-compute property.
"""
from __future__ import annotations

import io
import json
from dataclasses import fields

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.breadth.measures import Breadth, breadth_from_panel
from analytics.data.panel import Manifest, MemberPanel, companion_key
from analytics.symbols import partition_symbols

#: Fields re-derived at the as-of date rather than stored.
_DERIVED = {"members", "members_with_data", "through"}
_META = b"breadth"
#: The end of time for "the whole panel".
_ALL = pd.Timestamp("2262-01-01")


#: The name of the breadth object kept beside each panel version.
COMPANION = "breadth"


def breadth_key(manifest: Manifest) -> str:
    """``panels/<universe>/breadth-v<version>.parquet``."""
    return companion_key(manifest, COMPANION)


def _frames(breadth: Breadth) -> dict[str, pd.DataFrame]:
    out = {}
    for f in fields(breadth):
        value = getattr(breadth, f.name)
        if f.name in _DERIVED:
            continue
        if isinstance(value, pd.DataFrame):
            out[f.name] = value
        elif isinstance(value, dict) and all(isinstance(v, pd.DataFrame) for v in value.values()):
            out.update({f"{f.name}[{k}]": v for k, v in value.items()})
        else:
            raise TypeError(f"Breadth.{f.name} ({type(value).__name__}) cannot be stored")
    return out


def breadth_bytes(panel: MemberPanel) -> bytes:
    """The whole panel's breadth as Parquet, with each member's first day in the metadata."""
    held = panel.with_data(panel.symbols)
    wide = panel.closes(held, _ALL)
    breadth = breadth_from_panel(wide, len(held))
    frames = _frames(breadth)
    index = wide.index
    columns, layout = {"date": index.values}, {}
    for name, frame in frames.items():
        offset = len(index) - len(frame)
        if not frame.index.equals(index[offset:]):  # not on a suffix of the dates: cannot be cut alike
            raise TypeError(f"Breadth.{name} is not indexed by the panel's dates")
        aligned = frame.reindex(index)
        layout[name] = {"offset": offset, "columns": list(frame.columns),
                        "dtypes": [str(t) for t in frame.dtypes]}
        for column in frame.columns:
            columns[f"{name}::{column}"] = aligned[column].to_numpy("float64")
    first = {s: str(panel.dates[int(np.argmax(~np.isnan(panel.rows[i])))].date())
             for i, s in enumerate(panel.symbols) if s in set(held)}
    table = pa.table(columns).replace_schema_metadata(
        {_META: json.dumps({"layout": layout, "first": first}).encode()})
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _group(table: pd.DataFrame, spec: dict) -> pd.DataFrame:
    part = table[[f"{spec['name']}::{c}" for c in spec["columns"]]].iloc[spec["offset"]:]
    part.columns = spec["columns"]
    return part.astype(dict(zip(spec["columns"], spec["dtypes"])))


def breadth_from_bytes(data: bytes, symbols, as_of) -> Breadth | None:
    """The stored breadth cut at ``as_of``, for exactly the members it was computed on.

    ``None`` when ``symbols`` are not those members (a custom list, some members left out):
    the caller computes from the panel instead.
    """
    table = pq.read_table(io.BytesIO(data))
    meta = json.loads(table.schema.metadata[_META])
    first = meta["first"]
    if set(symbols) != set(first):
        return None
    frame = table.to_pandas().set_index("date")
    frame.index = pd.DatetimeIndex(frame.index, name="date")
    cut = pd.Timestamp(as_of)
    groups = {}
    for name, spec in meta["layout"].items():
        groups[name] = _group(frame, {**spec, "name": name}).loc[:cut]
    values = {}
    for f in fields(Breadth):
        if f.name in _DERIVED:
            continue
        if f.name in groups:
            values[f.name] = groups[f.name]
        else:
            prefix = f"{f.name}["
            values[f.name] = {int(k[len(prefix):-1]) if k[len(prefix):-1].isdigit() else k[len(prefix):-1]: v
                              for k, v in groups.items() if k.startswith(prefix)}
    dates = frame.index[frame.index <= cut]
    return Breadth(**values, members=len(symbols),
                   members_with_data=sum(1 for d in first.values() if pd.Timestamp(d) <= cut),
                   through=dates[-1] if len(dates) else None)


def store_breadth(store, manifest: Manifest) -> bool:
    """Compute and store the breadth of the published ``manifest``'s panel (once per version).

    Returns ``False`` when this Breadth cannot be stored (its fields changed shape): the page
    then computes, as it always can.
    """
    from analytics.data.panel import read_panel

    key = breadth_key(manifest)
    if store.objects.get(key) is not None:
        return True
    try:
        data = breadth_bytes(read_panel(store, manifest.universe, manifest))
    except TypeError:
        return False
    store.objects.put(key, data)
    return True


def stored_breadth(source, symbols, as_of) -> Breadth | None:
    """The covering panel's stored breadth cut at ``as_of``, when the source keeps one computed on
    exactly these members for the panel version now published; else ``None`` (compute it).

    Only store-backed sources have ``member_companion``; for the others this is always ``None``.
    """
    read = getattr(source, "member_companion", None)
    blob = read(list(symbols), COMPANION) if read else None
    if blob is None:
        return None
    try:
        return breadth_from_bytes(blob, partition_symbols(symbols)[0], as_of)
    except (ValueError, KeyError, TypeError, OSError):
        return None  # unreadable or from another layout: computing is always right
