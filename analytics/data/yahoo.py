"""Daily bars from Yahoo Finance through ``yfinance.download``.

``fetch_download`` does the I/O; ``normalize_download`` is pure and is tested on recorded
frames. We ask for ``auto_adjust=False`` and use ``Close``: split-adjusted, not
dividend-adjusted, the price quoted on every exchange screen, so an incremental refresh can
append new days without the whole history shifting at every dividend. ``Adj Close`` (split-
and dividend-adjusted, the total-return basis) is kept beside it as ``adj_close``; the cache
rescales its older rows when a refresh brings a new dividend
(:meth:`analytics.data.cached.CachedSource._merge_tail`).
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

import pandas as pd

from analytics.data.base import PriceBatch, normalize_ohlcv
from analytics.data.http import RESPONSES, configure_libraries
from analytics.errors import (
    CHECK_NETWORK,
    RETRY_LATER,
    DataUnavailableError,
    FetchTimeoutError,
    HostUnreachableError,
    RateLimitedError,
    SessionExpiredError,
    SourceUnreachableError,
)

#: Yahoo's column names (auto_adjust=False) mapped to ours; ``Adj Close`` is the optional
#: total-return close (:data:`analytics.data.base.ADJ_CLOSE`).
YAHOO_COLUMNS = {"Open": "open", "High": "high", "Low": "low", "Close": "close", "Volume": "volume",
                 "Adj Close": "adj_close"}
YAHOO_FIELDS = set(YAHOO_COLUMNS) | {"Adj Close", "Dividends", "Stock Splits", "Capital Gains"}
DEFAULT_HISTORY_START = date(1990, 1, 1)
RATE_LIMIT_PATTERN = re.compile(r"rate limit|too many requests|429", re.IGNORECASE)
_ERROR_LINE = re.compile(r"^\s*\[(?P<tickers>[^\]]*)\]\s*:\s*(?P<reason>.+)$", re.DOTALL)

Downloader = Callable[..., pd.DataFrame]
#: yfinance's logged reason (an exception's repr) for a failure of Yahoo itself, not of one
#: symbol: its pattern, the typed error it means when every symbol of a request meets it, and
#: what a viewer reads. First match wins; any other reason (``possibly delisted...``) is kept.
_NETWORK_REASONS = (
    (re.compile(r"timed? ?out|timeout", re.I), FetchTimeoutError,
     f"Yahoo Finance did not answer in time; {RETRY_LATER}"),
    (re.compile(r"resolve|name resolution|name or service|getaddrinfo|dnserror", re.I), HostUnreachableError,
     f"Yahoo Finance's host name does not resolve (DNS); {CHECK_NETWORK}"),
    (re.compile(r"connectionerror|connection (refused|reset|aborted)|failed to connect|ssl|certificate"
                r"|couldn't connect|recv failure|empty reply", re.I),
     HostUnreachableError, f"cannot connect to Yahoo Finance; {CHECK_NETWORK}"),
    (re.compile(r"\b401\b|unauthori[sz]ed|invalid crumb", re.I), SessionExpiredError,
     f"Yahoo Finance refused the request (its session expired or this server is blocked); {RETRY_LATER}"),
    (re.compile(r"\b403\b|forbidden", re.I), SourceUnreachableError,
     f"Yahoo Finance refused the request (this server is blocked?); {RETRY_LATER}"),
    (re.compile(r"\b5\d\d\b|server error|bad gateway|service unavailable", re.I), SourceUnreachableError,
     f"Yahoo Finance's server failed (HTTP 5xx); {RETRY_LATER}"),
    (re.compile(r"jsondecode|expecting value|unterminated string|<html", re.I), SourceUnreachableError,
     f"Yahoo Finance sent an unreadable answer (empty, cut off or a web page); {RETRY_LATER}"),
)


CHART_PATH = "/v8/finance/chart/{symbol}"
#: An HTTP status on a symbol's chart request, as yfinance's reason would have said it.
_STATUS_REASONS = {401: "HTTP 401 unauthorized (invalid crumb)", 403: "HTTP 403 forbidden",
                   429: "HTTP 429 too many requests"}


def status_reason(status: int, html: bool) -> str | None:
    """The failure an HTTP answer on a chart request means (``None``: none of Yahoo's own,
    keep yfinance's reason). A 404 is Yahoo's answer for a symbol it does not know."""
    if status in _STATUS_REASONS:
        return _STATUS_REASONS[status]
    if status >= 500:
        return f"HTTP {status} server error"
    if status == 404:
        return "Yahoo Finance does not know this symbol (HTTP 404: mistyped, renamed or delisted?)"
    if html:
        return "jsondecode: <html> page instead of data"
    return None


def _true_reasons(reasons: dict[str, str], symbols: Sequence[str]) -> dict[str, str]:
    """yfinance's reasons, each replaced by what its chart request really met (:data:`RESPONSES`)."""
    out = dict(reasons)
    for symbol in symbols:
        seen = RESPONSES.get(CHART_PATH.format(symbol=symbol))
        real = status_reason(*seen) if seen else None
        if real and (symbol in out or seen[0] != 200):
            out[symbol] = real
    return out


def explain_reason(reason: str) -> tuple[str, type[SourceUnreachableError] | None]:
    """yfinance's per-ticker error text as a viewer reads it, and the typed error it means when
    Yahoo itself failed (``None``: a reason about the symbol, kept as Yahoo gave it). Rate
    limits are recognised apart (:data:`RATE_LIMIT_PATTERN`)."""
    if not RATE_LIMIT_PATTERN.search(reason):
        for pattern, error, text in _NETWORK_REASONS:
            if pattern.search(reason):
                return text, error
    return (reason if reason.startswith("Yahoo") else f"Yahoo Finance: {reason}"), None


class _ErrorCapture(logging.Handler):
    """Collects the per-ticker errors yfinance logs instead of raising."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.reasons: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        match = _ERROR_LINE.match(record.getMessage())
        if not match:
            return
        reason = " ".join(match["reason"].split())[:200]
        for ticker in re.findall(r"'([^']+)'", match["tickers"]):
            self.reasons[ticker.upper()] = reason


def _split_by_ticker(frame: pd.DataFrame, symbols: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Per-ticker sub-frames from either MultiIndex orientation or a single-ticker frame."""
    if frame is None or frame.empty:
        return {}
    if not isinstance(frame.columns, pd.MultiIndex):
        return {symbols[0]: frame} if len(symbols) == 1 else {}
    level0 = {str(v) for v in frame.columns.get_level_values(0)}
    ticker_level = 1 if level0 & YAHOO_FIELDS else 0
    out = {}
    for ticker in dict.fromkeys(frame.columns.get_level_values(ticker_level)):
        sub = frame.xs(ticker, axis=1, level=ticker_level)
        out[str(ticker).upper()] = sub
    return out


def normalize_download(
    frame: pd.DataFrame | None, symbols: Sequence[str], reasons: dict[str, str] | None = None
) -> PriceBatch:
    """Turn a ``yf.download`` result into a :class:`PriceBatch`.

    Parameters
    ----------
    frame : DataFrame or None
        What ``yf.download`` returned: columns ``(Price, Ticker)`` for ``group_by="column"``,
        ``(Ticker, Price)`` for ``group_by="ticker"``, or flat for one ticker.
    symbols : sequence of str
        The symbols asked for; any without a usable close is reported in ``failed``.
    reasons : dict, optional
        Per-ticker error text captured from yfinance's log.
    """
    reasons = {s: explain_reason(why)[0] for s, why in (reasons or {}).items()}
    batch = PriceBatch()
    by_ticker = _split_by_ticker(frame, symbols)
    for symbol in symbols:
        raw = by_ticker.get(symbol)
        if raw is None:
            batch.failed[symbol] = reasons.get(symbol, "no data returned by Yahoo Finance")
            continue
        renamed = raw.rename(columns=YAHOO_COLUMNS)
        if "close" not in renamed.columns:
            batch.failed[symbol] = "Yahoo Finance's answer has no Close column (its format changed?)"
            continue
        try:
            batch.frames[symbol] = normalize_ohlcv(renamed, symbol)
        except DataUnavailableError:
            batch.failed[symbol] = reasons.get(
                symbol, "Yahoo Finance returned no usable closes (unknown or delisted symbol?)")
    return batch


def fetch_download(
    symbols: Sequence[str],
    start: date | None,
    timeout: float,
    downloader: Downloader | None = None,
) -> tuple[pd.DataFrame | None, dict[str, str]]:
    """One batched ``yf.download`` call; returns the raw frame and the logged per-ticker errors."""
    if downloader is None:
        import yfinance as yf

        session = configure_libraries(timeout)  # yfinance raises network failures, bounded
        downloader = partial(yf.download, session=session)
    capture = _ErrorCapture()
    yf_logger = logging.getLogger("yfinance")
    yf_logger.addHandler(capture)
    RESPONSES.forget(CHART_PATH.format(symbol=s) for s in symbols)
    try:
        frame = _download(downloader, symbols, start, timeout)
        return frame, _true_reasons(capture.reasons, symbols)
    except Exception as exc:  # yfinance mostly logs, but a few failures escape as exceptions
        if RATE_LIMIT_PATTERN.search(f"{type(exc).__name__} {exc}"):
            raise RateLimitedError(f"Yahoo Finance is rate-limiting requests; {RETRY_LATER}") from None
        text, error = explain_reason(f"{type(exc).__name__}({exc})")
        raise (error or DataUnavailableError)(text) from None
    finally:
        yf_logger.removeHandler(capture)


def _download(downloader: Downloader, symbols: Sequence[str], start: date | None,
              timeout: float) -> pd.DataFrame | None:
    return downloader(
        list(symbols),
        start=(start or DEFAULT_HISTORY_START).isoformat(),
        auto_adjust=False,
        actions=False,
        progress=False,
        group_by="column",
        multi_level_index=True,
        threads=True,
        timeout=timeout,
    )


def _raise_if_unreachable(batch: PriceBatch, reasons: dict[str, str], so_far: PriceBatch) -> None:
    """A request where every symbol failed for a network-level reason failed as a whole: raise
    it typed (a timeout as :class:`FetchTimeoutError`), so callers keep their last good copy."""
    if batch.frames or so_far.frames or not batch.failed:
        return
    explained = [explain_reason(reasons.get(s, "")) for s in batch.failed]
    if all(error is not None for _, error in explained):
        text, error = explained[0]
        raise error(text)


def download_prices(
    symbols: Sequence[str],
    start: date | None,
    timeout: float,
    downloader: Downloader | None = None,
    retries: int = 3,
    backoff_s: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> PriceBatch:
    """Fetch and normalize, retrying with exponential backoff when Yahoo rate-limits.

    Only the rate-limited symbols are asked for again; the rest are kept.
    """
    pending = list(symbols)
    result = PriceBatch()
    for attempt in range(retries + 1):
        frame, reasons = fetch_download(pending, start, timeout, downloader)
        batch = normalize_download(frame, pending, reasons)
        _raise_if_unreachable(batch, reasons, result)
        result.frames.update(batch.frames)
        limited = [s for s, why in batch.failed.items() if RATE_LIMIT_PATTERN.search(why)]
        for symbol, why in batch.failed.items():
            if symbol not in limited:
                result.failed[symbol] = why
        if not limited:
            return result
        pending = limited
        if attempt < retries:
            sleep(backoff_s * 2**attempt)
    if not result.frames:
        raise RateLimitedError(f"Yahoo Finance is rate-limiting requests ({len(pending)} symbols); "
                               f"{RETRY_LATER}")
    for symbol in pending:
        result.failed[symbol] = "rate limited by Yahoo Finance; try again later"
    return result
