"""Verdict-change alerts: the message, its delivery through apprise, the pending state.

One notification per thesis and run names each flipped claim (id and text), its old and new
verdict, its value and rule, and links to the dashboard on that date. Until a delivery
succeeds the message's flips wait in ``journal/<thesis>.pending.json`` in the store, so a
receiver that is down loses nothing: the next run sends them (with any new flips, still one
notification). Alert URLs carry tokens and passwords (a Slack webhook's path, an SMTP
password): no part of a URL but its scheme ever reaches a message, a log or an error.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from analytics.data.store import Store
from analytics.errors import redact
from analytics.scorecard.journal import JOURNAL_PREFIX, Flip
from analytics.theses.model import Thesis

log = logging.getLogger(__name__)

PENDING_SUFFIX = ".pending.json"
VERDICT_WORDS = {"supports": "supports", "against": "against", "no_data": "no data"}
#: Pieces of a URL (other than its password) shorter than this are not treated as secrets:
#: tokens and keys are long random strings, while hiding ``hook``, ``no`` or a login name such
#: as ``watch`` would garble every line that happens to contain the word.
MIN_SECRET_LEN = 8
#: Loggers that quote a notification URL whole (apprise's at debug, urllib3's request lines).
QUIET_LOGGERS = ("apprise", "urllib3")


def pending_key(thesis_id: str) -> str:
    """The key of a thesis' undelivered flips."""
    return f"{JOURNAL_PREFIX}{thesis_id}{PENDING_SUFFIX}"


def read_pending(store: Store, thesis_id: str) -> list[Flip]:
    """Flips whose alert was not delivered yet (oldest first)."""
    blob = store.objects.get(pending_key(thesis_id))
    if blob is None:
        return []
    return [Flip(date.fromisoformat(f["date"]), f["claim"], f["old"], f["new"], f["value"])
            for f in json.loads(blob[0])["flips"]]


def write_pending(store: Store, thesis_id: str, flips: Sequence[Flip]) -> None:
    """Replace the thesis' pending flips (none: the state is removed)."""
    if not flips:
        store.objects.delete(pending_key(thesis_id))
        return
    payload = {"thesis": thesis_id,
               "flips": [{**asdict(f), "date": f.date.isoformat()} for f in flips]}
    store.objects.put(pending_key(thesis_id), json.dumps(payload).encode())


def merge_flips(old: Sequence[Flip], new: Sequence[Flip]) -> list[Flip]:
    """``old`` then ``new``, one flip per claim and date (a rerun after a crash adds none)."""
    seen: dict[tuple[date, str], Flip] = {}
    for flip in [*old, *new]:
        seen[(flip.date, flip.claim)] = flip
    return sorted(seen.values(), key=lambda f: (f.date, f.claim))


def dashboard_link(base: str, thesis_id: str, day: date) -> str:
    """The scorecard at ``day`` for the thesis: ``<DASHBOARD_URL>?as_of=...&thesis=...``."""
    return f"{base.rstrip('?')}?{urlencode({'as_of': day.isoformat(), 'thesis': thesis_id})}"


def _value(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4g}"


def alert_message(thesis: Thesis, flips: Sequence[Flip], dashboard_url: str = "") -> tuple[str, str]:
    """The notification's title and body (plain text) for a thesis' flips."""
    count = len(flips)
    title = f"{thesis.title[:120]}: {count} claim{'s' if count > 1 else ''} changed verdict"
    lines = []
    for flip in flips:
        try:
            claim = thesis.claim(flip.claim)
            text, rule = claim.text, claim.rule
        except KeyError:  # a claim since removed from the file: its id still names it
            text, rule = "(no longer in the thesis)", "?"
        line = (f"- {flip.date:%Y-%m-%d} {flip.claim} ({text}): {VERDICT_WORDS.get(flip.old, flip.old)} -> "
                f"{VERDICT_WORDS.get(flip.new, flip.new)}; value {_value(flip.value)}, rule {rule}")
        if dashboard_url:
            line += f"\n  {dashboard_link(dashboard_url, thesis.id, flip.date)}"
        lines.append(line)
    return title, f"Thesis {thesis.id}\n" + "\n".join(lines)


def url_secrets(urls: Sequence[str]) -> list[str]:
    """Every piece of the alert URLs that may be a secret: user, password, host, path
    segments, query values (each as written and unquoted), longest first."""
    pieces: set[str] = set()
    for url in urls:
        parts = urlsplit(url)
        if parts.password:
            pieces.update({parts.password, unquote(parts.password)})
        # The host too: for most apprise schemes it is a token (slack://TokenA/..., ntfy://topic).
        # (as written: ``hostname`` is lower-cased, a token is not)
        host = parts.netloc.rsplit("@", 1)[-1].split(":", 1)[0]
        candidates = [parts.username, host, *parts.path.split("/"),
                      *(v for _, v in parse_qsl(parts.query)), parts.query]
        for piece in candidates:
            if piece and len(piece) >= MIN_SECRET_LEN:
                pieces.update({piece, unquote(piece)})
    return sorted(pieces, key=len, reverse=True)


def split_urls(text: str) -> list[str]:
    """``ALERT_URLS``: URLs separated by commas, spaces or new lines."""
    return [u for u in text.replace(",", " ").split() if u]


def send_alert(urls: Sequence[str], title: str, body: str) -> str:
    """Deliver one notification to every URL; ``""`` when all succeeded, else why not (with
    no part of a URL but its scheme)."""
    import apprise  # imported here: a watch run without alert URLs never pays for it

    secrets = url_secrets(urls)
    # apprise (and urllib3 under it) log whole URLs, tokens and all: while adding and sending,
    # their records stop at a capture of their own (redacted below), never the app's log.
    quiet = [logging.getLogger(name) for name in QUIET_LOGGERS]
    saved = [logger.propagate for logger in quiet]
    try:
        for logger in quiet:
            logger.propagate = False
        with apprise.LogCapture(level=logging.WARNING) as captured:
            notifier = apprise.Apprise()
            bad = [u for u in urls if not notifier.add(u)]
            delivered = not bad and notifier.notify(title=title, body=body)
    finally:
        for logger, propagate in zip(quiet, saved):
            logger.propagate = propagate
    if bad:
        schemes = ", ".join(sorted({u.split("://")[0][:20] for u in bad}))
        return f"{len(bad)} alert URL(s) not understood (scheme {schemes}); check ALERT_URLS"
    if delivered:
        return ""
    detail = redact(" ".join(captured.getvalue().split())[-300:], secrets)
    return f"delivery failed ({detail or 'no detail'})"
