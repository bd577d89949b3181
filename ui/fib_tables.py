"""The Technicals page's Fibonacci tables (levels with progress, and sensitivity) as one static
HTML block.

Python draws them on every run. The drag handles' script (ui/fib_drag/fib_tables.js) writes the
same markup, with the same formats, from the same formulas, into this block the moment an anchor
is dropped or a slider moves, and Python's block for the new anchors replaces it when the rerun
arrives: the viewer never waits a round trip for the numbers. So the markup, the class names and
the number formats below are a contract with that script; a browser test holds the two equal
cell by cell.

Formats: prices ``%.2f`` (no thousands separator, as the grid showed them), the move from the
close ``%+.1f%%``, progress ``%.0f%%`` with a bar clipped to 0-100 %, and ``n/a`` where progress
has no span.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape

import streamlit as st

from analytics.technicals.view import FibResult
from ui.tables import TABLE_CSS

#: The container's key: the script finds the block under ``.st-key-fib_tables``.
KEY = "fib_tables"
PROGRESS_NOTE = ("Progress = best price since the last anchor, as a share of the way from the origin to "
                 "the target (100% = reached).")
#: The block while anchors the handles were dropped on give no levels (Python then says why).
NO_LEVELS = "No Fibonacci levels for these anchors."
SENSITIVITY_TITLE = "Sensitivity: targets when one anchor moves a few trading days"
LEVEL_HEADERS = ("ratio", "target", "move from close", "best since anchor", "progress")
CSS = TABLE_CSS + """
.fib-tables { overflow-x: auto; }  /* a phone scrolls the wide sensitivity table, not the page */
.fib-tables .fib-caption { font-size: 0.875rem; color: rgba(49, 51, 63, 0.6); margin: 0 0 0.5rem; }
.fib-tables .fib-subhead { font-weight: 600; margin: 1rem 0 0.25rem; }
.fib-tables .fib-progress { display: flex; align-items: center; gap: 0.5rem; justify-content: flex-end; }
.fib-tables .fib-bar { flex: 1; max-width: 6rem; height: 0.5rem; border-radius: 0.25rem;
                       background: rgba(49, 51, 63, 0.1); overflow: hidden; }
.fib-tables .fib-bar span { display: block; height: 100%; background: #b8860b; }
"""

def price(value: float) -> str:
    """A price or target as the tables show it: ``%.2f``."""
    return f"{value:.2f}"


def move(fraction: float) -> str:
    """A move from the close, a fraction, as ``%+.1f%%`` of 100 times it."""
    return f"{fraction * 100:+.1f}%"


def progress_cell(fraction: float) -> str:
    """Progress toward a target: a bar clipped to 0-100 % and its percentage, ``n/a`` without a span."""
    if math.isnan(fraction):
        return "<td>n/a</td>"
    width = min(max(fraction * 100, 0.0), 100.0)
    return (f'<td><div class="fib-progress"><span class="fib-bar"><span style="width:{width:.1f}%"></span>'
            f'</span><span>{fraction * 100:.0f}%</span></div></td>')


def anchors_text(fib: FibResult) -> str:
    """The anchors in time order: ``high 244.35 on 2021-11-08 → low 161.67 on 2022-06-16``."""
    return " → ".join(f"{a.kind} {a.price:,.2f} on {a.date:%Y-%m-%d}" for a in fib.anchors)


def _row(head: str, cells: Sequence[str]) -> str:
    return f"<tr><th>{escape(head)}</th>{''.join(cells)}</tr>"


def block(fib: FibResult, key: str) -> str:
    """The caption, the level table and the sensitivity table of ``fib`` as HTML; ``key`` (the
    anchor dates, comma-joined) tells the script which anchors the block was computed for."""
    head = "".join(f"<th>{escape(h)}</th>" for h in LEVEL_HEADERS)
    levels = "".join(
        _row(ratio, (f"<td>{price(row.target)}</td>", f"<td>{move(row.move_from_close)}</td>",
                     f"<td>{price(row.best_since_anchor)}</td>", progress_cell(row.progress)))
        for ratio, row in fib.table.iterrows())
    sens = fib.sensitivity
    sens_head = "<th></th>" + "".join(f"<th>{escape(str(c))}</th>" for c in sens.columns)
    sens_rows = "".join(_row(label, [f"<td>{price(v)}</td>" for v in values])
                        for label, values in zip(sens.index, sens.to_numpy(dtype=float)))
    return (f'<div class="fib-tables" data-fib-key="{escape(key)}">'
            f'<p class="fib-caption">Anchors: {escape(anchors_text(fib))}. {escape(PROGRESS_NOTE)}</p>'
            f'<table class="text-table numeric fib-levels"><thead><tr>{head}</tr></thead><tbody>{levels}</tbody></table>'
            f'<p class="fib-subhead">{escape(SENSITIVITY_TITLE)}</p>'
            f'<table class="text-table numeric fib-sensitivity"><thead><tr>{sens_head}</tr></thead><tbody>{sens_rows}</tbody></table>'
            "</div>")


def tables_key(dates: Sequence[date]) -> str:
    """The anchor dates as the script names them: ``2021-11-08,2022-06-16``."""
    return ",".join(f"{d:%Y-%m-%d}" for d in dates)


def draw(fib: FibResult, dates: Sequence[date]) -> None:
    """The block for ``fib``, whose anchors the controls hold as ``dates`` (in the sliders' order)."""
    with st.container(key=KEY):
        st.html(f"<style>{CSS}</style>{block(fib, tables_key(dates))}")
