"""FRED series: fredapi when a key is set, else the keyless ``fredgraph.csv`` endpoint.

fredapi has no timeout of its own, so its call runs in a worker thread that we stop waiting
for after ``timeout`` seconds. The key never reaches an error message (:func:`redact`).
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import pandas as pd

from analytics.errors import (
    DataUnavailableError,
    FetchTimeoutError,
    SourceUnreachableError,
    redact,
)

FREDGRAPH_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
SERIES_ID_PATTERN = re.compile(r"^[A-Z0-9_]{1,30}$")
_EXECUTOR = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fred")


def validate_series_id(series_id: str) -> str:
    """Upper-case and check a FRED id before it reaches a URL or a path."""
    cleaned = str(series_id).strip().upper()
    if not SERIES_ID_PATTERN.fullmatch(cleaned):
        raise ValueError(f"{series_id!r} is not a FRED series id (letters, digits, _)")
    return cleaned


def normalize_fredgraph_csv(text: str, series_id: str) -> pd.Series:
    """Parse fredgraph CSV text (``observation_date,<ID>``, older ``DATE,<ID>``, or ``date,value``).

    FRED writes ``.`` for a missing observation; those rows are dropped, not zero-filled.
    """
    if not text.strip() or text.lstrip().startswith("<"):
        raise DataUnavailableError(f"FRED {series_id}: response is not CSV")
    frame = pd.read_csv(io.StringIO(text), dtype=str)
    if frame.shape[1] < 2:
        raise DataUnavailableError(f"FRED {series_id}: expected a date and a value column")
    dates = pd.to_datetime(frame.iloc[:, 0], errors="coerce")
    values = pd.to_numeric(frame.iloc[:, 1].str.strip(), errors="coerce")
    series = pd.Series(values.to_numpy(dtype="float64"), index=pd.DatetimeIndex(dates, name="date"))
    series = series[series.index.notna() & series.notna()]
    series = series[~series.index.duplicated(keep="last")].sort_index()
    if series.empty:
        raise DataUnavailableError(f"FRED {series_id}: no observations")
    series.name = series_id
    return series


def normalize_fredapi_series(raw: pd.Series, series_id: str) -> pd.Series:
    """Coerce fredapi's ``get_series`` result (NaN for '.') to the same shape as the CSV path."""
    series = pd.to_numeric(pd.Series(raw), errors="coerce").astype("float64").dropna()
    series.index = pd.DatetimeIndex(pd.to_datetime(series.index), name="date")
    series = series[~series.index.duplicated(keep="last")].sort_index()
    if series.empty:
        raise DataUnavailableError(f"FRED {series_id}: no observations")
    series.name = series_id
    return series


def fetch_fredgraph_csv(series_id: str, timeout: float, get: Callable | None = None) -> str:
    """GET the keyless CSV for one series."""
    import requests

    get = get or requests.get
    try:
        response = get(FREDGRAPH_URL, params={"id": series_id}, timeout=timeout)
    except requests.Timeout as exc:
        raise FetchTimeoutError(f"FRED {series_id}: no answer within {timeout:.0f} s") from exc
    except requests.RequestException as exc:
        raise SourceUnreachableError(f"FRED {series_id}: {type(exc).__name__}") from exc
    if response.status_code == 404:
        raise DataUnavailableError(f"FRED {series_id}: unknown series")
    if response.status_code != 200:
        raise SourceUnreachableError(f"FRED {series_id}: HTTP {response.status_code}")
    return response.text


def fetch_fredapi(
    series_id: str, api_key: str, timeout: float, client_factory: Callable | None = None
) -> pd.Series:
    """Call fredapi in a worker thread and give up after ``timeout`` seconds."""
    if client_factory is None:
        from fredapi import Fred

        client_factory = Fred
    future = _EXECUTOR.submit(lambda: client_factory(api_key=api_key).get_series(series_id))
    try:
        return future.result(timeout=timeout)
    except FutureTimeout as exc:
        raise FetchTimeoutError(f"FRED {series_id}: no answer within {timeout:.0f} s") from exc
    except ValueError as exc:
        # fredapi raises ValueError carrying FRED's own message (bad id, bad key...).
        message = redact(str(exc), [api_key])
        if "does not exist" in message.lower():
            raise DataUnavailableError(f"FRED {series_id}: unknown series") from None
        raise SourceUnreachableError(f"FRED {series_id}: {message[:160]}") from None
    except Exception as exc:  # network errors from urllib inside fredapi
        raise SourceUnreachableError(
            f"FRED {series_id}: {type(exc).__name__}: {redact(str(exc), [api_key])[:160]}"
        ) from None


def download_fred(series_id: str, api_key: str | None, timeout: float) -> pd.Series:
    """One FRED series, through fredapi when a key is set, else fredgraph CSV."""
    series_id = validate_series_id(series_id)
    if api_key:
        return normalize_fredapi_series(fetch_fredapi(series_id, api_key, timeout), series_id)
    return normalize_fredgraph_csv(fetch_fredgraph_csv(series_id, timeout), series_id)
