"""Small display helpers shared by pages: number formats and CSV downloads."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import pandas as pd
import streamlit as st

from analytics.export import csv_text
from analytics.formats import pct as pct  # re-exported: pages format with ui.widgets
from analytics.formats import pp as pp
from ui.ranged import Span, ranged
from ui.state import pinned_link, view_settings


def csv_download(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, as_of: date,
                 units: str | Mapping[str, str] = "", source: str = "", **provenance: object) -> None:
    """A button that downloads exactly the data behind the chart or table above it.

    The file names its units in the header and what produced it (as-of date, source and any
    ``provenance`` such as anchors) in ``#`` lines on top (:func:`analytics.export.csv_text`).
    The CSV is written only when the button is clicked (deferred ``data``), not on every
    run of the page, and the click does not rerun the page. ``frame`` may be a function that
    builds it, called then too: a frame only the file needs is not built on every run.
    """
    about = {"as_of": f"{as_of:%Y-%m-%d}", **({"source": source} if source else {}), **provenance}
    st.download_button(
        f"Download {name.replace('_', ' ')} (CSV)",
        lambda: csv_text(frame() if callable(frame) else frame, units, about).encode(),
        file_name=f"{name}_{as_of:%Y-%m-%d}.csv", mime="text/csv", key=f"dl_{name}",
        icon=":material/download:", on_click="ignore",
    )


def date_picker(label: str, key: str, low: date, high: date, default: date, **kwargs) -> date:
    """A URL-bound date input from ``low`` to ``high`` (:func:`ui.ranged.ranged`: one day is
    shown as text, a default or link date outside is clamped); ``default`` when ``low`` is
    after ``high`` and there is no day to pick."""
    value = ranged(st.date_input, key, label, Span.between(low, high), default,
                   empty=f"{label}: no day to pick between {low:%Y-%m-%d} and {high:%Y-%m-%d}.", **kwargs)
    return default if value is None else value


def view_link(page_path: str, extra: dict[str, str | list[str]] | None = None) -> None:
    """The pinned link of the view on screen: every URL-bound control written out.

    The address bar leaves out defaults, and some defaults move with the data (the latest
    date, automatic anchors), so this link is the one to send: it opens the same numbers later.
    """
    with st.popover("Copy link", icon=":material/link:"):
        st.caption("This view with every setting written out (the address bar leaves out defaults, "
                   "which move as new data arrives). Use the copy button:")
        st.code(pinned_link(view_settings() | (extra or {}), page_path), language=None, wrap_lines=True)
