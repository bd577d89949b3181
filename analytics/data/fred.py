"""FRED series: fredapi when a key is set, else the keyless ``fredgraph.csv`` endpoint.

fredapi has no timeout of its own: its request gets one (:func:`timed_client_factory`), so a
hung call frees its worker, and the call runs in a worker thread that we stop waiting for
after ``timeout`` seconds. The key never reaches an error message (:func:`redact`).
With a key, ALFRED vintages (every release of a series) answer "what did FRED show on
that day" for point-in-time macro figures (:func:`vintage_as_of`).
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http.client import HTTPException

import pandas as pd

from analytics.data.ratelimit import passthrough
from analytics.errors import (
    RETRY_LATER,
    DataUnavailableError,
    FetchTimeoutError,
    RateLimitedError,
    SourceUnreachableError,
    http_error,
    network_error,
    redact,
)

#: What to do when FRED refuses the key (the message never shows the key itself).
KEY_ADVICE = "check FRED_API_KEY (or unset it to use the keyless CSV)"

FREDGRAPH_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
SERIES_ID_PATTERN = re.compile(r"^[A-Z0-9_]{1,30}$")
#: A request pacer: ``limiter(fn)`` calls ``fn`` when its host allows (see ``ratelimit``).
Limiter = Callable[..., object]
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
        raise DataUnavailableError(f"FRED {series_id}: the answer is not CSV (empty or a web page); {RETRY_LATER}")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str)
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataUnavailableError(f"FRED {series_id}: unreadable CSV ({type(exc).__name__})") from None
    if frame.shape[1] < 2:
        raise DataUnavailableError(f"FRED {series_id}: expected a date and a value column")
    if pd.to_datetime(frame.iloc[:, 0], errors="coerce", format="ISO8601").isna().all():
        raise DataUnavailableError(f"FRED {series_id}: the first column holds no dates (columns "
                                   f"{', '.join(map(str, frame.columns[:3]))[:60]}: its format changed?)")
    dates = pd.to_datetime(frame.iloc[:, 0], errors="coerce")
    values = pd.to_numeric(frame.iloc[:, 1].str.strip(), errors="coerce")
    series = pd.Series(values.to_numpy(dtype="float64"), index=pd.DatetimeIndex(dates, name="date"))
    series = series[series.index.notna() & series.notna()]
    series = series[~series.index.duplicated(keep="last")].sort_index()
    if series.empty:
        raise DataUnavailableError(f"FRED {series_id}: no observations in the answer (every value missing); {RETRY_LATER}")
    series.name = series_id
    return series


def normalize_fredapi_series(raw: pd.Series, series_id: str) -> pd.Series:
    """Coerce fredapi's ``get_series`` result (NaN for '.') to the same shape as the CSV path."""
    series = pd.to_numeric(pd.Series(raw), errors="coerce").astype("float64").dropna()
    series.index = pd.DatetimeIndex(pd.to_datetime(series.index), name="date")
    series = series[~series.index.duplicated(keep="last")].sort_index()
    if series.empty:
        raise DataUnavailableError(f"FRED {series_id}: no observations in the answer (every value missing); {RETRY_LATER}")
    series.name = series_id
    return series


def fetch_fredgraph_csv(series_id: str, timeout: float, get: Callable | None = None) -> str:
    """GET the keyless CSV for one series."""
    import requests

    get = get or requests.get
    try:
        response = get(FREDGRAPH_URL, params={"id": series_id}, timeout=timeout)
    except requests.RequestException as exc:
        raise network_error(f"FRED {series_id}", exc, timeout) from None
    if response.status_code != 200:
        raise http_error(f"FRED {series_id}", response.status_code, "unknown series (check the series id)") from None
    return response.text


