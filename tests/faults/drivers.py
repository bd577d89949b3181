"""One driver per source kind for the fault matrix: its good payload, how each fault is put
in front of it, the last good copy to seed, and the call through the cached source.

HTTP sources (FRED keyless CSV, FRED API through fredapi, iShares, Wikipedia) talk to the
loopback :class:`~tests.faults.canned.CannedServer` through their real HTTP clients. yfinance
(prices and fund data) goes through curl_cffi to endpoints that cannot be redirected, so its
faults are what yfinance itself hands back for each (logged per-ticker errors, exceptions).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from analytics.data import fred as fred_api
from analytics.data import ishares, wikipedia, yahoo
from tests.faults.canned import Canned, connect_times_out, route_fake_hosts

FRED_KEY = "f00dfeedcafe0123456789abcdefabcd"
STORE_SECRET = "s3cr3t/STORE+credential-9876"
TIMEOUT_S = 2.0  # generous: a loaded 2-core machine must not turn a canned answer into a timeout
SLOW_S = 3.0  # a read-timeout answer: later than the timeout, soon enough to end the thread

NETWORK = ("dns", "connect_timeout", "read_timeout")
HTTP = ("http_401", "http_404", "http_429", "http_500", "http_503")
PAYLOAD = ("empty_body", "truncated_body", "html_body", "wrong_columns", "all_nan")
#: Faults a normalizer repairs rather than rejects: the answer is kept, sorted and deduplicated.
REPAIRED = ("duplicate_unsorted_dates",)
FAULTS = NETWORK + HTTP + PAYLOAD + REPAIRED
HTML_PAGE = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
             b"<body><p>Please enable cookies.</p></body></html>")
DATES = ["2024-01-02", "2024-01-03", "2024-01-04"]


def _status(fault: str) -> int:
    return int(fault.split("_")[1])


@dataclass
class HttpDriver:
    """A requests/urllib source on the canned server; subclasses give payloads and the call."""

    name: str
    says: str  # the provider name every message must carry
    content_type: str = "text/csv"
    faults: tuple[str, ...] = FAULTS
    fred_key: str | None = FRED_KEY

    def good(self) -> bytes: raise NotImplementedError
    def wrong_columns(self) -> bytes: raise NotImplementedError
    def all_nan(self) -> bytes: raise NotImplementedError
    def unsorted(self) -> bytes: raise NotImplementedError

    def error_body(self, status: int) -> bytes:
        return HTML_PAGE

    def redirect(self, monkeypatch, server) -> None: raise NotImplementedError

    def arrange(self, monkeypatch, server, fault: str) -> None:
        self.redirect(monkeypatch, server)
        route_fake_hosts(monkeypatch, dns_fails=fault == "dns")
        if fault == "connect_timeout":
            connect_times_out(monkeypatch)
        body, status, ctype = self.good(), 200, self.content_type
        if fault in HTTP:
            status, body, ctype = _status(fault), self.error_body(_status(fault)), "text/html"
        elif fault == "empty_body":
            body = b""
        elif fault == "html_body":
            body, ctype = HTML_PAGE, "text/html"
        elif fault in ("wrong_columns", "all_nan"):
            body = getattr(self, fault)()
        elif fault == "duplicate_unsorted_dates":
            body = self.unsorted()
        server.canned = Canned(status=status, body=body, content_type=ctype,
                               delay_s=SLOW_S if fault == "read_timeout" else 0.0,
                               truncate=fault == "truncated_body")


class FredCsv(HttpDriver):
    """Keyless ``fredgraph.csv``."""

    def __init__(self):
        super().__init__("fred_keyless", "FRED DFF", fred_key=None)

    def good(self):
        return ("observation_date,DFF\n" + "".join(f"{d},5.33\n" for d in DATES)).encode()

    def wrong_columns(self):
        return b"notes,comment\nfoo,bar\nbaz,qux\n"

    def all_nan(self):
        return ("observation_date,DFF\n" + "".join(f"{d},.\n" for d in DATES)).encode()

    def unsorted(self):
        return b"observation_date,DFF\n2024-01-04,5.40\n2024-01-02,5.33\n2024-01-04,5.31\n2024-01-03,5.32\n"

    def redirect(self, monkeypatch, server):
        monkeypatch.setattr(fred_api, "FREDGRAPH_URL", server.url("fred", "/graph/fredgraph.csv"))

    def call(self, source):
        series = source.fred("DFF")
        return series, series.attrs.get("note", "")

    def seed(self):
        return "fred", "DFF", pd.DataFrame({"value": [4.0, 4.1]},
                                           index=pd.DatetimeIndex(["2023-01-03", "2023-01-04"], name="date"))

    def is_seed(self, value):
        return list(value) == [4.0, 4.1]

    def repaired(self, value):
        return value.index.is_monotonic_increasing and value.index.is_unique and value["2024-01-04"] == 5.31


class FredApi(FredCsv):
    """The FRED API through fredapi (urllib), with a key that must never show."""

    content_type = "text/xml"

    def __init__(self):
        HttpDriver.__init__(self, "fred_api", "FRED DFF", content_type="text/xml")

    @staticmethod
    def _xml(rows):
        obs = "".join(f'<observation realtime_start="2024-02-01" realtime_end="2024-02-01" '
                      f'date="{d}" value="{v}"/>' for d, v in rows)
        return f'<?xml version="1.0" encoding="utf-8" ?><observations count="{len(rows)}">{obs}</observations>'.encode()

    def good(self):
        return self._xml([(d, "5.33") for d in DATES])

    def error_body(self, status):
        messages = {401: "Bad Request.  The value for variable api_key is not registered.",
                    404: "Not Found.", 429: "Too Many Requests.  Exceeded Rate Limit"}
        if status == 503:  # a proxy's page, not FRED's XML
            return b"<html><body><h1>503 Service Unavailable</h1></body></html>"
        return f'<?xml version="1.0"?><error code="{status}" message="{messages.get(status, "Internal Server Error")}"/>'.encode()

    def wrong_columns(self):
        return b'<?xml version="1.0"?><observations count="2"><row a="1"/><row a="2"/></observations>'

    def all_nan(self):
        return self._xml([(d, ".") for d in DATES])

    def unsorted(self):
        return self._xml([("2024-01-04", "5.40"), ("2024-01-02", "5.33"), ("2024-01-04", "5.31"),
                          ("2024-01-03", "5.32")])

    def redirect(self, monkeypatch, server):
        import fredapi

        monkeypatch.setattr(fredapi.Fred, "root_url", server.url("fred-api", "/fred"))


class Holdings(HttpDriver):
    """iShares IWM holdings CSV."""

    faults = NETWORK + HTTP + PAYLOAD

    def __init__(self, fixture: str):
        super().__init__("ishares", "iShares IWM", faults=NETWORK + HTTP + PAYLOAD)
        self.fixture = fixture

    def good(self):
        return self.fixture.encode()

    def wrong_columns(self):
        head = self.fixture.split("Ticker,")[0]
        return (head + 'Ticker,Label,Amount\n"AAAA","x","1"\n"BBB","y","2"\n').encode()

    def all_nan(self):
        lines = self.fixture.splitlines()
        at = next(i for i, ln in enumerate(lines) if ln.startswith("Ticker,"))
        header = lines[at].split(",")
        w = header.index("Weight (%)")
        out = lines[: at + 1]
        for line in lines[at + 1:]:
            if not line.strip():
                break
            cells = next(iter(__import__("csv").reader([line])))
            cells[w] = "-"
            out.append(",".join(f'"{c}"' for c in cells))
        return "\n".join(out).encode()

    def redirect(self, monkeypatch, server):
        monkeypatch.setitem(ishares.ISHARES_PRODUCTS, "IWM", server.url("ishares", "/us/products/239710"))

    def call(self, source):
        held = source.holdings("IWM")
        return held, held.note

    def seed(self):
        frame = pd.DataFrame({"symbol": ["OLD1", "OLD2"], "name": ["a", "b"], "sector": ["x", "y"],
                              "weight": [60.0, 40.0]})
        return "holdings", "IWM", frame

    def is_seed(self, value):
        return list(value.frame["symbol"]) == ["OLD1", "OLD2"]


class WikipediaList(HttpDriver):
    """The Nasdaq-100 constituents table."""

    def __init__(self):
        super().__init__("wikipedia", "Wikipedia nasdaq100", content_type="text/html",
                         faults=NETWORK + HTTP + PAYLOAD)

    @staticmethod
    def _table(header: str, cells) -> bytes:
        rows = "".join(f"<tr><td>{c}</td><td>Co {i}</td></tr>" for i, c in enumerate(cells))
        return f"<html><body><table><tr><th>{header}</th><th>Company</th></tr>{rows}</table></body></html>".encode()

    def good(self):
        return self._table("Ticker", [f"T{i:03d}" for i in range(101)])

    def wrong_columns(self):
        return self._table("Sector", [f"T{i:03d}" for i in range(101)])

    def all_nan(self):
        return self._table("Ticker", [""] * 101)

    def redirect(self, monkeypatch, server):
        monkeypatch.setitem(wikipedia.WIKIPEDIA_PAGES, "nasdaq100", server.url("wikipedia", "/wiki/Nasdaq-100"))

    def call(self, source):
        members = source.universe("nasdaq100")
        return members, members.note

    def seed(self):
        return "universes", "nasdaq100", pd.DataFrame({"symbol": ["OLD1", "OLD2"]})

    def is_seed(self, value):
        return value.symbols == ("OLD1", "OLD2")


# -- yfinance: what it hands back for each fault ----------------------------------------------

#: The per-ticker error yfinance 1.7 logs for each network or payload fault (the repr of the
#: curl_cffi / json exception it caught), from its ``multi.py`` error summary.
YF_LOGGED = {
    "dns": "DNSError('Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com.')",
    "connect_timeout": "Timeout('Failed to perform, curl: (28) Connection timed out after 10002 milliseconds.')",
    "read_timeout": "Timeout('Failed to perform, curl: (28) Operation timed out after 10001 milliseconds "
                    "with 0 bytes received.')",
    "http_401": "HTTPError('HTTP Error 401: Unauthorized')",
    "http_404": "YFTzMissingError('possibly delisted; no timezone found')",
    "http_429": "YFRateLimitError('Too Many Requests. Rate limited. Try after a while.')",
    "http_500": "HTTPError('HTTP Error 500: Internal Server Error')",
    "http_503": "HTTPError('HTTP Error 503: Service Unavailable')",
    "empty_body": "JSONDecodeError('Expecting value: line 1 column 1 (char 0)')",
    "truncated_body": "JSONDecodeError('Unterminated string starting at: line 1 column 9015 (char 9014)')",
    "html_body": "JSONDecodeError('Expecting value: line 1 column 1 (char 0)')",
}


def yf_frame(closes, dates=DATES, fields=("Open", "High", "Low", "Close", "Volume")) -> pd.DataFrame:
    index = pd.DatetimeIndex(dates, name="Date")
    data = {(f, "IWM"): (closes if f in ("Close", "Open", "High", "Low", "Nope") else [1e6] * len(dates))
            for f in fields}
    frame = pd.DataFrame(data, index=index)
    frame.columns.names = ["Price", "Ticker"]
    return frame


class YahooPrices:
    """IWM daily bars through yfinance's ``download`` (a fake with yfinance's behaviour)."""

    name, says, faults, fred_key = "yahoo", "Yahoo Finance", FAULTS, FRED_KEY

    def arrange(self, monkeypatch, server, fault):
        def download(tickers, **_kwargs):
            log = logging.getLogger("yfinance")
            if fault in YF_LOGGED:
                log.error("\n%.f Failed download%s:", len(tickers), "s" if len(tickers) > 1 else "")
                log.error(f"{list(tickers)}: " + YF_LOGGED[fault])
                return pd.DataFrame()
            if fault == "wrong_columns":
                return yf_frame([1.0, 2.0, 3.0], fields=("Nope", "Volume"))
            if fault == "all_nan":
                return yf_frame([float("nan")] * 3)
            if fault == "duplicate_unsorted_dates":
                return yf_frame([3.1, 1.0, 3.0, 2.0], dates=["2024-01-04", "2024-01-02", "2024-01-04", "2024-01-03"])
            return yf_frame([1.0, 2.0, 3.0])

        self.downloader = download
        fast = yahoo.download_prices

        def no_backoff(*args, **kwargs):  # the rate-limit retries, without their sleeps
            return fast(*args, **{**kwargs, "sleep": lambda _s: None})

        monkeypatch.setattr(yahoo, "download_prices", no_backoff)

    def call(self, source):
        batch = source.prices(["IWM"])
        return batch, " ".join(batch.notes)

    def seed(self):
        frame = pd.DataFrame({c: [10.0, 11.0] for c in ("open", "high", "low", "close", "volume")},
                             index=pd.DatetimeIndex(["2023-12-28", "2023-12-29"], name="date"))
        return "prices", "IWM", frame

    def is_seed(self, batch):
        return "IWM" in batch.frames and list(batch.frames["IWM"]["close"]) == [10.0, 11.0] and batch.stale

    def repaired(self, batch):
        close = batch.frames["IWM"]["close"]
        return close.index.is_monotonic_increasing and close.index.is_unique and close["2024-01-04"] == 3.0


class FundData:
    """IWM's fund data through ``yfinance.Ticker`` (``info`` and ``funds_data``)."""

    name, says, fred_key = "funds", "Yahoo fund data for IWM", FRED_KEY
    faults = NETWORK + HTTP + PAYLOAD

    def arrange(self, monkeypatch, server, fault):
        import yfinance

        class Failure(Exception):
            pass

        def raising(kind: str, message: str):
            return type(kind, (Exception,), {})(message)

        class Ticker:
            def __init__(self, symbol):
                self.symbol = symbol

            @property
            def info(self):
                if fault in ("connect_timeout", "read_timeout"):
                    time.sleep(SLOW_S)  # yfinance's info has no timeout: the caller's bound ends it
                    return {}
                if fault in YF_LOGGED:
                    kind = YF_LOGGED[fault].split("(")[0]
                    raise raising(kind, YF_LOGGED[fault].split("('", 1)[1].rstrip("')"))
                if fault == "wrong_columns":
                    return {"unexpected": "shape"}
                if fault == "all_nan":
                    return {"trailingPE": None, "forwardPE": None, "priceToBook": None, "yield": None}
                return {"longName": "iShares Russell 2000 ETF", "trailingPE": 15.5, "yield": 0.012,
                        "totalAssets": 6.5e10}

            @property
            def funds_data(self):
                raise Failure("no fund profile")

        monkeypatch.setattr(yfinance, "Ticker", Ticker)

    def call(self, source):
        fund = source.fund_data("IWM")
        return fund, getattr(fund, "note", "")

    def seed(self):
        from analytics.data.funds import normalize_fund_payload

        old = normalize_fund_payload("IWM", {"info": {"longName": "old copy", "trailingPE": 12.0}})
        frame, meta = old.to_frame()
        return "funds", "IWM.fund", frame, meta

    def is_seed(self, fund):
        return fund.values["trailing_pe"].value == 12.0


def old_enough(kind: str) -> datetime:
    """A fetch time past every lifetime: the copy is stale, so each call tries to refresh."""
    return datetime.now() - timedelta(days=30)
