"""Scorecard glue: each input section cached per source, date and section."""
from __future__ import annotations

from datetime import date

import streamlit as st

from analytics.scorecard.gather import run_section
from ui.loaders import DATA_TTL_S
from ui.source import get_source


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=512)
def load_section(spec: str, as_of: date, name: str) -> tuple[dict | None, str]:
    """One input section of the scorecard for one date, or ``None`` and why not."""
    return run_section(get_source(spec), as_of, name)
