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


def parse_symbol_csv(text: str) -> tuple[list[str], list[str]]:
    """Symbols from a CSV (a ``symbol``/``ticker`` column, else the first column).

    Returns the Yahoo-form symbols (deduplicated, in order) and the rejected cells.
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
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
