"""Polite at scale: one token bucket per host, back-off with jitter, a time budget per load.

A member load asks Yahoo for two thousand price histories or ``info`` records, and FRED for
thirty-odd series. Every such request goes through its host's :class:`HostLimiter`:

- a token bucket (:class:`TokenBucket`) holds the host's request rate, with a burst of one
  price chunk, so a refresh never fires faster than the provider allows;
- a 429 (:class:`~analytics.errors.RateLimitedError`) or an expired Yahoo session (HTTP 401,
  "invalid crumb": :class:`~analytics.errors.SessionExpiredError`) is retried after an
  exponential back-off with full jitter (the AWS architecture blog's "Exponential Backoff And
  Jitter"), and empties the bucket so the other workers slow down too;
- a load runs under a time budget (:func:`load_budget`; only a load backs off, a page's own
  request fails at once to its last good copy): a wait that would end past it raises
  :class:`BudgetSpentError` instead. The load keeps what it got; the store remembers it, so
  the next load asks only for the rest (the resumable queue is the store's "what is missing").

Limits: FRED publishes 120 requests a minute per API key. Yahoo publishes none; bursts of a
few hundred chart requests pass, and sustained volume from one address draws 429s, so the
default is 10 a second with a burst of one chunk (``analytics.config`` settings).
"""
from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from analytics.errors import DashboardError, RateLimitedError, SessionExpiredError

T = TypeVar("T")
#: Retries of one request after a 429 or an expired session, before its error is raised.
BACKOFF_RETRIES = 4
#: The first back-off's ceiling in seconds; each retry doubles it, up to :data:`BACKOFF_CAP_S`.
BACKOFF_BASE_S = 2.0
#: Longest single back-off: Yahoo's 429s last minutes, a longer wait belongs to the next run.
BACKOFF_CAP_S = 60.0
SECONDS_PER_MINUTE = 60.0


class BudgetSpentError(DashboardError):
    """A request not made: the load's time budget would run out first. What was fetched is
    kept; the next load continues from there."""


class Clock:
    """Monotonic time and sleep (tests hand in a fake that advances instead of sleeping)."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


SYSTEM_CLOCK = Clock()
_DEADLINE: ContextVar[float | None] = ContextVar("load_deadline", default=None)


@contextmanager
def load_budget(seconds: float | None, clock: Clock = SYSTEM_CLOCK) -> Iterator[float | None]:
    """Run a load with a deadline ``seconds`` from now (``None``: none); a nested budget never
    extends an outer one. Yields the deadline, on ``clock``'s time."""
    outer = _DEADLINE.get()
    deadline = None if seconds is None else clock.now() + seconds
    if outer is not None:
        deadline = outer if deadline is None else min(outer, deadline)
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def current_deadline() -> float | None:
    """The deadline of the load running in this context (worker threads get it passed)."""
    return _DEADLINE.get()


class TokenBucket:
    """``rate`` tokens a second up to ``burst``; a request of ``cost`` tokens waits until they
    are there. Reservations are made under a lock and waited for outside it, so concurrent
    callers queue in order without holding each other up longer than the rate says."""

    def __init__(self, rate: float, burst: float, clock: Clock = SYSTEM_CLOCK) -> None:
        if rate <= 0 or burst <= 0:
            raise ValueError(f"rate ({rate}) and burst ({burst}) must be positive")
        self.rate, self.burst, self.clock = rate, burst, clock
        self._tokens, self._stamp = burst, clock.now()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self.clock.now()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def reserve(self, cost: float, deadline: float | None = None) -> float:
        """Take ``cost`` tokens; return the seconds to wait before using them.

        Raises :class:`BudgetSpentError` (taking nothing) when the wait would end past ``deadline``.
        """
        with self._lock:
            self._refill()
            wait = max(0.0, (cost - self._tokens) / self.rate)
            if deadline is not None and self._stamp + wait > deadline:
                raise BudgetSpentError(f"the load's time budget runs out in "
                                       f"{max(0.0, deadline - self._stamp):.0f} s, before the next request")
            self._tokens -= cost
            return wait

    def drain(self) -> None:
        """Empty the bucket (a 429 says the provider wants a pause from every worker)."""
        with self._lock:
            self._refill()
            self._tokens = min(self._tokens, 0.0)


@dataclass
class Backoff:
    """Exponential back-off with full jitter: retry ``n`` waits uniform(0, min(cap, base * 2**n))."""

    base_s: float = BACKOFF_BASE_S
    cap_s: float = BACKOFF_CAP_S
    retries: int = BACKOFF_RETRIES
    rng: random.Random | None = None

    def delay(self, attempt: int) -> float:
        rng = self.rng or random
        return rng.uniform(0.0, min(self.cap_s, self.base_s * 2 ** attempt))


class HostLimiter:
    """Every request to one host: paced by its bucket, retried with back-off, within budget.

    Parameters
    ----------
    host : str
        The host's name, as messages say it (``Yahoo Finance``, ``FRED``).
    per_minute : float
        Sustained requests a minute.
    burst : float
        Requests that may go at once after a pause (a price chunk counts one per symbol).
    """

    def __init__(self, host: str, per_minute: float, burst: float, backoff: Backoff | None = None,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        self.host = host
        self.clock = clock
        self.bucket = TokenBucket(per_minute / SECONDS_PER_MINUTE, burst, clock)
        self.backoff = backoff or Backoff()
        self.retried = 0  # retries made so far (a refresh summary may report them)

    def call(self, fn: Callable[[], T], cost: float = 1.0, deadline: float | None = None) -> T:
        """``fn()`` once its tokens are there; after a 429 or an expired session, again after a
        back-off (at most :attr:`Backoff.retries` times), never past the load's deadline.

        Only a load (a call under :func:`load_budget`, or given a ``deadline``) backs off: a
        page asking outside one fails at once and shows its last good copy, rather than keep
        a viewer waiting for a minute of retries.
        """
        deadline = current_deadline() if deadline is None else deadline
        retries = self.backoff.retries if deadline is not None else 0
        for attempt in range(retries + 1):
            self.clock.sleep(self.bucket.reserve(cost, deadline))
            try:
                return fn()
            except (RateLimitedError, SessionExpiredError):
                self.bucket.drain()
                delay = self.backoff.delay(attempt)
                last = attempt == retries
                if last or (deadline is not None and self.clock.now() + delay > deadline):
                    raise  # the item fails on the provider's own reason; the next load retries it
                self.retried += 1
                self.clock.sleep(delay)
        raise AssertionError("unreachable")  # the loop returns or raises


_LIMITERS: dict[str, HostLimiter] = {}
_LOCK = threading.Lock()


def host_limiter(host: str, per_minute: float, burst: float) -> HostLimiter:
    """The process's one limiter for ``host`` (made on first use; a new rate replaces it)."""
    with _LOCK:
        current = _LIMITERS.get(host)
        rate = per_minute / SECONDS_PER_MINUTE
        if current is None or current.bucket.rate != rate or current.bucket.burst != burst:
            current = _LIMITERS[host] = HostLimiter(host, per_minute, burst)
        return current


def passthrough(fn: Callable[[], T], cost: float = 1.0, deadline: float | None = None) -> T:
    """What a caller without a limiter uses: the call, as is (tests, offline sources)."""
    return fn()
