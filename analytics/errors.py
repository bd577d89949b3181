"""Typed errors raised by data sources and computations.

Every failure a user can meet has its own class so the UI can say what went wrong in one
sentence, and none of them ever carries a secret (see :func:`redact`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

#: The directories of an absolute or home-relative path (``/srv/app/cache/`` in
#: ``/srv/app/cache/prices``); not a URL's (``https://host/a/``) nor a ratio's (``A/B``).
_SERVER_DIRS = re.compile(r"(?<![\w./~\-])~?/(?:[^\s/'\"(),;:]+/)+(?=[^\s/'\"(),;:])")


def hide_paths(text: str) -> str:
    """Replace the directories of every server path in ``text`` with ``…/``.

    ``/srv/data/snapshot is not a snapshot`` becomes ``…/snapshot is not a snapshot``: the
    last component still names the thing, the server's layout stays private.
    """
    return _SERVER_DIRS.sub("…/", text)


class DashboardError(Exception):
    """Base class for every error this package raises on purpose.

    Its text is what a viewer reads, so it never shows a server path (:func:`hide_paths`);
    ``args`` keep the full message for logs that need it.
    """

    def __str__(self) -> str:
        return hide_paths(super().__str__())


class InvalidSymbolError(DashboardError, ValueError):
    """A ticker that fails validation before touching a path or a URL."""


class InvalidSourceError(DashboardError, ValueError):
    """An unknown ``--source`` / ``DASHBOARD_SOURCE`` value."""


class DataUnavailableError(DashboardError):
    """The source answered but has no data for what was asked (unknown symbol, empty file)."""


class SourceUnreachableError(DashboardError):
    """The network call failed: DNS, connection refused, HTTP error."""


class FetchTimeoutError(SourceUnreachableError):
    """A network call took longer than its timeout."""


class RateLimitedError(SourceUnreachableError):
    """The provider said 'too many requests'."""


class CacheCorruptError(DashboardError):
    """A cache file could not be read; it is set aside and refetched."""


class AsOfError(DashboardError, ValueError):
    """An as-of date outside the data (before the first observation, or in the future)."""


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every non-empty secret in ``text`` with ``***``.

    Parameters
    ----------
    text : str
        A message that may embed a secret (e.g. a URL with ``api_key=``).
    secrets : iterable of str or None
        Values to hide. Empty and ``None`` values are ignored.
    """
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
