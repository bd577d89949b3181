"""Small tables of text drawn as HTML (``st.table``): the scorecard card, forward returns.

A table of a few rows the reader takes in at a glance reads better as a static table: every
column is on screen and long cells wrap (the scorecard's grid hid its metric and evidence
columns behind a horizontal scroll), and a link is an ordinary link whose target can carry
the app's path prefix (a grid link column takes the path as given, so behind a proxy it left
the app). Big or numeric tables the reader sorts and scrolls stay ``st.dataframe``.

``st.table`` reads every cell, header and index label as Markdown, so text is escaped here:
a rule such as "> 0 pp" must not become a quote, nor "$" start a formula.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import pandas as pd
import streamlit as st

#: Every ASCII punctuation character: CommonMark lets any of them be backslash-escaped, which
#: also disarms Streamlit's own Markdown extras (``:red[...]``, ``:emoji:``, ``$math$``).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
NO_BREAK = "\u00a0"


def escape(text: object) -> str:
    """``text`` as Markdown that renders as exactly that text."""
    return _PUNCTUATION.sub(r"\\\1", str(text))


def app_url(path: str) -> str:
    """``path`` (from the app's root, ``/overview?...``) under the app's ``server.baseUrlPath``,
    so a link in a table still works behind a reverse proxy's prefix."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{path}" if base else path


def text_table(frame: pd.DataFrame, links: Mapping[str, str] | None = None,
               unbroken: Collection[str] = ()) -> None:
    """Draw ``frame`` (cells already formatted as text) with ``st.table``; each column named in
    ``links`` holds app paths, shown as links reading ``links[column]``; the cells of the
    ``unbroken`` columns (short labels such as a verdict) never wrap."""
    links = links or {}
    name = frame.index.name
    shown = pd.DataFrame(index=pd.Index([escape(i) for i in frame.index], name=escape(name) if name else None))
    for column in frame.columns:
        values = frame[column].tolist()
        if column in links:
            label = escape(links[column]).replace(" ", NO_BREAK)
            shown[escape(column)] = [f"[{label}]({app_url(v)})" if isinstance(v, str) and v else ""
                                     for v in values]
        else:
            cells = ["" if pd.isna(v) else escape(v) for v in values]
            shown[escape(column)] = [c.replace(" ", NO_BREAK) for c in cells] if column in unbroken else cells
    st.table(shown)
