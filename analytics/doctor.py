"""``python -m analytics doctor``: can this server reach what the dashboard reads?

Each live source is asked once for one small thing (Yahoo prices, Yahoo fund info, FRED with
the key or the keyless CSV, iShares holdings, Wikipedia's S&P 500 list), and the store is
written, read back and cleaned. The probes run at the same time, each bounded by
:data:`PROBE_TIMEOUT_S`, so the whole check takes a few seconds even offline. The table says
per check: reachable or not, latency, one sample value or the error, and a suggested fix;
below it, the libraries' versions, whether a FRED key is set (never its value) and the store
URL. Exit status 0 when every check passed, 1 otherwise. Every line goes through
:func:`analytics.errors.redact` with the settings' secrets.
"""
from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import metadata
from typing import TextIO

from analytics.config import Settings
from analytics.errors import FetchTimeoutError, RateLimitedError, redact

#: Seconds one probe may take (its request's own timeout, and the wait for its answer).
PROBE_TIMEOUT_S = 5.0
#: Extra seconds the doctor waits past the probe timeout before calling a probe hung.
GRACE_S = 1.0
#: The libraries whose versions explain most provider breakages (Yahoo changes its API often).
LIBRARIES = ("yfinance", "fredapi", "curl_cffi", "requests")
#: Days of prices the Yahoo probe asks for: enough to span a long weekend and a holiday.
PRICE_PROBE_DAYS = 10
PRICE_SYMBOL, FUND_SYMBOL, FRED_SERIES_ID, WIKI_UNIVERSE = "SPY", "IWM", "DFF", "sp500"
STORE_PROBE_KEY = "doctor/probe.txt"
EXIT_OK, EXIT_FAILED = 0, 1

ProbeFn = Callable[[Settings, float], str]


@dataclass(frozen=True)
class Probe:
    """One check: its name and a function of (settings, timeout) returning a sample value."""

    name: str
    run: ProbeFn


@dataclass(frozen=True)
class Outcome:
    """What a probe found: ``sample`` when it passed, ``error`` and ``fix`` when it failed."""

    name: str
    ok: bool
    latency_s: float
    sample: str = ""
    error: str = ""
    fix: str = ""


# -- the probes (each asks for one small thing) ------------------------------------------------

def probe_yahoo_prices(settings: Settings, timeout: float) -> str:
    from analytics.data.yahoo import download_prices

    start = date.today() - timedelta(days=PRICE_PROBE_DAYS)
    batch = download_prices([PRICE_SYMBOL], start, timeout, retries=0)
    if PRICE_SYMBOL not in batch.frames:
        raise RuntimeError(batch.failed.get(PRICE_SYMBOL, "no prices"))
    close = batch.frames[PRICE_SYMBOL]["close"].dropna()
    return f"{PRICE_SYMBOL} close {close.iloc[-1]:.2f} on {close.index[-1]:%Y-%m-%d}"


def probe_yahoo_funds(settings: Settings, timeout: float) -> str:
    from analytics.data.funds import FIELD_LABELS, download_fund_data
    from analytics.data.http import configure_libraries

    configure_libraries(timeout)  # failures raised, not read as "no data"
    data = download_fund_data(FUND_SYMBOL, timeout)
    field, value = next(((k, v.value) for k, v in data.values.items() if v.value is not None), ("", None))
    return f"{FUND_SYMBOL} {FIELD_LABELS[field]} {value:g}" if field else f"{FUND_SYMBOL}: sector mix only"


def probe_fred(settings: Settings, timeout: float) -> str:
    from analytics.data.fred import download_fred

    series = download_fred(FRED_SERIES_ID, settings.fred_api_key, timeout)
    via = "API key" if settings.fred_api_key else "keyless fredgraph CSV"
    return f"{FRED_SERIES_ID} {series.iloc[-1]:g} on {series.index[-1]:%Y-%m-%d} ({via})"


def probe_ishares(settings: Settings, timeout: float) -> str:
    from analytics.data.ishares import download_holdings

    held = download_holdings(FUND_SYMBOL, timeout)
    return f"{FUND_SYMBOL}: {len(held.frame)} equity holdings as of {held.as_of}"


def probe_wikipedia(settings: Settings, timeout: float) -> str:
    from analytics.data.wikipedia import download_constituents

    return f"S&P 500: {len(download_constituents(WIKI_UNIVERSE, timeout))} members"


def probe_store(settings: Settings, timeout: float) -> str:
    """Write, read back and delete a small object: reachable is not enough, the job writes."""
    from analytics.data import open_store

    store = open_store(settings)
    store.objects.check()
    payload = f"doctor {time.time():.0f}".encode()
    store.objects.put(STORE_PROBE_KEY, payload)
    back = store.objects.get(STORE_PROBE_KEY)
    store.objects.delete(STORE_PROBE_KEY)
    if back is None or back[0] != payload:
        raise RuntimeError(f"store {store.url}: the probe object did not read back")
    return f"{store.url}: write, read, delete ok"


PROBES: tuple[Probe, ...] = (
    Probe("Yahoo prices", probe_yahoo_prices), Probe("Yahoo fund info", probe_yahoo_funds),
    Probe("FRED", probe_fred), Probe("iShares holdings", probe_ishares),
    Probe("Wikipedia S&P 500", probe_wikipedia), Probe("store", probe_store),
)


# -- diagnosis ---------------------------------------------------------------------------------

