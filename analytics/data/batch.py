"""Prices for thousands of symbols: chunked requests with progress, failures kept apart.

A store-backed source that holds the symbols in a member panel (:mod:`analytics.data.panel`)
answers them in one bulk read (its ``member_prices``); only the rest go out in chunks.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from analytics.data.base import PriceBatch, Source
from analytics.data.ratelimit import SYSTEM_CLOCK, BudgetSpentError, Clock, load_budget
from analytics.errors import DashboardError, RateLimitedError, SourceUnreachableError
from analytics.symbols import partition_symbols

#: Symbols per request: Yahoo answers a few hundred at once reliably; more invites throttling.
CHUNK_SIZE = 200
#: Failed requests in a row, each failing to reach the source, after which a failed piece is
#: no longer split: the provider is down, and halving would only multiply the timeouts.
OUTAGE_STREAK = 2
Progress = Callable[[int, int], None]


def _merge(into: PriceBatch, batch: PriceBatch) -> None:
    into.frames.update(batch.frames)
    into.failed.update(batch.failed)
    into.notes.extend(batch.notes)
    into.stale = into.stale or batch.stale
    if batch.fetched_at and (into.fetched_at is None or batch.fetched_at < into.fetched_at):
        into.fetched_at = batch.fetched_at


class _Outage:
    """Counts requests in a row that could not reach the source (shared by every chunk)."""

    def __init__(self) -> None:
        self.streak = 0
        #: Why the load stopped asking (its time budget ran out), else empty.
        self.spent = ""


def not_asked(reason: str) -> str:
    """The failure of a symbol a load did not get to: the next load asks for it first."""
    return f"not asked: {reason}; the next refresh continues from here"


def fetch_resilient(source: Source, symbols: Sequence[str], start: date | None = None,
                    outage: _Outage | None = None) -> PriceBatch:
    """One ``source.prices`` request for ``symbols``; if it fails as a whole, the halves are
    asked for again (bisection), so a symbol that breaks a request fails alone.

    A piece is split until it succeeds or holds one symbol, except when the source itself is
    the problem: a rate limit is never split (more requests make it worse) and, once
    :data:`OUTAGE_STREAK` requests in a row could not reach the source, the failed piece's
    symbols are marked failed with that reason. Worst case for ``n`` symbols and one culprit:
    about ``2 log2(n)`` extra requests.
    """
    outage = outage or _Outage()
    merged = PriceBatch()
    pending = [list(symbols)]
    last_error = ""
    while pending:
        piece = pending.pop()
        if outage.spent:
            merged.failed.update(dict.fromkeys(piece, not_asked(outage.spent)))
            continue
        if last_error and outage.streak >= OUTAGE_STREAK:  # the rest of a split: not asked for
            merged.failed.update({s: last_error for s in piece})
            continue
        try:
            batch = source.prices(piece, start)
        except BudgetSpentError as exc:  # nothing more is asked in this load: not a split
            outage.spent = str(exc)
            merged.failed.update(dict.fromkeys(piece, not_asked(outage.spent)))
        except DashboardError as exc:
            unreachable = isinstance(exc, SourceUnreachableError)
            outage.streak = outage.streak + 1 if unreachable else 0
            last_error = str(exc)
            if (len(piece) == 1 or isinstance(exc, RateLimitedError)
                    or (unreachable and outage.streak >= OUTAGE_STREAK)):
                merged.failed.update({s: last_error for s in piece})
            else:
                half = len(piece) // 2
                pending.extend([piece[half:], piece[:half]])  # first half asked first
        else:
            outage.streak = 0
            _merge(merged, batch)
    return merged


def fetch_in_chunks(source: Source, symbols: Sequence[str], chunk_size: int = CHUNK_SIZE,
                    progress: Progress | None = None, start: date | None = None,
                    use_panels: bool = True, budget_s: float | None = None,
                    clock: Clock = SYSTEM_CLOCK) -> PriceBatch:
    """Call ``source.prices`` on successive chunks and merge the results.

    Invalid symbols are rejected one by one, with the reason, before any request. A chunk
    that fails as a whole is retried in halves (:func:`fetch_resilient`) before its symbols
    are marked failed with the reason, and the next chunk is still tried; ``progress(done, total)`` is
    called after each chunk. With ``use_panels`` (and no ``start``), a source offering
    ``member_prices`` serves what its panels hold first.

    The live source paces each chunk through Yahoo's rate limiter
    (:mod:`analytics.data.ratelimit`). Under a time budget (``budget_s``, or the caller's
    :func:`~analytics.data.ratelimit.load_budget`), a chunk that could not start in time ends
    the load: its symbols and the rest are failed as :func:`not_asked`, what came is returned,
    and the store-backed callers ask only for the missing symbols next time (a resumable queue).
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    merged = PriceBatch()
    symbols, rejected = partition_symbols(symbols)  # before any request, each with its reason
    merged.failed.update(rejected)
    bulk = getattr(source, "member_prices", None) if use_panels and start is None else None
    stored = bulk(symbols, progress=progress) if bulk else None
    if stored is not None:
        stored.failed.update(rejected)
        merged = stored  # its failures (members the panel's refresh could not fetch) stand
        symbols = [s for s in symbols if s not in stored.frames and s not in stored.failed]
    total = len(symbols)
    outage = _Outage()
    with load_budget(budget_s, clock):
        for lo in range(0, total, chunk_size):
            chunk = symbols[lo:lo + chunk_size]
            _merge(merged, fetch_resilient(source, chunk, start, outage))
            if progress:
                progress(min(lo + chunk_size, total), total)
    if outage.spent:
        merged.notes.append(f"stopped early ({outage.spent}); the next refresh continues from here")
    return merged
