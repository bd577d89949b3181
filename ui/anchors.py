"""Fibonacci anchor controls: a slider over trading days with one-bar nudge buttons."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from ui.ranged import Span, ranged


def _nudge(key: str, options: Sequence[date], step: int) -> None:
    current = st.session_state.get(key)
    position = options.index(current) if current in options else len(options) - 1
    st.session_state[key] = options[min(max(position + step, 0), len(options) - 1)]


def nearest_on_or_before(options: Sequence[date], wanted: date) -> date:
    """The last trading day on or before ``wanted`` (the first one if ``wanted`` is earlier)."""
    earlier = [d for d in options if d <= wanted]
    return earlier[-1] if earlier else options[0]


def anchor_slider(label: str, key: str, options: Sequence[date], default: date) -> date:
    """A URL-bound slider that steps through ``options`` (trading days), with one-bar nudges.

    Through :func:`ui.ranged.ranged`: the default (and a link date) snaps to the last trading
    day on or before it, so it is always an option; a single day is shown as text, without
    nudges, and no day at all leaves ``default``.
    """
    span = Span.among(options, ordered=True)
    if span.empty or span.single:
        value = ranged(st.select_slider, key, label, span, default, empty=f"{label}: no trading day to anchor on.")
        return default if value is None else value
    options = list(options)
    slider, nudges = st.columns([3, 1], vertical_alignment="bottom")
    with slider:
        # After a nudge the state holds the value: passing a default too would make Streamlit
        # warn, hence keep_state.
        value = ranged(st.select_slider, key, label, span, default, empty="", keep_state=True,
                       format_func=lambda d: f"{d:%Y-%m-%d}")
    # Two compact arrows side by side: a column each (a tenth of an anchor's third of the
    # page) left a bordered button 26 px, and its arrow was cut to nothing. Material icons,
    # which Streamlit ships, not glyphs that depend on the viewer's fonts.
    with nudges, st.container(horizontal=True, gap="xxsmall", horizontal_alignment="right"):
        st.button(":material/chevron_left:", key=f"{key}_back", help="One bar earlier", on_click=_nudge,
                  args=(key, options, -1), disabled=value == options[0], width="content", type="tertiary")
        st.button(":material/chevron_right:", key=f"{key}_fwd", help="One bar later", on_click=_nudge,
                  args=(key, options, 1), disabled=value == options[-1], width="content", type="tertiary")
    return value
