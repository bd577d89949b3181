"""Loaders of the Macro page: FRED series (or why one is unavailable) and the whole macro
view for a date, shared by every session."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from analytics.errors import DashboardError, DataUnavailableError
from ui.loaders import DATA_TTL_S, load_prices
from ui.source import get_source


@dataclass(frozen=True)
class SeriesUnavailable:
    """Why a FRED series could not be loaded (one sentence, no secret in it)."""

    series_id: str
    message: str


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=128)
def load_fred(spec: str, series_id: str) -> pd.Series | SeriesUnavailable:
    """One FRED series from the source, or a :class:`SeriesUnavailable` saying why not.

    A failure comes back as a value (and is cached like one) so a FRED outage costs one try
    per series per TTL, and the page shows the message for the affected chart only.
    """
    try:
        return get_source(spec).fred(series_id)
    except DashboardError as exc:
        return SeriesUnavailable(series_id, str(exc))


#: Dates whose macro picture is kept: each holds decades of series (about 4 MB), and a server
#: replaying many dates kept 32 of them; a date's own reruns (a slider move) need only one.
MACRO_VIEWS_KEPT = 8


@st.cache_resource(ttl=DATA_TTL_S, show_spinner="Computing the macro picture...", max_entries=MACRO_VIEWS_KEPT)
def load_macro_view(spec: str, as_of: date):
    """Everything the Macro page shows on ``as_of`` (:class:`analytics.macro.view.MacroView`).

    Each series comes from :func:`load_fred`; monthly ones from ALFRED vintages when the
    source offers them (``fred_vintage``: live with a FRED key). One shared object per
    date, not a copy per rerun (unpickling decades of series cost more than the page's
    drawing): the page only reads it.
    """
    from analytics.macro.inputs import collect
    from analytics.macro.view import PRICE_SYMBOLS, build_view

    def fetch(series_id: str) -> pd.Series:
        result = load_fred(spec, series_id)
        if isinstance(result, SeriesUnavailable):
            raise DataUnavailableError(result.message)
        return result

    vintage = getattr(get_source(spec), "fred_vintage", None)
    inputs = collect(fetch, as_of, vintage=vintage)
    return build_view(inputs, load_prices(spec, PRICE_SYMBOLS))
