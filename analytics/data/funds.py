"""Fund valuation and member fundamentals from Yahoo Finance (yfinance).

For a fund: ``Ticker(sym).info`` (trailing P/E, yield, expense ratio, net assets),
``.funds_data.equity_holdings`` (holdings' P/E and P/B, as yields), ``.fund_operations``
(annual report expense ratio), ``.fund_overview`` (category, family) and
``.sector_weightings`` (Yahoo key -> fraction). For a stock: ``info`` trailing and forward EPS
and price. ``fetch_*`` do the I/O (each call bounded by a timeout, failures raised as typed
errors); ``normalize_*`` are pure and tested on recorded payloads in ``tests/fixtures``.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from analytics.data import yahoo_fields as fields
from analytics.data.gics import normalize_sector_weightings
from analytics.data.ratelimit import current_deadline, passthrough
from analytics.errors import (
    DashboardError,
    DataUnavailableError,
    FetchTimeoutError,
    RateLimitedError,
    SourceUnreachableError,
    network_error,
)

#: The fund valuation fields, each with the words a message or a table uses for it.
FIELD_LABELS = {
    "trailing_pe": "trailing P/E", "forward_pe": "forward P/E", "price_to_book": "price/book",
    "dividend_yield": "dividend yield", "expense_ratio": "expense ratio", "net_assets": "net assets",
}
FUND_FIELDS = tuple(FIELD_LABELS)
FUNDAMENTAL_COLUMNS = ("trailing_eps", "forward_eps", "price", "market_cap")
#: Stocks per chunk of the member fundamentals: one progress step, one cache write batch.
FUNDAMENTALS_CHUNK = 50
#: Parallel ``info`` requests: Yahoo throttles a burst of more.
FUNDAMENTALS_WORKERS = 4
YAHOO = "Yahoo"


@dataclass(frozen=True)
class FundValue:
    """One normalised number, where it came from and what was done to it (or why it is n/a)."""

    value: float | None
    source: str
    note: str = ""


@dataclass(frozen=True)
class FundData:
    """A fund's valuation fields (:data:`FUND_FIELDS`) and Yahoo's sector mix (GICS names)."""

    symbol: str
    values: dict[str, FundValue]
    sector_weights: dict[str, float] = field(default_factory=dict)
    fetched_at: datetime | None = None
    provider: str = YAHOO
    name: str = ""
    note: str = ""

    def to_frame(self) -> tuple[pd.DataFrame, dict]:
        """A frame and metadata for the store."""
        frame = pd.DataFrame(
            [(k, v.value, v.source, v.note) for k, v in self.values.items()],
            columns=["field", "value", "source", "note"],
        )
        meta = {"sectors": json.dumps(self.sector_weights), "provider": self.provider, "name": self.name}
        return frame, meta

    @classmethod
    def from_frame(cls, symbol: str, frame: pd.DataFrame, meta: dict, fetched_at: datetime | None,
                   note: str = "") -> FundData:
        values = {
            row.field: FundValue(None if pd.isna(row.value) else float(row.value), row.source, row.note or "")
            for row in frame.itertuples(index=False)
        }
        return cls(symbol, values, json.loads(meta.get("sectors") or "{}"), fetched_at,
                   meta.get("provider", YAHOO), meta.get("name", ""), note)


@dataclass
class FundamentalsBatch:
    """Member EPS and prices: ``frame`` indexed by symbol with :data:`FUNDAMENTAL_COLUMNS`."""

    frame: pd.DataFrame = field(default_factory=lambda: empty_fundamentals())
    failed: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    notes: list[str] = field(default_factory=list)


def empty_fundamentals() -> pd.DataFrame:
    return pd.DataFrame(columns=list(FUNDAMENTAL_COLUMNS), index=pd.Index([], name="symbol"), dtype="float64")


# -- normalize (pure) ------------------------------------------------------------------------

def _frame_value(frame: pd.DataFrame | None, row: str, symbol: str) -> object:
    """A cell of yfinance's two-column tables (index label, the fund's own column)."""
    if frame is None or not isinstance(frame, pd.DataFrame) or row not in frame.index:
        return None
    column = symbol if symbol in frame.columns else (frame.columns[0] if len(frame.columns) else None)
    return None if column is None else frame.at[row, column]


def _first(candidates: list[tuple[str, fields.Normalized]]) -> FundValue:
    """The first usable candidate; if none, n/a with every reason."""
    for source, result in candidates:
        if result.value is not None:
            return FundValue(result.value, source, result.note)
    return FundValue(None, "", "; ".join(r.note for _, r in candidates if r.note) or "not given")


def normalize_fund_payload(symbol: str, payload: dict, fetched_at: datetime | None = None) -> FundData:
    """Turn a recorded fund payload into :class:`FundData`.

    ``payload`` holds ``info`` (dict), ``equity_holdings`` and ``fund_operations`` (yfinance's
    DataFrames, index "Average" / "Attributes", a column named after the fund), ``fund_overview``
    (dict) and ``sector_weightings`` (dict). The order of preference per field is written below;
    a field no source gives is ``None`` with the reasons, never a guess.
    """
    info = payload.get("info") or {}
    holdings = payload.get("equity_holdings")
    operations = payload.get("fund_operations")
    if not info and holdings is None and operations is None:
        raise DataUnavailableError(f"Yahoo fund data for {symbol}: empty answer (check the ticker)")
    holdings_pe = _frame_value(holdings, "Price/Earnings", symbol)
    holdings_pb = _frame_value(holdings, "Price/Book", symbol)
    values = {
        "trailing_pe": _first([
            ("Yahoo info.trailingPE", fields.ratio(info.get("trailingPE"), "trailing P/E")),
            ("Yahoo funds_data.equity_holdings Price/Earnings",
             fields.ratio_from_yield(holdings_pe, "P/E")),
        ]),
        "forward_pe": _first([("Yahoo info.forwardPE", fields.ratio(info.get("forwardPE"), "forward P/E"))]),
        "price_to_book": _first([
            ("Yahoo info.priceToBook", fields.ratio(info.get("priceToBook"), "price/book")),
            ("Yahoo funds_data.equity_holdings Price/Book", fields.ratio_from_yield(holdings_pb, "P/B")),
        ]),
        "dividend_yield": _first([
            ("Yahoo info.yield", fields.yield_fraction(info.get("yield"))),
            ("Yahoo info.dividendYield", fields.dividend_yield_points(info.get("dividendYield"))),
            ("Yahoo info.trailingAnnualDividendYield", fields.yield_fraction(info.get("trailingAnnualDividendYield"))),
        ]),
        "expense_ratio": _first([
            ("Yahoo info.netExpenseRatio", fields.expense_ratio_points(info.get("netExpenseRatio"))),
            ("Yahoo funds_data.fund_operations Annual Report Expense Ratio",
             fields.expense_ratio_fraction(_frame_value(operations, "Annual Report Expense Ratio", symbol))),
        ]),
        "net_assets": _first([("Yahoo info.totalAssets", fields.dollars(info.get("totalAssets"), "net assets"))]),
    }
    overview = payload.get("fund_overview") or {}
    name = str(info.get("longName") or info.get("shortName") or overview.get("family") or "")
    mix = normalize_sector_weightings(payload.get("sector_weightings") or {})
    if all(v.value is None for v in values.values()) and not mix:
        # An answer with nothing usable must not replace a last good copy in the cache.
        raise DataUnavailableError(f"Yahoo fund data for {symbol}: no usable field (not a fund Yahoo knows, "
                                   "or its format changed?)")
    error = payload.get("funds_data_error")
    note = f"Yahoo's fund profile did not load ({error}): values from Ticker.info only" if error else ""
    return FundData(symbol, values, mix, fetched_at, YAHOO, name, note)


def normalize_stock_info(symbol: str, info: dict) -> dict[str, float | None]:
    """``trailing_eps``, ``forward_eps``, ``price``, ``market_cap`` from a stock's ``info``
    (``None`` where absent; the market cap weights members of an index whose weights we lack).

    Raises :class:`DataUnavailableError` when neither EPS nor a price is there (unknown symbol).
    """
    row = {"trailing_eps": fields.eps(info.get("trailingEps")),
           "forward_eps": fields.eps(info.get("forwardEps")),
           "price": fields.price(info),
           "market_cap": fields.dollars(info.get("marketCap"), "market cap").value}
    if all(row[k] is None for k in ("trailing_eps", "forward_eps", "price")):
        raise DataUnavailableError(f"Yahoo info for {symbol}: no EPS or price (delisted or renamed?)")
    return row


def normalize_ishares_allocation(text: str) -> pd.DataFrame:
    """Every row of an iShares holdings export, cash and futures included.

    Columns ``symbol, name, sector, asset_class, weight`` (percent). The equity-only reader
    (:func:`analytics.data.ishares.normalize_ishares_csv`) drops the non-equity rows; this one
    keeps them so the cash and derivatives share can be shown apart.
    """
    lines = text.lstrip("\ufeff").splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.startswith("Ticker,")), None)
    if start is None:
        raise DataUnavailableError("iShares file: no 'Ticker,' header line")
    table = []
    for line in lines[start:]:
        if not line.strip():
            break
        table.append(line)
    rows = list(csv.DictReader(io.StringIO("\n".join(table))))
    frame = pd.DataFrame({
        "symbol": [r.get("Ticker", "").strip() for r in rows],
        "name": [r.get("Name", "").strip() for r in rows],
        "sector": [r.get("Sector", "").strip() for r in rows],
        "asset_class": [r.get("Asset Class", "").strip() for r in rows],
        "weight": pd.to_numeric([str(r.get("Weight (%)", "")).replace(",", "") for r in rows], errors="coerce"),
    })
    if frame.empty:
        raise DataUnavailableError("iShares file lists no holdings")
    return frame


# -- fetch (I/O) -----------------------------------------------------------------------------

def _bounded(call: Callable[[], object], timeout: float, what: str) -> object:
    """Run ``call`` with a wall-clock bound; yfinance's ``info`` takes no timeout of its own."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(call).result(timeout=timeout)
    except FutureTimeout:
        raise FetchTimeoutError(f"{what}: no answer within {timeout:.1f} s; try again later") from None
    except DashboardError:
        raise
    except Exception as exc:
        name = type(exc).__name__
        if "RateLimit" in name or "429" in str(exc):
            raise RateLimitedError(f"{what}: Yahoo is rate-limiting requests; try again later") from None
        if "Missing" in name or isinstance(exc, (KeyError, IndexError)):
            raise DataUnavailableError(f"{what}: Yahoo has no such data ({name}); check the ticker") from None
        if isinstance(exc, OSError):  # requests', curl_cffi's and urllib's errors all are
            raise network_error(what, exc, timeout) from None  # DNS named as DNS, not "DNSError"
        raise SourceUnreachableError(f"{what}: {name}; check the connection and try again") from None
    finally:
        pool.shutdown(wait=False)


