"""CSV exports a reader can trust: units in the header, provenance on top, nothing padded.

Every CSV the pages offer is written here, so each one says what its numbers are and what
produced them, and none can smuggle a spreadsheet formula (OWASP "CSV injection").
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

#: Cells a spreadsheet would evaluate as a formula when they start with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that starts like a formula gets a leading apostrophe; numbers pass as they are.

    A carriage return becomes a space: the writer ends lines with ``\n`` and so leaves a
    lone ``\r`` unquoted, and a spreadsheet would start a new (formula) row there."""
    if isinstance(value, str):
        value = value.replace("\r\n", " ").replace("\r", " ")
        if value.lstrip(" ").startswith(FORMULA_PREFIXES):  # " =1+1" is evaluated too
            return "'" + value
    return value


def trim_leading_empty(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows before the first one with any value are dropped (warm-up rows carry no data)."""
    first = frame.dropna(how="all").index
    return frame.loc[first[0]:] if len(first) else frame.iloc[0:0]


def csv_text(frame: pd.DataFrame, units: str | Mapping[str, str],
             provenance: Mapping[str, object]) -> str:
    """The CSV of ``frame`` with a ``# key: value`` provenance block and units in the header.

    Parameters
    ----------
    frame : DataFrame
        The data behind a chart or table (index written as the first column).
    units : str or mapping
        One unit for every column (``"fraction"``: 0.021 is 2.1%), or a unit per column;
        a column without one keeps its name.
    provenance : mapping
        What produced the numbers: as-of date, source, anchors... written one per line.
        Read the file back with ``pandas.read_csv(path, comment="#")``.
    """
    out = trim_leading_empty(frame)
    per_column = units if isinstance(units, Mapping) else {c: units for c in out.columns}
    out = out.rename(columns={c: f"{c} ({per_column[c]})" for c in out.columns if per_column.get(c)})
    out = out.map(neutralise) if len(out) else out
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index):
        out.index = out.index.map(neutralise)
    # One line per entry: a line break inside a value would start an uncommented (formula) row.
    lines = [f"# {key}: {neutralise(' '.join(str(value).splitlines()))}\n" for key, value in provenance.items()]
    return "".join(lines) + out.to_csv(lineterminator="\n")
