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


class HostUnreachableError(SourceUnreachableError):
    """The provider's host could not be reached at all (its name does not resolve, the
    connection is refused): this server's network, not one request, is the problem."""


class FetchTimeoutError(SourceUnreachableError):
    """A network call took longer than its timeout."""


class RateLimitedError(SourceUnreachableError):
    """The provider said 'too many requests'."""


class SessionExpiredError(SourceUnreachableError):
    """The provider refused the session (Yahoo's HTTP 401 "invalid crumb"): a later request,
    with a new cookie and crumb, may pass, so it is retried after a back-off."""


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


#: What a viewer can do about each kind of failure, appended to the message.
RETRY_LATER = "try again later"
CHECK_NETWORK = "check this server's network connection, or try again later"


def http_error(name: str, status: int, missing: str = "not found") -> DashboardError:
    """The typed error for an HTTP status other than 200 from the provider ``name``.

    404 is :class:`DataUnavailableError` (the provider has no such item, ``missing`` says
    what); 429 is :class:`RateLimitedError`; 401/403 (refused) and 5xx (the provider's own
    failure) are :class:`SourceUnreachableError`. Each message names the provider, the status
    and what to do.
    """
    if status == 404:
        return DataUnavailableError(f"{name}: HTTP 404, {missing}")
    if status == 429:
        return RateLimitedError(f"{name}: HTTP 429, too many requests; {RETRY_LATER} (a few minutes)")
    if status in (401, 403):
        return SourceUnreachableError(f"{name}: HTTP {status}, the request was refused; {RETRY_LATER}")
    if 500 <= status < 600:
        return SourceUnreachableError(f"{name}: HTTP {status}, the provider's server failed; {RETRY_LATER}")
    return SourceUnreachableError(f"{name}: HTTP {status}, unexpected answer; {RETRY_LATER}")


def network_error(name: str, exc: BaseException, timeout: float) -> SourceUnreachableError:
    """The typed error for a request to ``name`` that failed below HTTP (``requests`` or
    ``urllib``): a timeout, a host that does not resolve, a refused or cut connection."""
    text = f"{type(exc).__name__} {exc}".lower()
    if isinstance(exc, TimeoutError) or "timeout" in text or "timed out" in text:
        return FetchTimeoutError(f"{name}: no answer within {timeout:g} s; {RETRY_LATER}")
    if any(s in text for s in ("resolve", "name resolution", "name or service", "nodename", "getaddrinfo",
                               "gaierror")):  # urllib says "Temporary failure in name resolution"
        return HostUnreachableError(f"{name}: the host name does not resolve (DNS); {CHECK_NETWORK}")
    if any(s in text for s in ("incompleteread", "chunkedencoding", "contentdecoding", "protocolerror",
                               "connection broken")):
        return SourceUnreachableError(f"{name}: the answer was cut off; {RETRY_LATER}")
    return HostUnreachableError(f"{name}: cannot connect ({type(exc).__name__}); {CHECK_NETWORK}")
