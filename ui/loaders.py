"""``st.cache_data`` loaders: one network or disk read per argument set per TTL."""
from __future__ import annotations

import streamlit as st

from analytics.data.base import PriceBatch
from ui.source import get_source

#: Live prices are re-read from the source (and so from its disk cache) this often.
DATA_TTL_S = 900


@st.cache_data(ttl=DATA_TTL_S, show_spinner="Loading prices...", max_entries=64)
def load_prices(spec: str, symbols: tuple[str, ...]) -> PriceBatch:
    """Daily bars for ``symbols`` (validated by the source), with failures and notes."""
    return get_source(spec).prices(list(symbols))
