"""The watch job: journal every thesis' verdicts on a date and alert on the claims that flipped.

``python -m analytics watch [--thesis ID ...] [--as-of DATE]`` (also the last step of
``refresh --all``) evaluates the shipped theses and those kept in the store, appends one
journal record per claim (:mod:`analytics.scorecard.journal`) and, for each thesis with a
claim whose verdict differs from its previous record, sends one notification through the
apprise URLs in ``ALERT_URLS`` (:mod:`analytics.scorecard.alerts`). The order of the steps is
what makes a failure harmless: the flips are put in the thesis' pending state before the
journal moves on, and taken out only once delivered, so a receiver that is down (or a crash)
delays an alert to the next run and never drops it; a date already journalled is not
evaluated again, so a second run on it changes nothing and sends only what is still pending.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TextIO

from analytics.data.base import Source
from analytics.data.lease import LeaseHeldError, acquire
from analytics.data.store import Store
from analytics.errors import DashboardError, redact
from analytics.scorecard.alerts import (
    alert_message,
    merge_flips,
    read_pending,
    send_alert,
    split_urls,
    url_secrets,
    write_pending,
)
from analytics.scorecard.journal import (
    Flip,
    append_records,
    evaluate_records,
    flips_against,
    read_journal,
    recorded,
)
from analytics.theses.loader import ThesisError, content_hash
from analytics.theses.metrics import Loaders
from analytics.theses.model import Thesis
from analytics.theses.shipped import THESES_DIR, shipped_ids, shipped_thesis
from analytics.theses.stored import stored_ids, stored_thesis

EXIT_OK, EXIT_SOME_FAILED = 0, 1
#: The store lease a run holds (``leases/watch.json``), so two runs (cron on two replicas, or
#: ``refresh --all`` and ``watch``) never both send the same pending alert.
LEASE_NAME = "watch"
#: How long a run waits for another's lease: a run takes seconds, and the one that waited then
#: finds the date recorded and the alerts sent, and does nothing.
LEASE_WAIT_S = 120.0
ENV_ALERT_URLS = "ALERT_URLS"
ENV_DASHBOARD_URL = "DASHBOARD_URL"


@dataclass
class ThesisWatch:
    """One thesis' outcome in a run."""

    thesis: str
    claims: int = 0
    recorded: bool = False
    flips: list[Flip] = field(default_factory=list)
    pending: int = 0
    sent: bool = False
    error: str = ""

    def line(self, as_of: date) -> str:
        what = f"{self.claims} claims recorded" if self.recorded else "already recorded"
        text = f"watch {self.thesis} {as_of:%Y-%m-%d}: {what}, {len(self.flips)} flipped"
        if self.sent:
            text += f"; alert sent ({self.pending} flip{'s' * (self.pending != 1)})"
        elif self.pending and not self.error:
            text += f"; {self.pending} flip(s) not sent (no {ENV_ALERT_URLS})"
        if self.error:
            text += f"; {self.error}"
        return text


