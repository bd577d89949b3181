"""What the refresh job prints: one line per kind, failures named or, when a host is down or
a load ran out of time, counted in one line per reason; the network line; the progress bar."""
from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from analytics.data.batch import Progress
from analytics.data.outage import HostGuard

#: Failures listed under a kind's summary line; the rest are counted.
MAX_LISTED_FAILURES = 10
BAR_WIDTH = 30
#: How a symbol a load did not get to is failed (:func:`analytics.data.batch.not_asked`).
NOT_ASKED = "not asked:"


@dataclass
class KindSummary:
    """One kind's outcome: item names fetched or unchanged, failures with their reason."""

    kind: str
    fetched: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    detail: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.kind}: {len(self.fetched)} fetched, {len(self.unchanged)} unchanged, "
                f"{len(self.failed)} failed")


class TerminalBar:
    """A one-line progress bar on ``stream`` when it is a terminal; silent otherwise (cron)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, label: str) -> Progress | None:
        if not self.enabled:
            return None

        def update(done: int, total: int) -> None:
            filled = BAR_WIDTH * done // max(total, 1)
            end = "\n" if done >= total else ""
            self.stream.write(f"\r{label:<22} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}{end}")
            self.stream.flush()

        return update


def print_summary(summary: KindSummary, out: TextIO, guard: HostGuard | None = None) -> None:
    """The kind's line, its details, then its failures: those of an unreachable host counted
    in one line per host (the reason is said once, by :func:`_print_outage`), the rest named."""
    print(summary.line(), file=out, flush=True)
    for line in summary.detail:
        print(f"  {line}", file=out)
    named: dict[str, str] = {}
    by_host: dict[str, int] = {}
    for name, why in summary.failed.items():
        host = guard.is_outage(why) if guard else None
        if host or why.startswith(NOT_ASKED):  # one line per host, or per reason of a stopped load
            group = f"{host} unreachable" if host else why.removeprefix(NOT_ASKED).strip()
            by_host[group] = by_host.get(group, 0) + 1
        else:
            named[name] = why
    for group, count in by_host.items():
        print(f"  {count} not refreshed: {group}", file=out)
    for name, why in list(named.items())[:MAX_LISTED_FAILURES]:
        print(f"  failed {name}: {why}", file=out)
    if len(named) > MAX_LISTED_FAILURES:
        print(f"  ... and {len(named) - MAX_LISTED_FAILURES} more failed", file=out)


def print_outage(guard: HostGuard | None, summaries: Sequence[KindSummary], out: TextIO) -> None:
    """One line saying the network is the problem, then each unreachable host's first failure."""
    if guard is None or not guard.down:
        return
    lost = sum(1 for s in summaries for why in s.failed.values() if guard.is_outage(why))
    stored = sum(len(s.fetched) + len(s.unchanged) for s in summaries)
    outcome = "nothing refreshed" if not stored else f"{stored} items refreshed"
    print(f"network: {', '.join(guard.down)} unreachable, their remaining requests skipped "
          f"({lost} items kept as stored, last good data); {outcome}", file=out)
    for host, why in guard.down.items():
        print(f"  {host}: {why}", file=out)
