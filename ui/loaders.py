"""``st.cache_data`` loaders shared by every page: prices, indicator frames, forward returns and
memoised figures; one network or disk read per argument set per TTL. Page-specific loaders live
beside them: ``ui.member_loaders`` (universes, member prices, breadth), ``ui.fund_loaders``
(fund data, holdings, valuation) and ``ui.macro_loaders`` (FRED series, the macro view)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics.data.base import PriceBatch
from analytics.performance.forward import FORWARD_SYMBOLS, ForwardView, Trade, forward_view
from analytics.technicals import indicators
from ui.source import get_source

#: Live prices are re-read from the source (and so from its disk cache) this often.
DATA_TTL_S = 900


@st.cache_data(ttl=DATA_TTL_S, show_spinner="Loading prices...", max_entries=256)
def load_prices(spec: str, symbols: tuple[str, ...]) -> PriceBatch:
    """Daily bars for ``symbols`` (validated by the source), with failures and notes."""
    return get_source(spec).prices(list(symbols))


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=64)
def load_forward_view(spec: str, as_of: date, long: str | None = None, against: tuple[str, ...] = ()) -> ForwardView:
    """Forward returns (price and total) from ``as_of`` of a trade's legs (``long`` against each
    of ``against``; without ``long``: IWM, SPY, QQQ and IWM/SPY), and the first touches of the
    long leg's default Fibonacci targets (:func:`analytics.performance.forward.forward_view`)."""
    trade = Trade(long, against) if long else None
    symbols = trade.symbols if trade else FORWARD_SYMBOLS
    return forward_view(load_prices(spec, symbols).frames, as_of, trade)


@st.cache_data(ttl=DATA_TTL_S, show_spinner="Computing indicators...", max_entries=16)
def load_indicator_frames(spec: str, symbol: str, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Daily and weekly indicator frames of ``symbol`` up to ``as_of`` (``None``: no prices)."""
    batch = load_prices(spec, (symbol,))
    if symbol not in batch.frames:
        return None
    return indicators.daily_and_weekly(batch.frames[symbol], as_of)


#: About five dates of Macro figures (eight or so each): the dates viewers are on stay, older
#: ones go (decades of daily history make each figure a megabyte or more).
@st.cache_resource(ttl=DATA_TTL_S, max_entries=48, show_spinner=False)
def _memo_figure(name: str, spec: str, as_of: date, settings: tuple, _build):
    return _build()


def memo_figure(name: str, spec: str, as_of: date, settings: tuple, build):
    """The figure (or table) ``build()`` makes, built once per name, source, date and settings.

    Decades of macro history make figure building the slowest part of a Macro rerun;
    Streamlit copies a figure (``to_dict``) and serializes a table before sending them, and
    the page never changes either, so sharing one is safe.
    """
    return _memo_figure(name, spec, as_of, settings, build)