def _call_fredapi(series_id: str, api_key: str, timeout: float, call: Callable) -> object:
    """Run ``call(client)`` in a worker thread; typed errors, the key redacted, after ``timeout`` s."""
    future = _EXECUTOR.submit(call)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout as exc:
        raise FetchTimeoutError(f"FRED {series_id}: no answer within {timeout:g} s; {RETRY_LATER}") from exc
    except ValueError as exc:
        # fredapi raises ValueError carrying FRED's own message (bad id, bad key...).
        message = redact(str(exc), [api_key])
        if message in ("", "None"):  # an error page without FRED's message (a proxy's 5xx)
            message = "FRED answered with an error page"
        lowered = message.lower()
        if "does not exist" in lowered or "no data exists" in lowered:
            raise DataUnavailableError(f"FRED {series_id}: unknown series") from None
        if "api_key" in lowered or "api key" in lowered:
            raise SourceUnreachableError(
                f"FRED {series_id}: FRED refused the API key ({message[:120]}); {KEY_ADVICE}") from None
        if "too many requests" in lowered or "rate limit" in lowered:
            raise RateLimitedError(f"FRED {series_id}: too many requests; {RETRY_LATER} (a minute)") from None
        raise SourceUnreachableError(f"FRED {series_id}: {message[:160]}; {RETRY_LATER}") from None
    except SyntaxError:  # xml ParseError: an empty, cut or HTML answer instead of FRED's XML
        raise SourceUnreachableError(f"FRED {series_id}: the answer was not FRED's XML; {RETRY_LATER}") from None
    except (OSError, HTTPException) as exc:  # urllib inside fredapi; its URL holds the key
        if isinstance(getattr(exc, "code", None), int):  # an HTTPError fredapi let through
            raise http_error(f"FRED {series_id}", exc.code, "unknown series (check the series id)") from None
        raise network_error(f"FRED {series_id}", exc, timeout) from None
    except Exception as exc:  # fredapi choking on an answer of an unexpected shape
        raise DataUnavailableError(
            f"FRED {series_id}: unexpected answer ({type(exc).__name__}); {RETRY_LATER}") from None


def timed_client_factory(timeout: float) -> Callable:
    """fredapi's ``Fred`` with a timeout on its one HTTP call (fredapi passes none, so a hung
    request would hold its worker thread for good): the same request and XML parsing as
    fredapi's private ``__fetch_data``, through ``fredapi.fred.urlopen`` (its HTTP layer,
    where fredapi's own tests and ours feed recorded answers) with ``timeout``."""
    import xml.etree.ElementTree as ET

    from fredapi import Fred
    from fredapi import fred as fred_module

    class TimedFred(Fred):
        def _Fred__fetch_data(self, url):  # fredapi 0.5.2's name-mangled fetch
            url += "&api_key=" + self.api_key
            try:
                response = fred_module.urlopen(url, timeout=timeout)
                root = ET.fromstring(response.read())
            except fred_module.HTTPError as exc:
                root = ET.fromstring(exc.read())
                raise ValueError(root.get("message")) from None
            return root

    return TimedFred


def _client_factory(client_factory: Callable | None, timeout: float) -> Callable:
    return timed_client_factory(timeout) if client_factory is None else client_factory


def fetch_fredapi(
    series_id: str, api_key: str, timeout: float, client_factory: Callable | None = None
) -> pd.Series:
    """Call fredapi in a worker thread and give up after ``timeout`` seconds."""
    factory = _client_factory(client_factory, timeout)
    return _call_fredapi(series_id, api_key, timeout,
                         lambda: factory(api_key=api_key).get_series(series_id))


def fetch_fredapi_releases(
    series_id: str, api_key: str, timeout: float, client_factory: Callable | None = None
) -> pd.DataFrame:
    """Every release and revision of a series (ALFRED), through fredapi's
    ``get_series_all_releases``: rows of ``realtime_start, date, value``.

    ``get_series_as_of_date`` is this call filtered on ``realtime_start``; fetching all
    releases once lets every as-of date be answered from one (cached) download.
    """
    factory = _client_factory(client_factory, timeout)
    return _call_fredapi(series_id, api_key, timeout,
                         lambda: factory(api_key=api_key).get_series_all_releases(series_id))