def watched_theses(store: Store, only: Sequence[str] = ()) -> tuple[list[tuple[Thesis, str]], dict[str, str]]:
    """The shipped theses, then those kept in the store, each with its content hash, and the
    stored ones that no longer validate (id -> why: the others still run); ``only`` restricts
    them to those ids (``ValueError`` naming an unknown one)."""
    out = [(shipped_thesis(i), content_hash((THESES_DIR / f"{i}.yaml").read_bytes())) for i in shipped_ids()]
    broken: dict[str, str] = {}
    for thesis_id in stored_ids(store):
        try:
            kept = stored_thesis(store, thesis_id)
        except ThesisError as exc:  # e.g. a file kept before a metric was renamed
            broken[thesis_id] = str(exc)
            continue
        if kept is not None:
            out.append((kept.thesis, kept.content_hash))
    if only:
        known = {t.id for t, _ in out} | set(broken)
        unknown = [i for i in only if i not in known]
        if unknown:
            raise ValueError(f"no thesis {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        out = [(t, h) for t, h in out if t.id in only]
        broken = {i: why for i, why in broken.items() if i in only}
    return out, broken


def shared_loaders(source: Source) -> Loaders:
    """The metrics' inputs read once per run and shared by every thesis: two theses on one
    universe's breadth (520 members' prices on the snapshot, most of a run) read it once."""
    from analytics.breadth.report import breadth_inputs
    from analytics.macro.report import load_view

    return Loaders(
        prices=lru_cache(maxsize=None)(lambda symbols: source.prices(list(symbols))),
        macro_view=lru_cache(maxsize=None)(lambda stamp: load_view(source, stamp)),
        breadth=lru_cache(maxsize=None)(lambda universe: breadth_inputs(source, universe)),
    )


def watch_thesis(source: Source, store: Store, thesis: Thesis, digest: str, as_of: date,
                 urls: Sequence[str] = (), dashboard_url: str = "",
                 loaders: Loaders | None = None) -> ThesisWatch:
    """Journal one thesis on ``as_of`` and deliver its pending and new flips (see the module)."""
    outcome = ThesisWatch(thesis.id)
    journal = read_journal(store, thesis.id)
    if not recorded(journal, digest, as_of):
        records, _ = evaluate_records(source, thesis, digest, as_of, loaders)
        outcome.claims, outcome.recorded = len(records), True
        outcome.flips = flips_against(journal, records)
    pending = merge_flips(read_pending(store, thesis.id), outcome.flips)
    outcome.pending = len(pending)
    if outcome.flips and urls:
        write_pending(store, thesis.id, pending)  # before the journal moves on: never lost
    if outcome.recorded:
        append_records(store, thesis.id, records)
    if not pending or not urls:
        return outcome  # nowhere to send: the journal has the flips, nothing waits
    title, body = alert_message(thesis, pending, dashboard_url)
    error = send_alert(urls, title, body)
    if error:
        outcome.error = f"alert not sent, kept for the next run: {error}"
        return outcome
    write_pending(store, thesis.id, [])
    outcome.sent = True
    return outcome


def run_watch(source: Source, store: Store, as_of: date, only: Sequence[str] = (),
              urls: Sequence[str] = (), dashboard_url: str = "", out: TextIO | None = None,
              wait_s: float = LEASE_WAIT_S) -> int:
    """Watch every thesis (or those in ``only``) under the store's watch lease; one line each
    on ``out``; the exit status.

    A thesis that fails (its data, the store) is named and the others still run.
    """
    out = out or sys.stdout
    try:
        lease = acquire(store, LEASE_NAME, wait_s=wait_s)
    except LeaseHeldError:
        print(f"watch: another watch run holds the lease on {store.url}; nothing done", file=out)
        return EXIT_SOME_FAILED
    with lease:
        return _watch_all(source, store, as_of, only, urls, dashboard_url, out)


def _watch_all(source: Source, store: Store, as_of: date, only: Sequence[str], urls: Sequence[str],
               dashboard_url: str, out: TextIO) -> int:
    secrets = url_secrets(urls)
    theses, broken = watched_theses(store, only)
    status = EXIT_SOME_FAILED if broken else EXIT_OK
    for thesis_id, why in broken.items():
        print(redact(f"watch {thesis_id}: not evaluated, the stored file is not valid ({why})", secrets), file=out)
    loaders = shared_loaders(source)
    for thesis, digest in theses:
        try:
            outcome = watch_thesis(source, store, thesis, digest, as_of, urls, dashboard_url, loaders)
        except DashboardError as exc:
            outcome = ThesisWatch(thesis.id, error=f"failed: {exc}")
        if outcome.error:
            status = EXIT_SOME_FAILED
        print(redact(outcome.line(as_of), secrets), file=out, flush=True)
    return status


def settings_urls(environ) -> tuple[list[str], str]:
    """``ALERT_URLS`` (split) and ``DASHBOARD_URL`` from the environment."""
    return split_urls(environ.get(ENV_ALERT_URLS, "")), environ.get(ENV_DASHBOARD_URL, "").strip()


__all__ = ["ThesisWatch", "run_watch", "settings_urls", "watch_thesis", "watched_theses"]
