"""A lease on the store for the refresh job: one job works at a time, a crashed one expires.

The lease is one small object, ``leases/<name>.json`` (holder, acquired, expires), taken with
a create-only put (S3 ``If-None-Match: *``) and renewed or taken over with a put that
succeeds only if the object is still the version read (``If-Match``). A second job that finds
a live lease stops with :class:`LeaseHeldError` naming the holder and the expiry; one that
finds an expired lease (its holder died) takes it over. The lease saves work, not data: a job
paused past its expiry still cannot corrupt a panel, whose manifest is itself published by
compare-and-swap (:func:`analytics.data.panel.publish`).
"""
from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from analytics.data.objectstore import PreconditionFailedError
from analytics.errors import DashboardError

LEASE_PREFIX = "leases"
#: Long enough for a full refresh of every kind; the job renews it between kinds.
LEASE_TTL = timedelta(minutes=30)
#: While waiting for a held lease, look again this often.
POLL_S = 2.0


class LeaseHeldError(DashboardError):
    """Another refresh job holds the store's lease."""


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Lease:
    """A held lease; renew it while working, release it when done (or use ``with``)."""

    def __init__(self, store, name: str, owner: str, tag: str, expires: datetime,
                 ttl: timedelta, now: Callable[[], datetime]) -> None:
        self.store, self.name, self.owner, self.tag = store, name, owner, tag
        self.expires, self.ttl, self._now = expires, ttl, now

    @property
    def key(self) -> str:
        return f"{LEASE_PREFIX}/{self.name}.json"

    def renew(self) -> None:
        """Push the expiry out by the lease's lifetime; :class:`LeaseHeldError` if it was lost."""
        body, expires = _body(self.owner, self._now(), self.ttl)
        try:
            self.tag = self.store.objects.put_if(self.key, body, self.tag)
        except PreconditionFailedError as exc:
            raise LeaseHeldError(f"the refresh lease on {self.store.url} was taken over "
                                 "(this job ran past its expiry)") from exc
        self.expires = expires

    def release(self) -> None:
        """Drop the lease if it is still ours."""
        current = self.store.objects.get(self.key)
        if current is not None and current[1] == self.tag:
            self.store.objects.delete(self.key)

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def _body(owner: str, now: datetime, ttl: timedelta) -> tuple[bytes, datetime]:
    expires = now + ttl
    return json.dumps({"owner": owner, "acquired": now.isoformat(), "expires": expires.isoformat()}).encode(), expires


def default_owner() -> str:
    """``host:pid:random``: who holds the lease, shown to a job that finds it taken."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(store, name: str = "refresh", owner: str | None = None, ttl: timedelta = LEASE_TTL,
            wait_s: float = 0.0, now: Callable[[], datetime] = _utcnow,
            sleep: Callable[[float], None] = time.sleep) -> Lease:
    """Take the lease ``name`` on ``store``, waiting up to ``wait_s`` seconds for its holder.

    Raises
    ------
    LeaseHeldError
        When another holder's lease is still live after ``wait_s``.
    """
    owner = owner or default_owner()
    key = f"{LEASE_PREFIX}/{name}.json"
    deadline = time.monotonic() + wait_s
    while True:
        body, expires = _body(owner, now(), ttl)
        try:
            tag = store.objects.put_if(key, body, None)
            return Lease(store, name, owner, tag, expires, ttl, now)
        except PreconditionFailedError:
            pass
        current = store.objects.get(key)
        if current is not None:
            try:
                held = json.loads(current[0])
                held_until = datetime.fromisoformat(held["expires"])
            except (ValueError, KeyError, TypeError):
                held, held_until = {"owner": "unknown (unreadable lease)"}, now() - timedelta(seconds=1)
            if held_until <= now():  # its holder died or stalled: take it over
                try:
                    tag = store.objects.put_if(key, body, current[1])
                    return Lease(store, name, owner, tag, expires, ttl, now)
                except PreconditionFailedError:
                    pass  # someone else took it over first; look again
            elif time.monotonic() >= deadline:
                raise LeaseHeldError(f"another refresh ({held.get('owner')}) holds the lease on {store.url} "
                                     f"until {held_until:%Y-%m-%d %H:%M:%S} UTC")
        if current is not None:  # (None: released between our two requests, so try again at once)
            sleep(POLL_S)
