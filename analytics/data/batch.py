"""Prices for thousands of symbols: chunked requests with progress, failures kept apart.

A store-backed source that holds the symbols in a member panel (:mod:`analytics.data.panel`)
answers them in one bulk read (its ``member_prices``); only the rest go out in chunks.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from analytics.data.base import PriceBatch, Source
from analytics.errors import DashboardError

#: Symbols per request: Yahoo answers a few hundred at once reliably; more invites throttling.
CHUNK_SIZE = 200
Progress = Callable[[int, int], None]


def fetch_in_chunks(source: Source, symbols: Sequence[str], chunk_size: int = CHUNK_SIZE,
                    progress: Progress | None = None, start: date | None = None,
                    use_panels: bool = True) -> PriceBatch:
    """Call ``source.prices`` on successive chunks and merge the results.

    A chunk that fails as a whole (network down, rate limit after retries) marks its symbols
    failed with the reason and the next chunk is still tried; ``progress(done, total)`` is
    called after each chunk. With ``use_panels`` (and no ``start``), a source offering
    ``member_prices`` serves what its panels hold first.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    merged = PriceBatch()
    symbols = list(dict.fromkeys(symbols))
    bulk = getattr(source, "member_prices", None) if use_panels and start is None else None
    stored = bulk(symbols, progress=progress) if bulk else None
    if stored is not None:
        merged = stored  # its failures (members the panel's refresh could not fetch) stand
        symbols = [s for s in symbols if s not in stored.frames and s not in stored.failed]
    total = len(symbols)
    for lo in range(0, total, chunk_size):
        chunk = symbols[lo:lo + chunk_size]
        try:
            batch = source.prices(chunk, start)
        except DashboardError as exc:
            merged.failed.update({s: str(exc) for s in chunk})
        else:
            merged.frames.update(batch.frames)
            merged.failed.update(batch.failed)
            merged.notes.extend(batch.notes)
            merged.stale = merged.stale or batch.stale
            if batch.fetched_at and (merged.fetched_at is None or batch.fetched_at < merged.fetched_at):
                merged.fetched_at = batch.fetched_at
        if progress:
            progress(min(lo + chunk_size, total), total)
    return merged
