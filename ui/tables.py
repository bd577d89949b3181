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

from collections.abc import Collection, Mapping

import pandas as pd
import streamlit as st

#: Every ASCII punctuation character: CommonMark lets any of them be backslash-escaped, which
#: also disarms Streamlit's own Markdown extras (``:red[...]``, ``:emoji:``, ``$math$``).
_ESCAPES = str.maketrans({c: "\\" + c for c in map(chr, range(0x21, 0x7F)) if not c.isalnum()})
NO_BREAK = "\u00a0"


def escape(text: object) -> str:
    """``text`` as Markdown that renders as exactly that text."""
    return str(text).translate(_ESCAPES)


def _url_prefix() -> str:
    """What goes before an app path (``/overview?...``) so a link in a table still works behind
    a reverse proxy: ``/`` + ``server.baseUrlPath``, or nothing without one."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def text_table(frame: pd.DataFrame, links: Mapping[str, str] | None = None,
               unbroken: Collection[str] = ()) -> None:
    """Draw ``frame`` (cells already formatted as text) with ``st.table``; each column named in
    ``links`` holds app paths, shown as links reading ``links[column]``; the cells of the
    ``unbroken`` columns (short labels such as a verdict) never wrap."""
    links = links or {}
    columns = {}
    for column in frame.columns:
        values = frame[column].tolist()
        if column in links:
            label, prefix = escape(links[column]).replace(" ", NO_BREAK), _url_prefix()
            cells = [f"[{label}]({prefix}{v})" if isinstance(v, str) and v else "" for v in values]
        else:
            cells = ["" if pd.isna(v) else escape(v) for v in values]
            if column in unbroken:
                cells = [c.replace(" ", NO_BREAK) for c in cells]
        columns[escape(column)] = cells
    name = frame.index.name
    index = pd.Index([escape(i) for i in frame.index], name=escape(name) if name else None)
    st.table(pd.DataFrame(columns, index=index))