def fetch_fund_payload(symbol: str, timeout: float, ticker_factory: Callable | None = None) -> dict:
    """The raw pieces :func:`normalize_fund_payload` reads, for one fund."""
    if ticker_factory is None:
        import yfinance as yf

        ticker_factory = yf.Ticker

    def call() -> dict:
        ticker = ticker_factory(symbol)
        info = ticker.info or {}
        try:
            funds = ticker.funds_data
            extra = {"equity_holdings": funds.equity_holdings, "fund_operations": funds.fund_operations,
                     "fund_overview": funds.fund_overview, "sector_weightings": funds.sector_weightings}
        except Exception as exc:  # a stock or an unknown fund has no fund profile: info alone is used
            extra = {"funds_data_error": type(exc).__name__}
        return {"info": info, **extra}

    return _bounded(call, timeout, f"Yahoo fund data for {symbol}")


def download_fund_data(symbol: str, timeout: float, ticker_factory: Callable | None = None) -> FundData:
    return normalize_fund_payload(symbol, fetch_fund_payload(symbol, timeout, ticker_factory), datetime.now())


def fetch_stock_info(symbol: str, timeout: float, ticker_factory: Callable | None = None) -> dict:
    if ticker_factory is None:
        import yfinance as yf

        ticker_factory = yf.Ticker
    return _bounded(lambda: ticker_factory(symbol).info or {}, timeout, f"Yahoo info for {symbol}")


