"""What every live request shares: a User-Agent, a bounded timeout, and quiet libraries.

yfinance hides network failures by default (``yf.config.debug.hide_exceptions``): after the
first symbols it logs a DNS failure as "possibly delisted; no timezone found", so an outage
reads as missing data. :func:`configure_libraries` turns that off (the exception reaches
``yf.download``'s per-ticker errors, which :mod:`analytics.data.yahoo` classifies), gives
yfinance a session whose every request is bounded by our timeout (its cookie and crumb
requests use 30 s otherwise), and routes the libraries' log records and warnings (pandas
deprecations raised inside yfinance) to this module's logger at debug level, so none
reaches a page or the terminal of ``report``/``refresh``.
"""
from __future__ import annotations

import logging
import os
import threading
import warnings
from urllib.parse import urlsplit

LOG = logging.getLogger(__name__)

#: Wikimedia's policy asks for a descriptive User-Agent; it answers 403 to requests without one.
USER_AGENT = "smallcaps-thesis-dashboard/1.0 (self-hosted market dashboard; python-requests)"
WIKIPEDIA_HEADERS = {"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8"}
#: iShares serves its CSV to browsers only.
BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36",
    "Accept": "text/csv,text/plain,*/*",
}
#: Libraries whose warnings and log records are logged here at debug level only.
QUIET_LIBRARIES = ("yfinance", "fredapi", "curl_cffi", "multitasking", "peewee", "bs4")

_LOCK = threading.Lock()
_state: dict[str, object] = {}


def from_quiet_library(filename: str) -> bool:
    """Whether a warning raised at ``filename`` comes from one of :data:`QUIET_LIBRARIES`."""
    parts = os.path.normpath(str(filename)).split(os.sep)
    return any(lib in parts for lib in QUIET_LIBRARIES)


def _route_warnings(original):
    def showwarning(message, category, filename, lineno, file=None, line=None):
        if from_quiet_library(filename):
            LOG.debug("%s from %s:%s: %s", category.__name__, filename, lineno, message)
            return
        original(message, category, filename, lineno, file, line)

    showwarning.quiet_router = True
    return showwarning


class _ToDebug(logging.Handler):
    """Re-logs a library's records at debug level on this module's logger."""

    def emit(self, record: logging.LogRecord) -> None:
        LOG.debug("%s: %s", record.name, record.getMessage())


def quiet_library_output() -> None:
    """Route :data:`QUIET_LIBRARIES`' warnings and log records to debug (idempotent)."""
    if not getattr(warnings.showwarning, "quiet_router", False):
        warnings.showwarning = _route_warnings(warnings.showwarning)
    for name in QUIET_LIBRARIES:
        logger = logging.getLogger(name)
        if not any(isinstance(h, _ToDebug) for h in logger.handlers):
            logger.addHandler(_ToDebug())
        logger.propagate = False  # never Python's last-resort handler on stderr


def bounded_session(timeout: float):
    """A curl_cffi session (yfinance's own backend) whose requests never wait longer than
    ``timeout`` seconds, whatever timeout yfinance passes."""
    from curl_cffi import requests as curl_requests

    class BoundedSession(curl_requests.Session):
        def request(self, method, url, *args, **kwargs):
            asked = kwargs.get("timeout")
            kwargs["timeout"] = timeout if not isinstance(asked, (int, float)) else min(asked, timeout)
            return super().request(method, url, *args, **kwargs)

    return BoundedSession(impersonate="chrome")


class ResponseLog:
    """The last HTTP status (and whether the body was a web page) per URL path, recorded at
    the session yfinance uses: yfinance reports a 401, 429 or 5xx on a chart request as
    "possibly delisted", so its callers read the real status here."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_path: dict[str, tuple[int, bool]] = {}

    def record(self, url: str, status: int, content_type: str) -> None:
        with self._lock:
            self._by_path[urlsplit(str(url)).path] = (int(status), "html" in (content_type or "").lower())

    def forget(self, paths) -> None:
        with self._lock:
            for path in paths:
                self._by_path.pop(path, None)

    def get(self, path: str) -> tuple[int, bool] | None:
        with self._lock:
            return self._by_path.get(path)


#: What the session yfinance uses saw (see :func:`observe`).
RESPONSES = ResponseLog()


def observe(session, log: ResponseLog = RESPONSES):
    """Wrap ``session.request`` (requests' and curl_cffi's ``get``/``post`` go through it) so
    every answer's status lands in ``log``; returns ``session``."""
    if getattr(session, "observed_by", None) is log:
        return session
    original = session.request

    def request(method, url, *args, **kwargs):
        response = original(method, url, *args, **kwargs)
        log.record(url, response.status_code, response.headers.get("Content-Type", ""))
        return response

    session.request = request
    session.observed_by = log
    return session


def configure_libraries(timeout: float, session=None):
    """Make yfinance raise instead of hiding failures, bound its requests by ``timeout``
    and keep the libraries' output off the terminal; return the session yfinance is to use
    (``yf.download`` replaces its shared session unless handed one).

    ``session`` (the contract tests' recorded HTTP layer) replaces the bounded session
    until :func:`reset_libraries`. Safe to call again; a new timeout builds a new session.
    """
    import yfinance as yf
    from yfinance.data import YfData

    with _LOCK:
        quiet_library_output()
        yf.config.debug.hide_exceptions = False
        if session is not None:
            _state.update(session=observe(session), timeout=None, override=True)
        elif not _state.get("override") and _state.get("timeout") != timeout:
            _state.update(session=observe(bounded_session(timeout)), timeout=timeout)
        YfData(session=_state["session"])
        return _state["session"]


def reset_libraries() -> None:
    """Forget the session handed to :func:`configure_libraries` (tests)."""
    with _LOCK:
        _state.clear()
