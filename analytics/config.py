"""Settings read from the environment, lazily, each with a default.

Nothing is read at import time, so tests can set variables with ``monkeypatch.setenv`` and
the next call sees them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

ENV_SOURCE = "DASHBOARD_SOURCE"
ENV_CACHE_DIR = "MARKET_CACHE_DIR"
ENV_FRED_KEY = "FRED_API_KEY"
ENV_HTTP_TIMEOUT = "DASHBOARD_HTTP_TIMEOUT"

DEFAULT_SOURCE = "auto"
DEFAULT_HTTP_TIMEOUT_S = 20.0
#: Seconds the auto source waits for Yahoo to answer before falling back to cache or demo.
PROBE_TIMEOUT_S = 2.0
APP_NAME = "smallcaps-dashboard"


@dataclass(frozen=True)
class Settings:
    """A frozen view of the environment at the moment it was read.

    The FRED key is held but never shown: ``repr`` hides it and it is never part of a cache key.
    """

    source: str
    cache_dir: Path
    http_timeout: float
    fred_api_key: str | None = None

    def __repr__(self) -> str:
        key = "set" if self.fred_api_key else "unset"
        return (
            f"Settings(source={self.source!r}, cache_dir={str(self.cache_dir)!r}, "
            f"http_timeout={self.http_timeout}, fred_api_key=<{key}>)"
        )


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a number of seconds") from exc
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be positive")
    return value


def load_settings(fred_api_key: str | None = None, source: str | None = None) -> Settings:
    """Read the settings now.

    Parameters
    ----------
    fred_api_key : str, optional
        A key found elsewhere (e.g. Streamlit's ``st.secrets``); the environment wins if set.
    source : str, optional
        Overrides ``DASHBOARD_SOURCE`` (the CLI's ``--source``).
    """
    cache = os.environ.get(ENV_CACHE_DIR, "").strip()
    return Settings(
        source=(source or os.environ.get(ENV_SOURCE, "").strip() or DEFAULT_SOURCE),
        cache_dir=Path(cache).expanduser() if cache else Path(user_cache_dir(APP_NAME)),
        http_timeout=_float_env(ENV_HTTP_TIMEOUT, DEFAULT_HTTP_TIMEOUT_S),
        fred_api_key=(os.environ.get(ENV_FRED_KEY, "").strip() or fred_api_key or None),
    )
