"""Index constituents from Wikipedia tables (S&P 500, Nasdaq-100).

Each universe has a list of pages, tried in order (the Nasdaq-100 members moved to their own
article; the index's page is the fallback). A table is found by its columns (a ticker column
beside a company column), never by its position, and a list is taken only when its size is
plausible for the index (:data:`MEMBER_RANGE`), so a cut-off or changed page never replaces
a stored list. Every request carries a descriptive User-Agent (Wikipedia refuses others).
"""
from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from analytics.data.http import WIKIPEDIA_HEADERS
from analytics.errors import RETRY_LATER, DataUnavailableError, InvalidSymbolError, SourceUnreachableError, http_error, network_error
from analytics.symbols import to_yahoo_symbol

#: Pages per universe, the current one first.
WIKIPEDIA_PAGES = {
    "sp500": ("https://en.wikipedia.org/wiki/List_of_S%26P_500_companies",),
    "nasdaq100": ("https://en.wikipedia.org/wiki/List_of_Nasdaq-100_companies",
                  "https://en.wikipedia.org/wiki/Nasdaq-100"),
}
#: Plausible member counts (an index of about 500 or 100 names, share classes included).
MEMBER_RANGE = {"sp500": (480, 520), "nasdaq100": (95, 110)}
SYMBOL_COLUMNS = ("Symbol", "Ticker", "Ticker symbol")
COMPANY_COLUMNS = ("Security", "Company", "Company name", "Name")


def _flat(column) -> str:
    return str(column[-1] if isinstance(column, tuple) else column).strip()


def normalize_constituents_html(html: str, universe: str) -> list[str]:
    """The members' Yahoo symbols from the first table with a ticker and a company column
    whose valid tickers number within :data:`MEMBER_RANGE` for ``universe``."""
    if not html.strip():
        raise DataUnavailableError(f"Wikipedia {universe}: the page is empty; {RETRY_LATER}")
    try:
        tables = pd.read_html(io.StringIO(html))
    except (ValueError, ImportError):  # no table, or nothing lxml can parse (html5lib is not used)
        raise DataUnavailableError(f"Wikipedia {universe}: no tables on the page; {RETRY_LATER}") from None
    low, high = MEMBER_RANGE.get(universe, (1, 100_000))
    sizes = []
    for table in tables:
        columns = {_flat(c): c for c in table.columns}
        symbol_col = next((columns[c] for c in SYMBOL_COLUMNS if c in columns), None)
        if symbol_col is None or not any(c in columns for c in COMPANY_COLUMNS):
            continue
        symbols = []
        for raw in table[symbol_col].dropna().astype(str):  # an empty cell is no ticker (not "NAN")
            try:
                symbols.append(to_yahoo_symbol(raw))
            except InvalidSymbolError:
                continue
        symbols = list(dict.fromkeys(symbols))
        if low <= len(symbols) <= high:
            return symbols
        sizes.append(len(symbols))
    found = f" (tables of {', '.join(map(str, sizes))})" if sizes else ""
    raise DataUnavailableError(f"Wikipedia {universe}: no constituents table of {low} to {high} tickers{found}: "
                               f"the page was cut off or changed; {RETRY_LATER}")


def _pages(universe: str) -> tuple[str, ...] | None:
    pages = WIKIPEDIA_PAGES.get(universe)
    return (pages,) if isinstance(pages, str) else pages


def fetch_constituents_html(universe: str, timeout: float, get: Callable | None = None,
                            url: str | None = None) -> str:
    """GET one Wikipedia page (``url``, default the universe's first) with our User-Agent."""
    import requests

    pages = _pages(universe)
    if pages is None:
        raise DataUnavailableError(f"no Wikipedia page known for universe {universe!r}")
    get = get or requests.get
    try:
        response = get(url or pages[0], headers=WIKIPEDIA_HEADERS, timeout=timeout)
    except requests.RequestException as exc:
        raise network_error(f"Wikipedia {universe}", exc, timeout) from None
    if response.status_code != 200:
        raise http_error(f"Wikipedia {universe}", response.status_code, "the page is gone (renamed?)")
    return response.text


def download_constituents(universe: str, timeout: float, get: Callable | None = None) -> list[str]:
    """The members from the first of the universe's pages that holds a plausible table; a
    network failure stops at once (the next page is on the same host)."""
    last: DataUnavailableError | None = None
    for url in _pages(universe) or (None,):
        try:
            return normalize_constituents_html(fetch_constituents_html(universe, timeout, get, url), universe)
        except SourceUnreachableError:
            raise
        except DataUnavailableError as exc:
            last = exc
    raise last or DataUnavailableError(f"no Wikipedia page known for universe {universe!r}")
