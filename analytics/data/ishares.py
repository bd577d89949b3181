"""iShares fund holdings (IWM: the Russell 2000 in practice) from BlackRock's CSV export.

The file is a preamble (``Fund Holdings as of,"May 13, 2025"``), a blank line, the table from
the ``Ticker,`` header line, then a legal footer after another blank line.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime

import pandas as pd

from analytics.data.base import Holdings
from analytics.data.http import BROWSER_HEADERS
from analytics.errors import (
    RETRY_LATER,
    DataUnavailableError,
    InvalidSymbolError,
    SourceUnreachableError,
    http_error,
    network_error,
)
from analytics.symbols import to_yahoo_symbol

#: Product pages per fund; the holdings CSV hangs off each.
ISHARES_PRODUCTS = {"IWM": "https://www.ishares.com/us/products/239710/ishares-russell-2000-etf"}
HOLDINGS_PATHS = (
    "/latest-holdings.csv",
    "/1467271812596.ajax?fileType=csv&fileName=IWM_holdings&dataType=fund",
)
#: "... CLASS B" at the end of a holding's name: the share class it is.
_CLASS_NAME = re.compile(r"^(?P<issuer>.+?)\s+CLASS\s+(?P<letter>[A-Z])$")
NASDAQ = "NASDAQ"


def share_class_symbols(frame: pd.DataFrame) -> list[str]:
    """Yahoo's symbol for each row's ``Ticker`` (``Name``, ``Exchange`` beside it), share
    classes included: iShares writes them without a separator (``GEFB``).

    The rule: a ticker ending in the class letter its name gives (``GREIF INC CLASS B``),
    of an issuer with another class in the same file (``GEF``, ``GREIF INC CLASS A``), and
    not listed on Nasdaq, is Yahoo's ``stem-letter`` (``GEF-B``). Nasdaq's own tickers carry
    the class as a fifth letter and Yahoo keeps them (``RUSHA``, ``BELFB``); a lone ticker
    that merely ends in its class letter (``ZETA``, ``ZETA GLOBAL HOLDINGS CORP CLASS A``)
    is left alone. Others go through :func:`analytics.symbols.to_yahoo_symbol` (``BRK.B``).
    """
    names = frame["Name"].fillna("").astype(str).str.strip().str.upper()
    classes = names.str.extract(_CLASS_NAME)
    issuers = classes["issuer"].value_counts()
    exchanges = frame["Exchange"].fillna("").astype(str).str.upper() if "Exchange" in frame else None
    out = []
    for i, ticker in enumerate(frame["Ticker"].fillna("").astype(str).str.strip().str.upper()):
        issuer, letter = classes.iat[i, 0], classes.iat[i, 1]
        listed_on_nasdaq = exchanges is not None and exchanges.iat[i].startswith(NASDAQ)
        if (isinstance(letter, str) and len(ticker) >= 3 and ticker.endswith(letter) and "." not in ticker
                and issuers.get(issuer, 0) > 1 and not listed_on_nasdaq):
            ticker = f"{ticker[:-1]}-{letter}"
        out.append(ticker)
    return out


def _as_of(lines: list[str]) -> date | None:
    for line in lines:
        if line.lower().startswith("fund holdings as of"):
            value = next(csv.reader([line]))[1].strip() if "," in line else ""
            if not value or value == "-":
                raise DataUnavailableError("iShares file has no holdings date ('-'): empty export")
            return datetime.strptime(value, "%b %d, %Y").date()
    return None


def normalize_ishares_csv(text: str, fund: str) -> Holdings:
    """Parse an iShares holdings export into ``symbol, name, sector, weight`` Equity rows.

    Tickers are mapped to Yahoo's form (``BRK.B`` -> ``BRK-B``); placeholder tickers (``-``)
    and non-equity rows (cash, futures, money market) are dropped.
    """
    lines = text.lstrip("\ufeff").splitlines()  # a BOM read as Latin-1 (ï»¿) is on line 1 only
    header_at = next((i for i, ln in enumerate(lines) if ln.startswith("Ticker,")), None)
    if header_at is None:
        raise DataUnavailableError(f"iShares {fund}: no 'Ticker,' header line (not a holdings file)")
    as_of = _as_of(lines[:header_at])
    table = []
    for line in lines[header_at:]:
        if "," not in line:
            break  # the legal footer follows a blank line (a no-break space, "Â\xa0" as Latin-1)
        table.append(line)
    try:
        frame = pd.read_csv(io.StringIO("\n".join(table)), dtype=str)
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataUnavailableError(f"iShares {fund}: unreadable holdings table ({type(exc).__name__})") from None
    lacking = [c for c in ("Ticker", "Name", "Sector", "Weight (%)") if c not in frame.columns]
    if lacking:
        raise DataUnavailableError(f"iShares {fund}: the holdings file lacks {', '.join(lacking)} "
                                   "(its format changed?)")
    if "Asset Class" in frame.columns:
        frame = frame[frame["Asset Class"].str.strip() == "Equity"]
    rows = []
    frame = frame.assign(Ticker=share_class_symbols(frame))
    for ticker, name, sector, weight in frame[["Ticker", "Name", "Sector", "Weight (%)"]].itertuples(
        index=False
    ):
        try:
            symbol = to_yahoo_symbol(str(ticker))
        except InvalidSymbolError:
            continue
        rows.append((symbol, name, sector, pd.to_numeric(str(weight).replace(",", ""), errors="coerce")))
    out = pd.DataFrame(rows, columns=["symbol", "name", "sector", "weight"])
    out = out.drop_duplicates("symbol").reset_index(drop=True)
    if out.empty:
        raise DataUnavailableError(f"iShares {fund}: the file lists no equity holdings")
    if out["weight"].isna().all():
        raise DataUnavailableError(f"iShares {fund}: the file gives no weights (its format changed?)")
    return Holdings(fund=fund, frame=out, as_of=as_of)


def fetch_ishares_csv(fund: str, timeout: float, get: Callable | None = None) -> str:
    """Try each known CSV URL for ``fund``; return the first that parses."""
    import requests

    get = get or requests.get
    base = ISHARES_PRODUCTS.get(fund)
    if base is None:
        raise DataUnavailableError(f"no iShares holdings URL known for {fund}")
    last_error: Exception | None = None
    for path in HOLDINGS_PATHS:
        try:
            response = get(base + path, headers=BROWSER_HEADERS, timeout=timeout)
        except requests.RequestException as exc:
            last_error = network_error(f"iShares {fund}", exc, timeout)
            continue
        if response.status_code != 200:
            last_error = http_error(f"iShares {fund}", response.status_code, "no holdings file there (its address changed?)")
            continue
        if "Ticker," not in response.text:
            last_error = DataUnavailableError(f"iShares {fund}: the answer is not a holdings file "
                                              f"(empty or a web page); {RETRY_LATER}")
            continue
        try:  # an export with the '-' sentinel or no rows: try the next URL
            normalize_ishares_csv(response.text, fund)
        except DataUnavailableError as exc:
            last_error = exc
            continue
        return response.text
    raise last_error or SourceUnreachableError(f"iShares {fund}: no holdings file")


def download_holdings(fund: str, timeout: float, get: Callable | None = None) -> Holdings:
    """Fetch and parse one fund's holdings."""
    return normalize_ishares_csv(fetch_ishares_csv(fund, timeout, get), fund)
