"""The scalar types a thesis file's parameters are made of, each with its own one-sentence error.

Every type here checks a value that arrived in a file anyone can upload, so each rejects with
a message that names the bad value (cut to :data:`analytics.symbols.SHOWN_CHARS`) and says what
would be accepted, and each carries the JSON Schema an editor checks as the file is typed.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from analytics.errors import InvalidSymbolError
from analytics.symbols import shown, validate_symbol

#: Windows of the ``return`` metrics (DESIGN.md "Thesis file"): calendar offsets back from the
#: date, the year to date, or since a given day.
WINDOWS = ("1w", "1m", "3m", "6m", "1y", "ytd")
SINCE_PREFIX = "since:"
WINDOW_CHOICES_TEXT = ", ".join(WINDOWS) + f", {SINCE_PREFIX}DATE"
_WINDOW_WORDS = {"1w": "one-week", "1m": "one-month", "3m": "three-month", "6m": "six-month",
                 "1y": "one-year", "ytd": "year-to-date"}
#: A ``since:`` window starts no earlier than this: no source the dashboard reads goes further back.
EARLIEST_SINCE = date(1900, 1, 1)

#: FRED series ids are upper-case letters, digits and underscores (``T10Y2Y``, ``BAMLH0A0HYM2``);
#: the id ends up in a store key and a URL, so nothing else passes.
FRED_ID_PATTERN = re.compile(r"^[A-Z0-9_]{1,30}$")

#: Member lists the Breadth page knows (DESIGN.md: ``universes/<NAME>.csv``).
Universe = Literal["sp500", "russell2000", "nasdaq100"]
UNIVERSE_NAMES = {"sp500": "S&P 500", "russell2000": "Russell 2000", "nasdaq100": "Nasdaq-100"}

#: A claim's symbols, and a ``trade``'s: a handful, not a universe.
MAX_AGAINST = 10
#: Free text is shown on screen; these keep one pasted essay from filling a page.
MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 500
MAX_URL_CHARS = 2000

Unit = Literal["fraction", "fraction_points", "days", "index_points", "price", "multiple", "series_units"]
#: What each unit means, for ``thesis metrics`` and the schema's descriptions.
UNIT_WORDS: dict[str, str] = {
    "fraction": "a fraction (0.05 reads 5%)",
    "fraction_points": "a difference of fractions (0.05 reads 5 pp)",
    "days": "calendar days",
    "index_points": "index points (0 to 100)",
    "price": "the symbol's price currency",
    "multiple": "a multiple (times earnings or book)",
    "series_units": "the FRED series' own units (e.g. percent)",
}


def _symbol(value: object) -> str:
    """``validate_symbol`` with the error pydantic reports (a ``ValueError``, one sentence)."""
    try:
        return validate_symbol(value)  # type: ignore[arg-type]
    except InvalidSymbolError as exc:
        raise ValueError(str(exc)) from None


def _not_bool(value: object) -> object:
    """YAML reads ``true`` as a boolean; a number or a symbol is never one."""
    if isinstance(value, bool):
        # A ValueError, not a TypeError: pydantic reports only the former as a validation error.
        raise ValueError(f"{value!r} is a yes/no value, not a number or a name")  # noqa: TRY004
    return value


def _window(value: object) -> str:
    text = value.strip().lower() if isinstance(value, str) else None
    if text in WINDOWS:
        return text
    if text and text.startswith(SINCE_PREFIX):
        day = text[len(SINCE_PREFIX):].strip()
        try:
            start = date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"{shown(value)!r} is not a date after {SINCE_PREFIX} (write YYYY-MM-DD)") from None
        if start < EARLIEST_SINCE:
            raise ValueError(f"{shown(value)!r} starts before {EARLIEST_SINCE.isoformat()}")
        return f"{SINCE_PREFIX}{start.isoformat()}"
    raise ValueError(f"{shown(value)!r} is not one of {WINDOW_CHOICES_TEXT}")


def _fred_id(value: object) -> str:
    text = value.strip() if isinstance(value, str) else None
    if text is None or not FRED_ID_PATTERN.fullmatch(text):
        raise ValueError(f"{shown(value)!r} is not a FRED series id (upper-case letters, digits and _, "
                         "at most 30 characters)")
    return text


Symbol = Annotated[
    str, BeforeValidator(_not_bool), AfterValidator(_symbol),
    WithJsonSchema({"type": "string", "pattern": r"^[A-Za-z0-9^][A-Za-z0-9.\-=^]{0,14}$",
                    "description": "a ticker (letters, digits and . - = ^, at most 15 characters)"}),
]
SymbolList = Annotated[list[Symbol], Field(min_length=1, max_length=MAX_AGAINST)]
Window = Annotated[
    str, BeforeValidator(_not_bool), AfterValidator(_window),
    WithJsonSchema({"type": "string", "pattern": r"^(1w|1m|3m|6m|1y|ytd|since:\d{4}-\d{2}-\d{2})$",
                    "description": f"one of {WINDOW_CHOICES_TEXT}"}),
]
FredId = Annotated[
    str, BeforeValidator(_not_bool), AfterValidator(_fred_id),
    WithJsonSchema({"type": "string", "pattern": FRED_ID_PATTERN.pattern, "description": "a FRED series id"}),
]
#: Whole numbers of days, weeks or bars: strict, so ``14.5``, ``"14"`` or ``true`` is an error, not a guess.
Count = Annotated[int, Field(strict=True)]


def window_phrase(window: str) -> str:
    """A window's return in words: ``year-to-date return``, ``return since 2023-11-28``."""
    if window.startswith(SINCE_PREFIX):
        return f"return since {window[len(SINCE_PREFIX):]}"
    return f"{_WINDOW_WORDS[window]} return"


def names(symbols: list[str]) -> str:
    """``SPY, QQQ`` for a list of symbols."""
    return ", ".join(symbols)


def format_number(value: float, unit: str) -> str:
    """A rule's threshold as a person writes it: ``0 pp``, ``3%``, ``90 days``, ``0.5``."""
    if unit == "fraction":
        return f"{100 * value:g}%"
    if unit == "fraction_points":
        return f"{100 * value:g} pp"
    if unit == "days":
        return f"{value:g} days"
    return f"{value:g}"
