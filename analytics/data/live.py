"""The live source: Yahoo Finance, FRED, iShares and Wikipedia over the network."""
from __future__ import annotations

import socket
from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from analytics.config import PROBE_TIMEOUT_S, Settings
from analytics.data import fred as fred_api
from analytics.data import funds, ishares, wikipedia, yahoo
from analytics.data.base import Holdings, PriceBatch, SourceInfo, Universe
from analytics.data.batch import CHUNK_SIZE
from analytics.data.http import configure_libraries
from analytics.data.ratelimit import current_deadline, host_limiter
from analytics.errors import DataUnavailableError
from analytics.symbols import validate_symbol, validate_symbols

PROBE_HOST = ("query1.finance.yahoo.com", 443)
#: The Russell 2000 membership is read from the fund that tracks it.
UNIVERSE_FUNDS = {"russell2000": "IWM"}
#: Plausible member counts of a fund-drawn list (IWM holds about 1,900-2,000 equities): a file
#: outside it (cut off, or another fund's) never replaces a stored list.
FUND_UNIVERSE_RANGE = {"russell2000": (1500, 2200)}
#: The hosts behind the live source, as a message names them.
YAHOO_HOST, FRED_HOST, ISHARES_HOST, WIKIPEDIA_HOST = "Yahoo Finance", "FRED", "iShares", "Wikipedia"
#: Requests that may go at once: a price chunk to Yahoo (one request per symbol inside
#: ``yf.download``), a handful of FRED series (the refresh asks for about thirty).
YAHOO_BURST, FRED_BURST = float(CHUNK_SIZE), 10.0
_METHOD_HOSTS = {"prices": YAHOO_HOST, "fund_data": YAHOO_HOST, "equity_fundamentals": YAHOO_HOST,
                 "fred": FRED_HOST, "fred_releases": FRED_HOST, "fred_vintage": FRED_HOST,
                 "holdings": ISHARES_HOST}


def probe(host: tuple[str, int] = PROBE_HOST, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """True when a TCP connection to Yahoo opens within ``timeout`` seconds."""
    try:
        with socket.create_connection(host, timeout=timeout):
            return True
    except OSError:
        return False


class LiveSource:
    """Fetches on every call; wrap it in :class:`analytics.data.cached.CachedSource`."""

    kind = "live"

    def __init__(self, settings: Settings, downloader: yahoo.Downloader | None = None) -> None:
        self._settings = settings
        self._downloader = downloader
        # One limiter per host for the whole process: app sessions and loads share the pace.
        self._yahoo = host_limiter(YAHOO_HOST, settings.yahoo_per_minute, YAHOO_BURST)
        self._fred = host_limiter(FRED_HOST, settings.fred_per_minute, FRED_BURST)
        if settings.fred_api_key:
            # ALFRED vintages need a key: offered only then, so callers discover them with
            # getattr(source, "fred_vintage", None) and otherwise use release lags.
            self.fred_releases = self._fred_releases
            self.fred_vintage = self._fred_vintage

    @property
    def host_names(self) -> dict[str, str]:
        """Each host's DNS name, for the guard's look-up before its first call."""
        fred = "api.stlouisfed.org" if self._settings.fred_api_key else "fred.stlouisfed.org"
        return {YAHOO_HOST: PROBE_HOST[0], FRED_HOST: fred, ISHARES_HOST: "www.ishares.com",
                WIKIPEDIA_HOST: "en.wikipedia.org"}

    @staticmethod
    def host_for(method: str, *args) -> str | None:
        """The host a call of ``method`` with ``args`` reaches (for
        :class:`analytics.data.outage.HostGuard`); ``None`` for a call that reaches none."""
        if method == "universe":
            name = args[0] if args else ""
            return ISHARES_HOST if name in UNIVERSE_FUNDS else WIKIPEDIA_HOST
        return _METHOD_HOSTS.get(method)

    def info(self) -> SourceInfo:
        fred_via = "FRED API" if self._settings.fred_api_key else "FRED (keyless CSV)"
        return SourceInfo(
            kind="live",
            label=f"Live: Yahoo Finance, {fred_via}, iShares",
            fetched_at=datetime.now(),
        )

    def prices(self, symbols: Sequence[str], start: date | None = None) -> PriceBatch:
        valid = validate_symbols(symbols)
        # In a load the limiter backs off (jittered, within the budget); yfinance's own retries
        # would sleep outside both, so they are left to pages' one-off requests.
        retries = {"retries": 0} if current_deadline() is not None else {}
        return self._yahoo.call(lambda: yahoo.download_prices(
            valid, start, self._settings.http_timeout, self._downloader, **retries), cost=max(1, len(valid)))

    def fred(self, series_id: str) -> pd.Series:
        return fred_api.download_fred(
            series_id, self._settings.fred_api_key, self._settings.http_timeout, self._fred.call
        )

    def _fred_releases(self, series_id: str) -> pd.DataFrame:
        return fred_api.download_fred_releases(
            series_id, self._settings.fred_api_key, self._settings.http_timeout, self._fred.call
        )

    def _fred_vintage(self, series_id: str, as_of: date) -> pd.Series:
        return fred_api.vintage_as_of(self._fred_releases(series_id), as_of, series_id)

    def holdings(self, fund: str) -> Holdings:
        return ishares.download_holdings(validate_symbol(fund), self._settings.http_timeout)

    def universe(self, name: str) -> Universe:
        if name in UNIVERSE_FUNDS:
            held = self.holdings(UNIVERSE_FUNDS[name])
            low, high = FUND_UNIVERSE_RANGE.get(name, (1, 100_000))
            if not low <= len(held.frame) <= high:
                raise DataUnavailableError(f"iShares {UNIVERSE_FUNDS[name]}: {len(held.frame)} equity holdings, "
                                           f"expected {low} to {high} for {name} (a cut-off file?)")
            return Universe(name, tuple(held.frame["symbol"]), held.as_of)
        if name in wikipedia.WIKIPEDIA_PAGES:
            members = wikipedia.download_constituents(name, self._settings.http_timeout)
            return Universe(name, tuple(members), date.today())
        raise DataUnavailableError(f"unknown universe {name!r}")

    def fund_data(self, symbol: str) -> funds.FundData:
        configure_libraries(self._settings.http_timeout)  # failures raised, not "no data"
        symbol = validate_symbol(symbol)
        return self._yahoo.call(lambda: funds.download_fund_data(symbol, self._settings.http_timeout))

    def equity_fundamentals(self, symbols: Sequence[str]) -> funds.FundamentalsBatch:
        configure_libraries(self._settings.http_timeout)
        return funds.download_fundamentals(validate_symbols(symbols), self._settings.http_timeout,
                                           limiter=self._yahoo.call)
