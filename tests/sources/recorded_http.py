"""An HTTP layer for the real yfinance: a ``requests.Session`` (a backend yfinance supports)
whose adapter answers from recorded bodies or raises a network error, so tests run
yfinance's own request, cookie, crumb and parsing code and ours on top, with no socket."""
from __future__ import annotations

import json
import re
from collections.abc import Callable

import pandas as pd
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

Route = Callable[[requests.PreparedRequest], tuple[int, str, str]]


class RecordedAdapter(BaseAdapter):
    """Answers each request with ``route(request)``: (status, body, content type); ``route``
    may raise a ``requests`` exception instead (DNS, timeout...)."""

    def __init__(self, route: Route) -> None:
        super().__init__()
        self.route = route
        self.seen: list[str] = []

    def send(self, request, **kwargs):
        self.seen.append(request.url)
        status, body, ctype = self.route(request)
        response = requests.Response()
        response.status_code = status
        response._content = body.encode("utf-8")
        response.headers = CaseInsensitiveDict({"Content-Type": ctype})
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


def recorded_session(route: Route) -> requests.Session:
    session = requests.Session()
    adapter = RecordedAdapter(route)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.adapter = adapter
    return session


def chart_json(symbol: str, closes: pd.Series) -> str:
    """Yahoo's v8 chart answer for daily bars (the layout yfinance parses)."""
    stamps = [int(pd.Timestamp(d).tz_localize("America/New_York").replace(hour=9, minute=30).timestamp())
              for d in closes.index]
    values = [float(v) for v in closes]
    quote = {"open": values, "high": values, "low": values, "close": values, "volume": [1000] * len(values)}
    meta = {"currency": "USD", "symbol": symbol, "exchangeName": "PCX", "instrumentType": "ETF",
            "gmtoffset": -14400, "timezone": "EDT", "exchangeTimezoneName": "America/New_York",
            "regularMarketPrice": values[-1], "dataGranularity": "1d", "range": "",
            "priceHint": 2, "firstTradeDate": stamps[0]}
    return json.dumps({"chart": {"result": [{"meta": meta, "timestamp": stamps, "indicators": {
        "quote": [quote], "adjclose": [{"adjclose": values}]}}], "error": None}})


NOT_FOUND_CHART = json.dumps({"chart": {"result": None, "error": {
    "code": "Not Found", "description": "No data found, symbol may be delisted"}}})
INVALID_CRUMB = json.dumps({"finance": {"result": None, "error": {
    "code": "Unauthorized", "description": "Invalid Crumb"}}})
TOO_MANY = "Too Many Requests\r\n"
ERROR_PAGE = "<!DOCTYPE html><html><head><title>Yahoo</title></head><body>Will be right back...</body></html>"
CHART_PATH = re.compile(r"/v8/finance/chart/([^?/]+)")


def chart_symbol(request) -> str | None:
    match = CHART_PATH.search(request.url)
    return match[1].upper() if match else None