#: A failure's words (in its message) and what to do about it; first match wins.
_FIXES = (
    (re.compile(r"does not resolve|dns|name resolution", re.I),
     "no DNS: check this server's network connection (or its proxy settings)"),
    (re.compile(r"api.?key", re.I), "check FRED_API_KEY, or unset it to use the keyless CSV"),
    (re.compile(r"cannot connect|connection|ssl|certificate", re.I),
     "cannot connect: check the firewall, proxy (HTTPS_PROXY) or certificates"),
    (re.compile(r"\b40[13]\b|refused|crumb|blocked", re.I),
     "the provider refused this server: upgrade yfinance (see the versions) or try again later"),
    (re.compile(r"not writable|cannot create|permission|read-only|access ?denied", re.I),
     "the store is not writable: check MARKET_STORE_URL's directory (path, owner), or the bucket's "
     "credentials and policy"),
    (re.compile(r"bucket|credential|store", re.I),
     "check MARKET_STORE_URL and the AWS_* variables"),
)


def suggest_fix(exc: BaseException) -> str:
    """What to try for a probe's failure ``exc`` (its type first, then its message's words)."""
    if isinstance(exc, RateLimitedError):
        return "rate-limited: wait a few minutes before refreshing again"
    if isinstance(exc, (FetchTimeoutError, TimeoutError)):
        return "too slow: check the network, or raise DASHBOARD_HTTP_TIMEOUT"
    text = f"{type(exc).__name__} {exc}"
    return next((fix for pattern, fix in _FIXES if pattern.search(text)),
                "try again later; if it persists, upgrade the library named in the error")


def _timed(probe: Probe, settings: Settings, timeout: float) -> Outcome:
    begin = time.perf_counter()
    try:
        sample = probe.run(settings, timeout)
    except Exception as exc:  # a probe reports every failure: that is its whole point
        message = str(exc) or type(exc).__name__
        return Outcome(probe.name, False, time.perf_counter() - begin, error=message, fix=suggest_fix(exc))
    return Outcome(probe.name, True, time.perf_counter() - begin, sample=sample)


def run_probes(settings: Settings, probes: Sequence[Probe] = PROBES,
               timeout: float = PROBE_TIMEOUT_S) -> list[Outcome]:
    """Run every probe at once; one not done ``timeout + GRACE_S`` seconds later is reported
    hung (its thread is left to its own request timeout, the doctor does not wait for it)."""
    pool = ThreadPoolExecutor(max_workers=max(1, len(probes)), thread_name_prefix="doctor")
    futures = [pool.submit(_timed, p, settings, timeout) for p in probes]
    wait(futures, timeout=timeout + GRACE_S)
    pool.shutdown(wait=False, cancel_futures=True)
    return [f.result() if f.done() else
            Outcome(p.name, False, timeout + GRACE_S, error=f"no answer within {timeout:g} s",
                    fix=suggest_fix(TimeoutError()))
            for p, f in zip(probes, futures)]


def library_versions(names: Sequence[str] = LIBRARIES) -> dict[str, str]:
    """Each library's installed version, or ``not installed``."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def redact_url(url: str) -> str:
    """``url`` without a ``user:password@`` part (the settings refuse one; a display never shows it)."""
    return re.sub(r"(?<=://)[^/@\s]+@", "***@", url)


def report(outcomes: Sequence[Outcome], settings: Settings, elapsed_s: float, out: TextIO) -> None:
    """The table and the facts below it, every line with the secrets redacted."""
    def say(line: str) -> None:
        print(redact(line, settings.secrets), file=out)

    width = max(len(o.name) for o in outcomes)
    passed = sum(o.ok for o in outcomes)
    say(f"doctor: {passed} of {len(outcomes)} checks passed in {elapsed_s:.1f} s")
    say(f"  {'check':<{width}}  {'status':<7} {'latency':>8}  sample or error")
    for o in outcomes:
        status = "ok" if o.ok else "FAILED"
        say(f"  {o.name:<{width}}  {status:<7} {o.latency_s:>6.2f} s  {o.sample if o.ok else o.error}")
        if not o.ok:
            say(f"  {'':<{width}}  {'':<7} {'':>8}  fix: {o.fix}")
    versions = ", ".join(f"{k} {v}" for k, v in library_versions().items())
    say(f"libraries: {versions}")
    key = "set (FRED API, ALFRED vintages)" if settings.fred_api_key else "not set (keyless fredgraph CSV)"
    say(f"FRED key: {key}")
    say(f"store: {redact_url(settings.store_url)}")
    say(f"pace: Yahoo {settings.yahoo_per_minute:g}/min, FRED {settings.fred_per_minute:g}/min, "
        f"load budget {settings.load_budget_s:g} s (DASHBOARD_YAHOO_PER_MINUTE, DASHBOARD_FRED_PER_MINUTE, "
        f"DASHBOARD_LOAD_BUDGET_S)")


def run_doctor(settings: Settings, out: TextIO | None = None, probes: Sequence[Probe] = PROBES,
               timeout: float | None = None) -> int:
    """Probe, print the table, return :data:`EXIT_OK` or :data:`EXIT_FAILED`."""
    out = out or sys.stdout
    timeout = min(settings.http_timeout, PROBE_TIMEOUT_S) if timeout is None else timeout
    begin = time.perf_counter()
    outcomes = run_probes(settings, probes, timeout)
    report(outcomes, settings, time.perf_counter() - begin, out)
    return EXIT_OK if all(o.ok for o in outcomes) else EXIT_FAILED
