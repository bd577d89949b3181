"""Ticker validation: the only gate between user input and a file path or URL."""
from __future__ import annotations

import re
from collections.abc import Iterable

from analytics.errors import InvalidSymbolError

SYMBOL_PATTERN = re.compile(r"^[A-Z0-9^][A-Z0-9.\-=^]{0,14}$")


def validate_symbol(symbol: str) -> str:
    """Return ``symbol`` upper-cased and stripped, or raise :class:`InvalidSymbolError`.

    The pattern (DESIGN.md) admits Yahoo forms such as ``BRK-B``, ``^GSPC``, ``BTC-USD`` and
    ``EURUSD=X`` and rejects anything with a path separator, whitespace or a URL metacharacter.
    """
    if not isinstance(symbol, str):
        raise InvalidSymbolError(f"symbol must be text, got {type(symbol).__name__}")
    cleaned = symbol.strip().upper()
    if not SYMBOL_PATTERN.fullmatch(cleaned) or ".." in cleaned:
        raise InvalidSymbolError(
            f"{shown(symbol)!r} is not a valid ticker (letters, digits and . - = ^, at most 15 characters)"
        )
    return cleaned


def validate_symbols(symbols: Iterable[str]) -> list[str]:
    """Validate each symbol and drop duplicates, keeping first-seen order."""
    seen: dict[str, None] = {}
    for symbol in symbols:
        seen.setdefault(validate_symbol(symbol), None)
    return list(seen)


#: How much of a rejected value a reason or a key repeats (a pasted essay is not echoed back).
SHOWN_CHARS = 20


def shown(value: object) -> str:
    """``value`` as text, cut to :data:`SHOWN_CHARS` characters for messages and keys."""
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "..."


def partition_symbols(symbols: Iterable[object]) -> tuple[list[str], dict[str, str]]:
    """Split ``symbols`` into the valid ones (cleaned, deduplicated, first-seen order) and the
    rejected ones, each with the reason, so one bad ticker never fails a whole request.

    Returns
    -------
    valid : list of str
    rejected : dict
        The rejected value (cut to :data:`SHOWN_CHARS`) to a one-line reason.
    """
    valid: dict[str, None] = {}
    rejected: dict[str, str] = {}
    for symbol in symbols:
        try:
            valid.setdefault(validate_symbol(symbol), None)
        except InvalidSymbolError as exc:
            rejected.setdefault(shown(symbol), str(exc))
    return list(valid), rejected


def to_yahoo_symbol(symbol: str) -> str:
    """Map an exchange-style ticker to Yahoo's form (``BRK.B`` -> ``BRK-B``)."""
    return validate_symbol(symbol.strip().replace(".", "-").replace("/", "-"))
