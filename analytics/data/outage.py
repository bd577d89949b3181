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
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from analytics.errors import HostUnreachableError, RateLimitedError, SourceUnreachableError

#: The source methods that reach a host; everything else passes through untouched.
#: Failures in a row (timeouts, HTTP 5xx, refusals) after which a host counts as down.
FAILURE_STREAK = 3
GUARDED_METHODS = ("prices", "fred", "fred_releases", "fred_vintage", "holdings", "universe",
                   "fund_data", "equity_fundamentals")


class HostDownError(SourceUnreachableError):
    """A call not made: its host could not be reached earlier in this run."""


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

    def __init__(self, inner) -> None:
        self.inner = inner
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

    def __getattr__(self, name: str):
        value = getattr(self.inner, name)  # AttributeError when the inner source lacks it
        if name in GUARDED_METHODS and callable(value):
            return self._guarded(name, value)
        return value
