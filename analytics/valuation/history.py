"""Valuation history: dated records that grow with every refresh, and imported P/E history.

Yahoo gives only today's fund ratios, so the page keeps its own history: each
:func:`refresh_valuations` appends one record per fund and field (and the bottom-up figures)
dated the day it ran, in the store under ``funds/valuation-history-<namespace>``. A user can
also import a vendor's history (``date,<series>...``); it is validated row by row and kept
under ``funds/pe-history``.
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from analytics.catalog import THESIS_SYMBOLS
from analytics.errors import DashboardError, DataUnavailableError
from analytics.timeseries import to_timestamp

HISTORY_KIND = "funds"
IMPORT_KEY = "pe-history"
RECORD_COLUMNS = ("date", "subject", "field", "value", "source")
BAND_LOW, BAND_HIGH = 0.10, 0.90
#: At most this many rows and series in one imported file (a monthly series since 1871 is ~1,900).
MAX_IMPORT_ROWS = 100_000
MAX_IMPORT_SERIES = 20
_SERIES_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _./()%-]{0,59}$")


class HistoryImportError(DashboardError, ValueError):
    """An imported history file that cannot be used; the message names the bad row."""


# -- records kept by the refresh job ---------------------------------------------------------

def history_key(namespace: str) -> str:
    """Store key of one source's record history (``live``, ``demo``...)."""
    if not re.fullmatch(r"[a-z]{1,12}", namespace):
        raise ValueError(f"{namespace!r} is not a history namespace (lower-case letters)")
    return f"valuation-history-{namespace}"


def read_records(store, namespace: str) -> pd.DataFrame:
    """Every record kept so far (columns :data:`RECORD_COLUMNS`), empty when none."""
    entry = store.read(HISTORY_KIND, history_key(namespace))
    if entry is None:
        return pd.DataFrame(columns=list(RECORD_COLUMNS))
    frame = entry.frame.reset_index(drop=True)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def append_records(store, namespace: str, records: pd.DataFrame, when: date) -> pd.DataFrame:
    """Add ``records`` (``subject, field, value, source``) dated ``when``; a second refresh on
    the same day replaces that day's records. Returns the whole history."""
    old = read_records(store, namespace)
    stamp = to_timestamp(when)
    new = records.assign(date=stamp)[list(RECORD_COLUMNS)]
    merged = pd.concat([old[old["date"] != stamp], new], ignore_index=True) if len(old) else new
    merged = merged.sort_values(["date", "subject", "field"], ignore_index=True)
    store.write(HISTORY_KIND, history_key(namespace), merged)
    return merged


