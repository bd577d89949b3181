"""Small display helpers shared by pages: number formats and CSV downloads."""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import streamlit as st

from ui.state import BIND, check_date_param


def pct(value: float | None, digits: int = 1) -> str:
    """A fraction as a signed percentage (0.0211 -> '+2.1%'); 'n/a' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:+.{digits}%}"


def csv_download(frame: pd.DataFrame, name: str, as_of: date) -> None:
    """A button that downloads exactly the data behind the chart or table above it.

    The CSV is written only when the button is clicked (deferred ``data``), not on every
    run of the page, and the click does not rerun the page.
    """
    st.download_button(
        f"Download {name.replace('_', ' ')} (CSV)", lambda: frame.to_csv().encode(),
        file_name=f"{name}_{as_of:%Y-%m-%d}.csv", mime="text/csv", key=f"dl_{name}",
        icon=":material/download:", on_click="ignore",
    )


def date_slider(label: str, key: str, low: date, high: date, default: date) -> date:
    """A draggable date slider bound to the URL (``?key=YYYY-MM-DD``), clamped to the data."""
    default = min(max(default, low), high)
    check_date_param(key, label.lower(), low, high, f"{default}")
    return st.slider(label, min_value=low, max_value=high, value=default, format="YYYY-MM-DD",
                     key=key, bind=BIND)
