"""Which source the app runs on, built once per process (and re-probed every few minutes)."""
from __future__ import annotations

import argparse
import sys

import streamlit as st

from analytics.config import ENV_FRED_KEY, load_settings
from analytics.data import make_source
from analytics.data.base import Source

#: ``auto`` re-probes the network this often, so a server that came online switches to live.
SOURCE_TTL_S = 600


def source_spec() -> str:
    """``--source`` after ``streamlit run app.py --``, else ``$DASHBOARD_SOURCE``, else auto."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--source")
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known.source or load_settings().source


def _secret_fred_key() -> str | None:
    try:
        return st.secrets.get(ENV_FRED_KEY)
    except Exception:  # no secrets.toml: Streamlit raises rather than returning nothing
        return None


def _secrets() -> dict:
    """Streamlit secrets as a plain dict (``MARKET_STORE_URL``, ``AWS_*`` for an s3:// store)."""
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml
        return {}


@st.cache_resource(ttl=SOURCE_TTL_S, show_spinner=False)
def get_source(spec: str) -> Source:
    """The source for ``spec``. Secrets are read here, never passed in, so they are no cache key."""
    return make_source(spec, load_settings(fred_api_key=_secret_fred_key(), source=spec, secrets=_secrets()))
