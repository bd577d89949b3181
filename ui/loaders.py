"""``st.cache_data`` loaders: one network or disk read per argument set per TTL."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics import indicators
from analytics.data.base import PriceBatch
from ui.source import get_source

#: Live prices are re-read from the source (and so from its disk cache) this often.
DATA_TTL_S = 900


@st.cache_data(ttl=DATA_TTL_S, show_spinner="Loading prices...", max_entries=64)
def load_prices(spec: str, symbols: tuple[str, ...]) -> PriceBatch:
    """Daily bars for ``symbols`` (validated by the source), with failures and notes."""
    return get_source(spec).prices(list(symbols))


@st.cache_data(ttl=DATA_TTL_S, show_spinner="Computing indicators...", max_entries=32)
def load_indicator_frames(spec: str, symbol: str, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Daily and weekly indicator frames of ``symbol`` up to ``as_of`` (``None``: no prices)."""
    batch = load_prices(spec, (symbol,))
    if symbol not in batch.frames:
        return None
    return indicators.daily_and_weekly(batch.frames[symbol], as_of)
