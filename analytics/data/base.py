"""The one interface every data source implements, and the frames it hands back.

Price frames are indexed by a tz-naive ``DatetimeIndex`` named ``date`` (sorted, unique) with
float columns ``open, high, low, close, volume``; only ``close`` is required to be non-NaN.
An optional float column ``adj_close`` (split- and dividend-adjusted close, the total-return
basis; NaN where the provider has none) follows them when the provider gives one.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, Protocol

import pandas as pd

from analytics.errors import DataUnavailableError

if TYPE_CHECKING:
    from analytics.data.funds import FundamentalsBatch, FundData

OHLCV_COLUMNS = ("open", "high", "low", "close", "volume")
#: Split- and dividend-adjusted close: kept when a provider gives it, never required.
ADJ_CLOSE = "adj_close"
SourceKind = Literal["live", "cache", "snapshot", "demo"]


@dataclass
class PriceBatch:
    """Daily bars for several symbols, plus what went wrong for the others.

    Attributes
    ----------
    frames : dict
        Symbol to OHLCV frame, only for symbols that returned data.
    failed : dict
        Symbol to a one-line reason, for symbols that returned nothing usable.
    notes : list of str
        Non-fatal remarks a page should show (stale cache kept after a failed refresh...).
    fetched_at : datetime, optional
        When the oldest of the returned frames was fetched (``None``: not a network source).
    stale : bool
        True when some frame is older than its cache lifetime (a refresh failed or we are
        offline).
    """

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    fetched_at: datetime | None = None
    stale: bool = False

    def closes(self, symbols: Sequence[str] | None = None) -> pd.DataFrame:
        """Wide frame of closes, one column per symbol, outer-joined on date."""
        names = [s for s in (symbols or self.frames) if s in self.frames]
        if not names:
            return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
        wide = pd.concat({s: self.frames[s]["close"] for s in names}, axis=1, sort=True)
        wide.index.name = "date"
        return wide


@dataclass(frozen=True)
class Holdings:
    """A fund's holdings: ``symbol, name, sector, weight`` (weight in percent)."""

    fund: str
    frame: pd.DataFrame
    as_of: date | None
    note: str = ""


@dataclass(frozen=True)
class Universe:
    """Index membership, with the date the list was taken (for survivorship caveats)."""

    name: str
    symbols: tuple[str, ...]
    as_of: date | None
    note: str = ""


@dataclass(frozen=True)
class SourceInfo:
    """What a page shows in its source badge."""

    kind: SourceKind
    label: str
    fetched_at: datetime | None = None
    stale: bool = False
    detail: str = ""


class Source(Protocol):
    """Daily prices, FRED series, fund holdings and universes from one provider."""

    def info(self) -> SourceInfo: ...

    def prices(self, symbols: Sequence[str], start: date | None = None) -> PriceBatch: ...

    def fred(self, series_id: str) -> pd.Series: ...

    def holdings(self, fund: str) -> Holdings: ...

    def universe(self, name: str) -> Universe: ...

    def fund_data(self, symbol: str) -> FundData:
        """A fund's valuation fields and sector mix (today's values: Yahoo keeps no history)."""
        ...

    def equity_fundamentals(self, symbols: Sequence[str]) -> FundamentalsBatch:
        """Trailing and forward EPS and price per stock, with the failures listed."""
        ...


def normalize_ohlcv(frame: pd.DataFrame, symbol: str) -> pd.DataFrame:
    """Coerce a frame of daily bars to the package's contract.

    Lower-cases column names, keeps :data:`OHLCV_COLUMNS` (missing ones become NaN) and
    :data:`ADJ_CLOSE` when the frame has it (``Adj Close`` reads as ``adj_close``), parses
    and sorts a tz-naive date index, drops duplicate dates (last wins) and rows without a
    close. Raises :class:`DataUnavailableError` when nothing usable is left.
    """
    out = frame.copy()
    out.columns = [str(c).strip().lower().replace(" ", "_") for c in out.columns]
    if "date" in out.columns:
        out = out.set_index("date")
    index = pd.to_datetime(out.index, errors="coerce")
    if getattr(index, "tz", None) is not None:
        index = index.tz_localize(None)
    out.index = pd.DatetimeIndex(index).normalize()
    out.index.name = "date"
    optional = [ADJ_CLOSE] if ADJ_CLOSE in out.columns else []
    out = out.reindex(columns=[*OHLCV_COLUMNS, *optional])
    out = out.apply(pd.to_numeric, errors="coerce").astype("float64")
    out = out[out.index.notna() & out["close"].notna()]
    out = out[~out.index.duplicated(keep="last")].sort_index()
    if out.empty:
        raise DataUnavailableError(f"{symbol}: no rows with a close price")
    return out