def download_fundamentals(symbols: Sequence[str], timeout: float, ticker_factory: Callable | None = None,
                          workers: int = FUNDAMENTALS_WORKERS,
                          limiter: Callable[..., object] = passthrough) -> FundamentalsBatch:
    """EPS and price for each symbol, a few requests at a time; failures listed with reasons.

    Each ``info`` request goes through ``limiter`` (Yahoo's
    :meth:`analytics.data.ratelimit.HostLimiter.call`: paced, a 429 retried after a back-off)
    under the caller's load budget; once the budget is spent the rest fail at once with
    :class:`~analytics.data.ratelimit.BudgetSpentError`'s reason, and the rows fetched stand.
    """
    batch = FundamentalsBatch(fetched_at=datetime.now())
    rows: dict[str, dict] = {}
    deadline = current_deadline()  # the worker threads do not see the caller's context

    def one(symbol: str):
        try:
            info = limiter(lambda: fetch_stock_info(symbol, timeout, ticker_factory), 1.0, deadline)
            return symbol, normalize_stock_info(symbol, info), None
        except DashboardError as exc:
            return symbol, None, str(exc)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for symbol, row, error in pool.map(one, symbols):
            if row is None:
                batch.failed[symbol] = error
            else:
                rows[symbol] = row
    batch.frame = fundamentals_frame(rows)
    return batch


def fundamentals_frame(rows: dict[str, dict]) -> pd.DataFrame:
    if not rows:
        return empty_fundamentals()
    frame = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=list(FUNDAMENTAL_COLUMNS))
    frame.index.name = "symbol"
    return frame.astype("float64")


def fundamentals_in_chunks(source, symbols: Sequence[str], chunk_size: int = FUNDAMENTALS_CHUNK,
                           progress: Callable[[int, int], None] | None = None) -> FundamentalsBatch:
    """``source.equity_fundamentals`` on successive chunks, merged; a chunk that fails as a
    whole marks its symbols failed and the next chunk is still tried."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    symbols = list(dict.fromkeys(symbols))
    frames, merged = [], FundamentalsBatch()
    for lo in range(0, len(symbols), chunk_size):
        chunk = symbols[lo:lo + chunk_size]
        try:
            batch = source.equity_fundamentals(chunk)
        except DashboardError as exc:
            merged.failed.update(dict.fromkeys(chunk, str(exc)))  # one message for the chunk
        else:
            frames.append(batch.frame)
            merged.failed.update(batch.failed)
            merged.notes.extend(batch.notes)
            if batch.fetched_at and (merged.fetched_at is None or batch.fetched_at < merged.fetched_at):
                merged.fetched_at = batch.fetched_at
        if progress:
            progress(min(lo + chunk_size, len(symbols)), len(symbols))
    frames = [f for f in frames if len(f)]
    merged.frame = pd.concat(frames) if frames else empty_fundamentals()
    return merged
