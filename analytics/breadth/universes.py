"""Universe helpers: user-supplied symbol lists and the index each universe is drawn under."""
from __future__ import annotations

import csv
import io

from analytics.errors import DataUnavailableError, InvalidSymbolError
from analytics.symbols import to_yahoo_symbol

#: The tradable proxy drawn above each universe's breadth.
UNIVERSE_INDEX = {"sp500": "SPY", "russell2000": "IWM", "nasdaq100": "QQQ"}
SYMBOL_HEADERS = ("symbol", "ticker", "symbols", "tickers")
MAX_CUSTOM_SYMBOLS = 5000
#: Characters a symbol list may have: 5,000 tickers with a name column fit in far less.
MAX_LIST_CHARS = 1_000_000


def parse_symbol_csv(text: str) -> tuple[list[str], list[str]]:
    """Symbols from a CSV (a ``symbol``/``ticker`` column, else the first column).

    Returns the Yahoo-form symbols (deduplicated, in order) and the rejected cells.
    """
    if len(text) > MAX_LIST_CHARS:
        raise DataUnavailableError(f"the file is over {MAX_LIST_CHARS // 1000:,} KB of text; "
                                   "a list of tickers is far smaller")
    if "\x00" in text or text.count("\ufffd") > max(3, len(text) // 100):
        raise DataUnavailableError("the file is not text (a binary file?); upload a CSV")
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise DataUnavailableError(f"the file is not a readable CSV ({exc})") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise DataUnavailableError("the file is empty")
    header = [c.strip().lower() for c in rows[0]]
    column = next((header.index(h) for h in SYMBOL_HEADERS if h in header), None)
    body = rows[1:] if column is not None else rows
    column = column or 0
    symbols: dict[str, None] = {}
    rejected = []
    for row in body:
        cell = row[column].strip() if column < len(row) else ""
        if not cell:
            continue
        try:
            symbols.setdefault(to_yahoo_symbol(cell), None)
        except InvalidSymbolError:
            rejected.append(cell[:20])
    if not symbols:
        raise DataUnavailableError("no valid ticker in the file")
    if len(symbols) > MAX_CUSTOM_SYMBOLS:
        raise DataUnavailableError(f"{len(symbols)} tickers; at most {MAX_CUSTOM_SYMBOLS} are supported")
    return list(symbols), rejected
