"""Index constituents from Wikipedia tables (S&P 500, Nasdaq-100)."""
from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from analytics.data.ishares import BROWSER_HEADERS
from analytics.errors import RETRY_LATER, DataUnavailableError, InvalidSymbolError, http_error, network_error
from analytics.symbols import to_yahoo_symbol

WIKIPEDIA_PAGES = {
    "sp500": "https://en.wikipedia.org/wiki/List_of_S%26P_500_companies",
    "nasdaq100": "https://en.wikipedia.org/wiki/Nasdaq-100",
}
#: Smallest plausible table per universe, so a truncated page is not taken as the index.
MIN_MEMBERS = {"sp500": 400, "nasdaq100": 90}
SYMBOL_COLUMNS = ("Symbol", "Ticker", "Ticker symbol")


def normalize_constituents_html(html: str, universe: str) -> list[str]:
    """Pick the first table with a ticker column and enough rows; return Yahoo symbols."""
    if not html.strip():
        raise DataUnavailableError(f"Wikipedia {universe}: the page is empty; {RETRY_LATER}")
    try:
        tables = pd.read_html(io.StringIO(html))
    except (ValueError, ImportError):  # no table, or nothing lxml can parse (html5lib is not used)
        raise DataUnavailableError(f"Wikipedia {universe}: no tables on the page; {RETRY_LATER}") from None
    minimum = MIN_MEMBERS.get(universe, 1)
    for table in tables:
        column = next((c for c in SYMBOL_COLUMNS if c in table.columns), None)
        if column is None or len(table) < minimum:
            continue
        symbols = []
        for raw in table[column].dropna().astype(str):  # an empty cell is no ticker (not "NAN")
            try:
                symbols.append(to_yahoo_symbol(raw))
            except InvalidSymbolError:
                continue
        symbols = list(dict.fromkeys(symbols))
        if len(symbols) >= minimum:
            return symbols
    raise DataUnavailableError(f"Wikipedia {universe}: no constituents table with {minimum}+ valid tickers "
                               f"(the page was cut off or changed); {RETRY_LATER}")


def fetch_constituents_html(universe: str, timeout: float, get: Callable | None = None) -> str:
    """GET the Wikipedia page with a browser User-Agent (the default one is refused)."""
    import requests

    url = WIKIPEDIA_PAGES.get(universe)
    if url is None:
        raise DataUnavailableError(f"no Wikipedia page known for universe {universe!r}")
    get = get or requests.get
    try:
        response = get(url, headers=BROWSER_HEADERS, timeout=timeout)
    except requests.RequestException as exc:
        raise network_error(f"Wikipedia {universe}", exc, timeout) from None
    if response.status_code != 200:
        raise http_error(f"Wikipedia {universe}", response.status_code, "the page is gone (renamed?)")
    return response.text
