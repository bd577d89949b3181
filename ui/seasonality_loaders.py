"""Loaders of the Seasonality & crypto page: the Santa table, a symbol's monthly returns and the
crypto view for a date, computed once per source, date and setting instead of on every rerun
(a Santa slider or a symbol pick reran the whole crypto section, about 100 ms)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics.catalog import SMALL_CAP
from analytics.seasonality import crypto, windows
from ui.loaders import DATA_TTL_S, load_prices
from ui.ranged import Span

#: The crypto section's symbols: the anchor, Bitcoin and every candidate alt.
CRYPTO_LOAD = (SMALL_CAP, crypto.BTC, *crypto.CANDIDATE_ALTS)
#: Dates (and windows) kept per page: each entry is a few small frames.
SEASONALITY_KEPT = 32


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=SEASONALITY_KEPT)
def load_santa_table(spec: str, symbols: tuple[str, ...], as_of: date) -> pd.DataFrame:
    """:func:`analytics.seasonality.windows.santa_table` of ``symbols`` as of ``as_of``."""
    closes = load_prices(spec, symbols).closes(list(symbols))
    return windows.santa_table(closes, symbols, as_of)


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=SEASONALITY_KEPT)
def load_monthly_returns(spec: str, symbol: str, as_of: date) -> pd.DataFrame | None:
    """:func:`analytics.seasonality.windows.monthly_returns` of ``symbol``'s closes (``None``: no prices)."""
    frames = load_prices(spec, (symbol,)).frames
    return windows.monthly_returns(frames[symbol]["close"], as_of) if symbol in frames else None


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=SEASONALITY_KEPT)
def load_crypto_view(spec: str, as_of: date, window: crypto.Window) -> crypto.CryptoView:
    """:func:`analytics.seasonality.crypto.crypto_view` of the crypto section's closes."""
    return crypto.crypto_view(load_prices(spec, CRYPTO_LOAD).closes(list(CRYPTO_LOAD)), as_of, window)


def santa_years(table: pd.DataFrame) -> tuple[Span, int | None]:
    """The December years with a completed window in ``table`` (a :func:`load_santa_table`),
    and the default first year to count from: the first one every symbol has."""
    years = [int(year) for year in table.index]
    common = table.dropna()
    first = int(common.index[0]) if len(common) else (years[0] if years else None)
    return Span.between(years[0] if years else None, years[-1] if years else None), first


def no_window_sentence(frames: dict[str, pd.DataFrame], as_of: date) -> str:
    """Why no Santa window counts yet, with where each symbol's prices start."""
    starts = "; ".join(f"{s} from {f.index[0]:%Y-%m-%d}" for s, f in frames.items())
    return (f"No Santa window is complete by {as_of:%Y-%m-%d} (a window counts once its second January "
            f"trading day has closed). Prices here start: {starts or 'none'}.")