def records_from(funds: Sequence, bottom_up: dict[str, object]) -> pd.DataFrame:
    """Record rows from fund data (``FundData``) and bottom-up results (``BottomUp`` per index)."""
    rows = []
    for fund in funds:
        for name, item in fund.values.items():
            if item.value is not None:
                rows.append((fund.symbol, name, float(item.value), item.source))
    for index, result in bottom_up.items():
        if result is None:
            continue
        for name, value in result.as_dict().items():
            if value is not None:
                rows.append((f"{index} bottom-up", name, float(value), result.method))
    return pd.DataFrame(rows, columns=["subject", "field", "value", "source"])


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh recorded and what failed."""

    recorded: int
    failed: dict[str, str]
    history_start: pd.Timestamp | None
    history_days: int


def refresh_valuations(source, store, funds: Sequence[str] = THESIS_SYMBOLS, namespace: str = "live",
                       bottom_up: Callable[[], dict[str, object]] | None = None,
                       today: Callable[[], date] = date.today) -> RefreshResult:
    """Fetch each fund's valuation (and the bottom-up figures) and append today's record.

    ``bottom_up`` returns index name -> ``BottomUp`` (or ``None``); it is passed in because it
    needs the member fundamentals, which the caller loads with progress.
    """
    fetched, failed = [], {}
    for symbol in funds:
        try:
            fetched.append(source.fund_data(symbol))
        except DashboardError as exc:
            failed[symbol] = str(exc)
    results = bottom_up() if bottom_up else {}
    records = records_from(fetched, results)
    if records.empty:
        raise DataUnavailableError("nothing to record: " + "; ".join(f"{s}: {w}" for s, w in failed.items()))
    history = append_records(store, namespace, records, today())
    days = history["date"].nunique()
    return RefreshResult(len(records), failed, history["date"].min(), int(days))


def series_of(records: pd.DataFrame, field: str, as_of: date | str | pd.Timestamp) -> pd.DataFrame:
    """Wide frame date x subject of one field, records dated on or before ``as_of``."""
    part = records[(records["field"] == field) & (records["date"] <= to_timestamp(as_of))]
    if part.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    wide = part.pivot_table(index="date", columns="subject", values="value", aggfunc="last")
    wide.columns.name = None
    return wide


# -- imported history ------------------------------------------------------------------------

def parse_history_csv(text: str) -> pd.DataFrame:
    """Validate ``date,<series>...`` text into a frame indexed by date, one float column per series.

    Dates must be ISO (``YYYY-MM-DD``, or ``YYYY-MM`` for monthly data), unique; cells must be
    numbers or empty. The first bad row is named (row 1 is the header).

    Raises
    ------
    HistoryImportError
        With a message naming the row, the column and the value.
    """
    try:
        raw = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise HistoryImportError(f"not a CSV file ({str(exc).splitlines()[0]})") from exc
    columns = [str(c).strip() for c in raw.columns]
    if not columns or columns[0].lower() != "date":
        raise HistoryImportError(f"the first column must be 'date', found {columns[0] if columns else 'nothing'!r}")
    series = columns[1:]
    if not series:
        raise HistoryImportError("no series column after 'date' (expected date,<series>...)")
    if len(series) > MAX_IMPORT_SERIES:
        raise HistoryImportError(f"{len(series)} series columns; at most {MAX_IMPORT_SERIES}")
    for name in series:
        if not _SERIES_NAME.fullmatch(name):
            raise HistoryImportError(f"series name {name[:40]!r} in the header is not usable "
                                     "(letters, digits, spaces and _ . / ( ) % -, at most 60)")
    if len(set(series)) != len(series):
        raise HistoryImportError("two series columns have the same name")
    if raw.empty:
        raise HistoryImportError("the file has a header but no rows")
    if len(raw) > MAX_IMPORT_ROWS:
        raise HistoryImportError(f"{len(raw)} rows; at most {MAX_IMPORT_ROWS}")
    raw.columns = columns
    dates, values, seen = [], {name: [] for name in series}, {}
    for i, row in enumerate(raw.itertuples(index=False), start=2):
        cell = str(row[0]).strip()
        try:
            stamp = pd.Timestamp(date.fromisoformat(cell if len(cell) != 7 else f"{cell}-01"))
        except ValueError:
            raise HistoryImportError(f"row {i}: {cell[:30]!r} is not a date (YYYY-MM-DD)") from None
        if stamp in seen:
            raise HistoryImportError(f"row {i}: date {cell} repeats row {seen[stamp]}")
        seen[stamp] = i
        dates.append(stamp)
        for name, cell_value in zip(series, row[1:]):
            text_value = str(cell_value).strip().replace(",", "")
            if text_value == "":
                values[name].append(np.nan)
                continue
            try:
                number = float(text_value)
            except ValueError:
                raise HistoryImportError(f"row {i}, column {name!r}: {text_value[:30]!r} is not a number") from None
            if not math.isfinite(number):
                raise HistoryImportError(f"row {i}, column {name!r}: {text_value!r} is not a finite number")
            values[name].append(number)
    frame = pd.DataFrame(values, index=pd.DatetimeIndex(dates, name="date")).sort_index()
    empty = [name for name in series if frame[name].isna().all()]
    if empty:
        raise HistoryImportError(f"column {empty[0]!r} has no numbers")
    return frame


#: Column names that say nothing about the series: an import named so takes the file's name.
GENERIC_NAMES = frozenset({"close", "value", "values", "pe", "p/e", "series", "ratio"})


def name_after_file(frame: pd.DataFrame, filename: str) -> pd.DataFrame:
    """A single series with a generic header (``close``, ``value``...) renamed after its file
    (``multpl_shiller_cape_monthly.csv`` -> ``multpl shiller cape monthly``), so two imports
    never overwrite each other as ``close``."""
    if len(frame.columns) != 1 or str(frame.columns[0]).lower() not in GENERIC_NAMES:
        return frame
    stem = re.sub(r"[^A-Za-z0-9 _./()%-]+", " ", filename.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    stem = re.sub(r"[\s_]+", " ", stem).strip()[:60]
    return frame.rename(columns={frame.columns[0]: stem}) if _SERIES_NAME.fullmatch(stem or "-") else frame


def save_import(store, frame: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """Merge imported series into the kept ones (same name: replaced) and store them."""
    renamed = frame.rename(columns=lambda c: f"{prefix}{c}" if prefix else c)
    kept = read_imports(store)
    kept = kept.drop(columns=[c for c in renamed.columns if c in kept.columns])
    merged = kept.join(renamed, how="outer") if len(kept.columns) else renamed
    merged.index.name = "date"
    store.write(HISTORY_KIND, IMPORT_KEY, merged, {"saved": datetime.now().isoformat(timespec="seconds")})
    return merged


def read_imports(store) -> pd.DataFrame:
    """Every imported series kept so far (date x series), empty when none."""
    entry = store.read(HISTORY_KIND, IMPORT_KEY)
    if entry is None:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    frame = entry.frame
    frame.index = pd.DatetimeIndex(frame.index, name="date")
    return frame


def delete_import(store, name: str) -> pd.DataFrame:
    """Drop one kept series."""
    kept = read_imports(store)
    if name not in kept.columns:
        raise ValueError(f"no imported series named {name!r}")
    kept = kept.drop(columns=[name])
    store.write(HISTORY_KIND, IMPORT_KEY, kept)
    return kept


@dataclass(frozen=True)
class Bands:
    """Where a series' latest reading sits in its own history up to the as-of date."""

    name: str
    current: float | None
    current_date: pd.Timestamp | None
    median: float | None
    p10: float | None
    p90: float | None
    percentile: float | None
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    observations: int


def history_bands(series: pd.Series, as_of: date | str | pd.Timestamp) -> Bands:
    """Median and 10th/90th percentiles (linear interpolation, ``numpy.quantile``) of the
    observations on or before ``as_of``, and the percentile rank of the last one: the share of
    those observations at or below it (``scipy.stats.percentileofscore(kind="weak")``)."""
    values = series.loc[: to_timestamp(as_of)].dropna()
    if values.empty:
        return Bands(str(series.name), None, None, None, None, None, None,
                     None, None, 0)
    current = float(values.iloc[-1])
    array = values.to_numpy()
    return Bands(
        name=str(series.name), current=current, current_date=values.index[-1],
        median=float(np.quantile(array, 0.5)), p10=float(np.quantile(array, BAND_LOW)),
        p90=float(np.quantile(array, BAND_HIGH)), percentile=float((array <= current).mean()),
        start=values.index[0], end=values.index[-1], observations=len(array),
    )


def history_namespace(kind: str) -> str:
    """Records of live and cached data are one history; demo records are kept apart."""
    return "live" if kind in ("live", "cache") else kind
