"""Settings read from the environment, lazily, each with a default.

Nothing is read at import time, so tests can set variables with ``monkeypatch.setenv`` and
the next call sees them.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_dir

ENV_SOURCE = "DASHBOARD_SOURCE"
ENV_CACHE_DIR = "MARKET_CACHE_DIR"
#: Where the store lives: a directory (default: $MARKET_CACHE_DIR, else the user cache
#: directory) or ``s3://bucket/prefix``, shared by app replicas and the refresh job.
ENV_STORE_URL = "MARKET_STORE_URL"
#: The usual AWS variables, read for an ``s3://`` store (environment first, then Streamlit
#: secrets of the same names), mapped to s3fs options.
STORE_SECRET_NAMES = {
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_SESSION_TOKEN": "token",
    "AWS_ENDPOINT_URL_S3": "endpoint_url",
    "AWS_ENDPOINT_URL": "endpoint_url",
    "AWS_REGION": "region",
    "AWS_DEFAULT_REGION": "region",
}
ENV_FRED_KEY = "FRED_API_KEY"
ENV_HTTP_TIMEOUT = "DASHBOARD_HTTP_TIMEOUT"

#: Requests a minute to each host, and the time budget of one member-scale load (seconds).
ENV_YAHOO_RATE = "DASHBOARD_YAHOO_PER_MINUTE"
ENV_FRED_RATE = "DASHBOARD_FRED_PER_MINUTE"
ENV_LOAD_BUDGET = "DASHBOARD_LOAD_BUDGET_S"

DEFAULT_SOURCE = "auto"
#: Yahoo publishes no limit; sustained volume from one address draws 429s within minutes, so
#: 10 requests a second (a 200-symbol chunk every 20 s once the first burst is spent).
DEFAULT_YAHOO_PER_MINUTE = 600.0
#: FRED's published limit: 120 requests a minute per API key (the keyless CSV shares it).
DEFAULT_FRED_PER_MINUTE = 120.0
#: One kind of a refresh (2,000 members' prices, or their ``info``) stops asking after 25
#: minutes, inside the 30-minute lease it runs under; what it got is kept, the next run goes on.
DEFAULT_LOAD_BUDGET_S = 25 * 60.0
DEFAULT_HTTP_TIMEOUT_S = 20.0
#: Seconds the auto source waits for Yahoo to answer before falling back to cache or demo.
PROBE_TIMEOUT_S = 2.0
APP_NAME = "smallcaps-dashboard"


@dataclass(frozen=True)
class Settings:
    """A frozen view of the environment at the moment it was read.

    The FRED key and the store credentials are held but never shown: ``repr`` hides them and
    they are never part of a cache key or a store key.
    """

    source: str
    cache_dir: Path
    http_timeout: float
    fred_api_key: str | None = None
    #: ``s3://bucket/prefix`` or a directory; defaults to ``cache_dir``.
    store_url: str = ""
    #: s3fs options (``key``, ``secret``, ``token``, ``endpoint_url``, ``region``).
    store_options: Mapping[str, str] = field(default_factory=dict)
    #: Requests a minute to Yahoo Finance and to FRED (:mod:`analytics.data.ratelimit`).
    yahoo_per_minute: float = DEFAULT_YAHOO_PER_MINUTE
    fred_per_minute: float = DEFAULT_FRED_PER_MINUTE
    #: Seconds one member-scale load may take before it stops and keeps what it got.
    load_budget_s: float = DEFAULT_LOAD_BUDGET_S

    def __post_init__(self) -> None:
        if not self.store_url:
            object.__setattr__(self, "store_url", str(self.cache_dir))

    def __repr__(self) -> str:
        key = "set" if self.fred_api_key else "unset"
        creds = "set" if self.store_options.get("secret") else "unset"
        return (
            f"Settings(source={self.source!r}, cache_dir={str(self.cache_dir)!r}, "
            f"store_url={self.store_url!r}, http_timeout={self.http_timeout}, "
            f"fred_api_key=<{key}>, store_credentials=<{creds}>)"
        )

    @property
    def secrets(self) -> list[str]:
        """Every secret value held, for :func:`analytics.errors.redact`."""
        return [v for v in (self.fred_api_key, self.store_options.get("secret"),
                            self.store_options.get("token")) if v]


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a number") from exc
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be positive")
    return value


def _setting(name: str, secrets: Mapping[str, object]) -> str:
    """The environment's value of ``name``, else the secrets' (both stripped), else ``""``."""
    value = os.environ.get(name, "").strip()
    if not value:
        raw = secrets.get(name)
        value = raw.strip() if isinstance(raw, str) else ""
    return value


def _store_location(cache_dir: Path, secrets: Mapping[str, object]) -> str:
    url = _setting(ENV_STORE_URL, secrets)
    if not url:
        return str(cache_dir)
    if "@" in url.split("/")[2 if "://" in url else 0]:
        raise ValueError(f"{ENV_STORE_URL} must not hold credentials; use the AWS_* variables")
    return url if "://" in url else str(Path(url).expanduser())


def load_settings(fred_api_key: str | None = None, source: str | None = None,
                  secrets: Mapping[str, object] | None = None) -> Settings:
    """Read the settings now.

    Parameters
    ----------
    fred_api_key : str, optional
        A key found elsewhere (e.g. Streamlit's ``st.secrets``); the environment wins if set.
    source : str, optional
        Overrides ``DASHBOARD_SOURCE`` (the CLI's ``--source``).
    secrets : mapping, optional
        Streamlit's ``st.secrets``: ``MARKET_STORE_URL`` and the ``AWS_*`` names of
        :data:`STORE_SECRET_NAMES` are read from it when the environment lacks them.
    """
    secrets = secrets or {}
    cache = os.environ.get(ENV_CACHE_DIR, "").strip()
    cache_dir = Path(cache).expanduser() if cache else Path(user_cache_dir(APP_NAME))
    options: dict[str, str] = {}
    for name, option in STORE_SECRET_NAMES.items():
        value = _setting(name, secrets)
        if value and option not in options:
            options[option] = value
    return Settings(
        source=(source or os.environ.get(ENV_SOURCE, "").strip() or DEFAULT_SOURCE),
        cache_dir=cache_dir,
        http_timeout=_float_env(ENV_HTTP_TIMEOUT, DEFAULT_HTTP_TIMEOUT_S),
        fred_api_key=(os.environ.get(ENV_FRED_KEY, "").strip() or fred_api_key or None),
        store_url=_store_location(cache_dir, secrets),
        store_options=options,
        yahoo_per_minute=_float_env(ENV_YAHOO_RATE, DEFAULT_YAHOO_PER_MINUTE),
        fred_per_minute=_float_env(ENV_FRED_RATE, DEFAULT_FRED_PER_MINUTE),
        load_budget_s=_float_env(ENV_LOAD_BUDGET, DEFAULT_LOAD_BUDGET_S),
    )
