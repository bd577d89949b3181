"""Small tables of text drawn as static HTML (``st.html``): the scorecard card, forward returns,
and the look the Technicals page's Fibonacci tables share.

A table of a few rows the reader takes in at a glance reads better as a static table: every
column is on screen and long cells wrap (the scorecard's grid hid its metric and evidence
columns behind a horizontal scroll), and a link is an ordinary link whose target can carry
the app's path prefix (a grid link column takes the path as given, so behind a proxy it left
the app). Big or numeric tables the reader sorts and scrolls stay ``st.dataframe``.

Plain HTML, not ``st.table``: ``st.table`` sends the frame as Arrow and reads every cell as
Markdown, so the browser loads and runs the Arrow, Markdown and table modules before the
landing page's first chart can draw; here the text is HTML-escaped, and "> 0 pp" or "$5" show
as written.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from html import escape

import pandas as pd
import streamlit as st

#: The tables' look, close to Streamlit's own table: header and row labels muted, thin rules.
TABLE_CSS = """
table.text-table { border-collapse: collapse; font-size: 0.875rem; width: 100%; margin: 0 0 0.5rem; }
.text-table th, .text-table td { border-bottom: 1px solid rgba(49, 51, 63, 0.1); padding: 0.25rem 0.5rem;
                                 vertical-align: top; font-weight: 400; }
.text-table th { color: rgba(49, 51, 63, 0.6); text-align: left; }
.text-table td { text-align: left; }
.text-table td.unbroken, .text-table td a { white-space: nowrap; }
.text-table.numeric { font-variant-numeric: tabular-nums; }
.text-table.numeric th, .text-table.numeric td { text-align: right; white-space: nowrap; }
.text-table.numeric tbody th, .text-table.numeric thead th:first-child { text-align: left; }
"""


def _url_prefix() -> str:
    """What goes before an app path (``/overview?...``) so a link in a table still works behind
    a reverse proxy: ``/`` + ``server.baseUrlPath``, or nothing without one."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def table_html(frame: pd.DataFrame, links: Mapping[str, str] | None = None,
               unbroken: Collection[str] = ()) -> str:
    """``frame`` (cells already formatted as text) as an HTML table: a column named in ``links``
    holds app paths, shown as links reading ``links[column]``; the cells of the ``unbroken``
    columns (short labels such as a verdict) never wrap; a missing cell is blank."""
    links = links or {}
    prefix = _url_prefix()
    head = "".join(f"<th>{escape(str(c))}</th>" for c in (frame.index.name or "", *frame.columns))
    plan = [(links.get(c), "unbroken" if c in unbroken else "") for c in frame.columns]
    rows = []
    for label, values in zip(frame.index, frame.itertuples(index=False, name=None)):
        cells = []
        for value, (link, style) in zip(values, plan):
            if link is not None:
                text = f'<a href="{escape(prefix + value)}">{escape(link)}</a>' if isinstance(value, str) and value else ""
            else:
                text = "" if pd.isna(value) else escape(str(value))
            cells.append(f'<td class="{style}">{text}</td>' if style else f"<td>{text}</td>")
        rows.append(f"<tr><th>{escape(str(label))}</th>{''.join(cells)}</tr>")
    return (f'<table class="text-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def text_table(frame: pd.DataFrame, links: Mapping[str, str] | None = None,
               unbroken: Collection[str] = ()) -> None:
    """Draw ``frame`` as :func:`table_html` writes it."""
    st.html(f"<style>{TABLE_CSS}</style>{table_html(frame, links, unbroken)}")
