"""Stop asking a provider that cannot be reached: one failure per host, not one per item.

A refresh of every kind makes a few thousand requests to four hosts. Offline, each would fail
on its own (a DNS error per symbol, per series, per chunk halved again), and the job would
print pages of the same sentence. :class:`HostGuard` wraps a source whose methods say which
host they reach (``host_for``, see :class:`analytics.data.live.LiveSource`): the first
:class:`~analytics.errors.HostUnreachableError` from a host (its name does not resolve, the
connection is refused) marks it down, as do :data:`FAILURE_STREAK` other
:class:`~analytics.errors.SourceUnreachableError` in a row (timeouts, 5xx: one slow request
out of thousands is not an outage); every later call to a down host fails at once with
:class:`HostDownError`, without touching the network. A rate limit is not an outage (the
caller backs off instead) and never trips the guard.

Before the first call to a host the guard may ask :func:`resolves` whether its name resolves
(bounded by :data:`RESOLVE_TIMEOUT_S`): offline, ``yf.download`` of 30 symbols spends seconds
on cookie, crumb and chart retries that one DNS look-up answers at once. Behind a proxy
(``HTTPS_PROXY``), where this server resolves nothing itself, the look-up is skipped.
"""
from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from analytics.errors import CHECK_NETWORK, HostUnreachableError, RateLimitedError, SourceUnreachableError

#: The source methods that reach a host; everything else passes through untouched.
#: Seconds a DNS look-up may take before the guard stops waiting and lets the request try.
RESOLVE_TIMEOUT_S = 2.0
#: Proxy variables: with one set, requests reach hosts this server cannot resolve itself.
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
#: Failures in a row (timeouts, HTTP 5xx, refusals) after which a host counts as down.
FAILURE_STREAK = 3
GUARDED_METHODS = ("prices", "fred", "fred_releases", "fred_vintage", "holdings", "universe",
                   "fund_data", "equity_fundamentals")


class HostDownError(SourceUnreachableError):
    """A call not made: its host could not be reached earlier in this run."""


def resolves(name: str, timeout: float = RESOLVE_TIMEOUT_S) -> bool | None:
    """Whether ``name`` resolves: ``False`` when DNS says no, ``None`` when unknown (no
    answer within ``timeout``, or a proxy does the resolving)."""
    if any(os.environ.get(v) for v in PROXY_VARIABLES):
        return None
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="resolve")
    try:
        return bool(pool.submit(socket.getaddrinfo, name, 443).result(timeout=timeout))
    except socket.gaierror:
        return False
    except (FutureTimeout, OSError):
        return None
    finally:
        pool.shutdown(wait=False)


class HostGuard:
    """A source wrapper that stops calling a host after its first network failure.

    Parameters
    ----------
    inner : Source
        The source to guard; it must offer ``host_for(method, *args) -> str | None``
        (``None``: the call reaches no host). Without it every call passes through.

    Attributes
    ----------
    down : dict of str to str
        Each unreachable host's name and the first failure's message (what the user reads).
    skipped : dict of str to int
        Calls not made per host, since it went down.
    """

    def __init__(self, inner, resolve: Callable[[str], bool | None] | None = resolves) -> None:
        self.inner = inner
        #: Each host's DNS name to look up before its first call (``host_names`` of the source).
        names: Mapping[str, str] = getattr(inner, "host_names", {}) if resolve else {}
        self._unchecked = dict(names)
        self._resolve = resolve
        self.down: dict[str, str] = {}
        self.skipped: dict[str, int] = {}
        self._streak: dict[str, int] = {}
        self._lock = threading.Lock()  # member fundamentals call from several worker threads
        self._host_for: Callable[..., str | None] = getattr(inner, "host_for", lambda *_a: None)

    def skip_text(self, host: str) -> str:
        """The message of a call not made to ``host``; the refresh summary groups on it."""
        return f"{host}: not asked (unreachable earlier in this run)"

    def is_outage(self, reason: str) -> str | None:
        """The down host a failure's ``reason`` belongs to, if any (else ``None``): it is, or
        quotes, the host's first failure or a call not made (a fund valuation's summary does)."""
        for host, first in self.down.items():
            if first in reason or self.skip_text(host) in reason:
                return host
        return None

    def _guarded(self, name: str, method: Callable) -> Callable:
        def call(*args, **kwargs):
            host = self._host_for(name, *args)
            if host is None:
                return method(*args, **kwargs)
            self._preflight(host)
            with self._lock:
                if host in self.down:
                    self.skipped[host] = self.skipped.get(host, 0) + 1
                    raise HostDownError(self.skip_text(host))
            try:
                value = method(*args, **kwargs)
            except RateLimitedError:
                raise  # the host answered: slow down, do not give up
            except SourceUnreachableError as exc:
                with self._lock:
                    self._streak[host] = self._streak.get(host, 0) + 1
                    if isinstance(exc, HostUnreachableError) or self._streak[host] >= FAILURE_STREAK:
                        self.down.setdefault(host, str(exc))
                raise
            with self._lock:
                self._streak[host] = 0
            return value

        return call

    def _preflight(self, host: str) -> None:
        """Look ``host``'s name up once; a name that does not resolve marks it down at once."""
        with self._lock:
            name = self._unchecked.pop(host, None)
        if name is None or self._resolve is None:
            return
        if self._resolve(name) is False:
            with self._lock:
                self.down.setdefault(host, f"{host}: the host name {name} does not resolve (DNS); {CHECK_NETWORK}")

    def __getattr__(self, name: str):
        value = getattr(self.inner, name)  # AttributeError when the inner source lacks it
        if name in GUARDED_METHODS and callable(value):
            return self._guarded(name, value)
        return value
