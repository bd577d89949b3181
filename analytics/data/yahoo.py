"""Daily bars from Yahoo Finance through ``yfinance.download``.

``fetch_download`` does the I/O; ``normalize_download`` is pure and is tested on recorded
frames. We ask for ``auto_adjust=False`` and use ``Close``: split-adjusted, not
dividend-adjusted, the price quoted on every exchange screen, so an incremental refresh can
append new days without the whole history shifting at every dividend.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd

from analytics.data.base import PriceBatch, normalize_ohlcv
from analytics.errors import DataUnavailableError, RateLimitedError

#: Yahoo's column names (auto_adjust=False) mapped to ours; ``Adj Close`` is dropped on purpose.
YAHOO_COLUMNS = {"Open": "open", "High": "high", "Low": "low", "Close": "close", "Volume": "volume"}
YAHOO_FIELDS = set(YAHOO_COLUMNS) | {"Adj Close", "Dividends", "Stock Splits", "Capital Gains"}
DEFAULT_HISTORY_START = date(1990, 1, 1)
RATE_LIMIT_PATTERN = re.compile(r"rate limit|too many requests|429", re.IGNORECASE)
_ERROR_LINE = re.compile(r"^\s*\[(?P<tickers>[^\]]*)\]\s*:\s*(?P<reason>.+)$", re.DOTALL)

Downloader = Callable[..., pd.DataFrame]


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
    reasons = reasons or {}
    batch = PriceBatch()
    by_ticker = _split_by_ticker(frame, symbols)
    for symbol in symbols:
        raw = by_ticker.get(symbol)
        if raw is None:
            batch.failed[symbol] = reasons.get(symbol, "no data returned")
            continue
        renamed = raw.rename(columns=YAHOO_COLUMNS)
        try:
            batch.frames[symbol] = normalize_ohlcv(renamed, symbol)
        except DataUnavailableError:
            batch.failed[symbol] = reasons.get(symbol, "no price data (unknown or delisted symbol?)")
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

        downloader = yf.download
    capture = _ErrorCapture()
    yf_logger = logging.getLogger("yfinance")
    yf_logger.addHandler(capture)
    try:
        frame = downloader(
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
    finally:
        yf_logger.removeHandler(capture)
    return frame, capture.reasons


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
        raise RateLimitedError(f"Yahoo Finance is rate-limiting requests ({len(pending)} symbols)")
    for symbol in pending:
        result.failed[symbol] = "rate limited by Yahoo Finance; try again later"
    return result
