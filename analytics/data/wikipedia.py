"""Index constituents from Wikipedia tables (S&P 500, Nasdaq-100)."""
from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from analytics.data.ishares import BROWSER_HEADERS
from analytics.errors import DataUnavailableError, FetchTimeoutError, SourceUnreachableError
from analytics.errors import InvalidSymbolError
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
    try:
        tables = pd.read_html(io.StringIO(html))
    except ValueError as exc:
        raise DataUnavailableError(f"{universe}: no tables on the page") from exc
    minimum = MIN_MEMBERS.get(universe, 1)
    for table in tables:
        column = next((c for c in SYMBOL_COLUMNS if c in table.columns), None)
        if column is None or len(table) < minimum:
            continue
        symbols = []
        for raw in table[column].astype(str):
            try:
                symbols.append(to_yahoo_symbol(raw))
            except InvalidSymbolError:
                continue
        return list(dict.fromkeys(symbols))
    raise DataUnavailableError(f"{universe}: no constituents table with {minimum}+ rows")


def fetch_constituents_html(universe: str, timeout: float, get: Callable | None = None) -> str:
    """GET the Wikipedia page with a browser User-Agent (the default one is refused)."""
    import requests

    url = WIKIPEDIA_PAGES.get(universe)
    if url is None:
        raise DataUnavailableError(f"no Wikipedia page known for universe {universe!r}")
    get = get or requests.get
    try:
        response = get(url, headers=BROWSER_HEADERS, timeout=timeout)
    except requests.Timeout as exc:
        raise FetchTimeoutError(f"Wikipedia {universe}: no answer within {timeout:.0f} s") from exc
    except requests.RequestException as exc:
        raise SourceUnreachableError(f"Wikipedia {universe}: {type(exc).__name__}") from exc
    if response.status_code != 200:
        raise SourceUnreachableError(f"Wikipedia {universe}: HTTP {response.status_code}")
    return response.text