def normalize_fredapi_releases(raw: pd.DataFrame, series_id: str) -> pd.DataFrame:
    """Coerce fredapi's all-releases frame: parsed ``date`` and ``realtime_start``, float
    ``value`` (NaN for FRED's '.'), sorted by date then release; no rows without dates."""
    frame = pd.DataFrame(raw)
    missing = {"date", "realtime_start", "value"} - set(frame.columns)
    if missing:
        raise DataUnavailableError(f"FRED {series_id}: releases lack {', '.join(sorted(missing))}")
    out = pd.DataFrame({
        "date": pd.to_datetime(frame["date"], errors="coerce"),
        "realtime_start": pd.to_datetime(frame["realtime_start"], errors="coerce"),
        "value": pd.to_numeric(frame["value"], errors="coerce").astype("float64"),
    }).dropna(subset=["date", "realtime_start"])
    if out["value"].dropna().empty:
        raise DataUnavailableError(f"FRED {series_id}: no observations in any release")
    return out.sort_values(["date", "realtime_start"], ignore_index=True)


def vintage_as_of(releases: pd.DataFrame, as_of, series_id: str) -> pd.Series:
    """The series as FRED published it on ``as_of`` (what ``get_series_as_of_date`` gives):
    for each date, the value of the latest release on or before ``as_of``.

    Empty (not an error) when nothing had been published by then; a date whose latest
    release was '.' is left out.
    """
    stamp = pd.Timestamp(as_of)
    known = releases[releases["realtime_start"] <= stamp]
    latest = known.groupby("date", sort=True).last()["value"].dropna()
    series = pd.Series(latest.to_numpy(dtype="float64"), index=pd.DatetimeIndex(latest.index, name="date"),
                       name=series_id)
    return series


def download_fred(series_id: str, api_key: str | None, timeout: float,
                  limiter: Limiter = passthrough) -> pd.Series:
    """One FRED series, through fredapi when a key is set, else fredgraph CSV.

    ``limiter`` (FRED's :meth:`analytics.data.ratelimit.HostLimiter.call`) paces the request
    to FRED's 120 a minute and retries a 429 after a back-off.
    """
    series_id = validate_series_id(series_id)
    if api_key:
        return normalize_fredapi_series(limiter(lambda: fetch_fredapi(series_id, api_key, timeout)), series_id)
    return normalize_fredgraph_csv(limiter(lambda: fetch_fredgraph_csv(series_id, timeout)), series_id)


def download_fred_releases(series_id: str, api_key: str, timeout: float,
                           limiter: Limiter = passthrough) -> pd.DataFrame:
    """Every ALFRED release of one series (needs a key: ALFRED has no keyless endpoint)."""
    series_id = validate_series_id(series_id)
    raw = limiter(lambda: fetch_fredapi_releases(series_id, api_key, timeout))
    return normalize_fredapi_releases(raw, series_id)


@dataclass(frozen=True)
class SeriesCheck:
    """Whether FRED knows a series, and its last observation."""

    series_id: str
    exists: bool
    last_date: pd.Timestamp | None = None
    last_value: float | None = None
    reason: str = ""


def check_series(series_ids, fetch: Callable[[str], pd.Series]) -> list[SeriesCheck]:
    """Ask ``fetch`` (e.g. :func:`download_fred` bound to the key and timeout) for each id.

    Unknown ids and empty series are ``exists=False`` with FRED's reason; a network failure
    (:class:`SourceUnreachableError`) is raised, since it says nothing about the id.
    """
    checks = []
    for series_id in series_ids:
        try:
            series = fetch(series_id)
        except DataUnavailableError as exc:
            checks.append(SeriesCheck(series_id, False, reason=str(exc).removeprefix(f"FRED {series_id}: ")))
            continue
        checks.append(SeriesCheck(series_id, True, series.index[-1], float(series.iloc[-1])))
    return checks
