"""Drag handles for the Fibonacci anchors, laid over the page's own price chart.

A Custom Components v2 element (``st.components.v2.component``: no iframe, mounted in the
page's document). ``st.plotly_chart`` keeps drawing the price chart; the component's script
(``fib_levels.js``, the formulas, then ``fib_drag.js``, the overlay) finds that chart by its
key, reads its axes from plotly.js's layout and draws a handle on each anchor. While a handle
is dragged the script redraws every level, its tag and its percent from the close per
animation frame, with the formulas of :mod:`analytics.technicals.fibonacci`; on release it snaps to a bar
(the rule of :func:`analytics.technicals.fibonacci.snap_to_bar`) and sends the anchor dates once.
:func:`_on_release` writes them into the anchor sliders' state before they are drawn, as a
nudge button does, so the rerun is a slider move's: the sliders, the URL and the tables follow.
The other way round, a slider's thumb showing a new day moves its handle and redraws the levels
in the browser at once, before Python answers; the figure's own levels take over when its
redraw comes.

The chart is Streamlit's, drawn with the plotly.js Streamlit already ships: no second copy
(loading plotly's own 4.8 MB bundle for a chart of our own made the first chart 2.6 times
slower), no CDN. Where the component cannot run, the page says so in one sentence and the
sliders remain.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from analytics.technicals import fibonacci
from analytics.technicals.figures import ANCHOR_TRACE, LEVEL_NAME
from ui import fib_tables

NAME = "dashboard.fib_drag"
KEY = "fib_drag"
#: ``off`` turns the handles off (the fallback path: the chart and the sliders alone).
ENV_SWITCH = "DASHBOARD_FIB_DRAG"
HERE = Path(__file__).parent
#: The component's script, in order: the formulas, the tables, then the overlay that uses them.
SCRIPTS = ("fib_levels.js", "fib_tables.js", "fib_drag.js")
FALLBACK = "Dragging the anchors on the chart is unavailable here{why}; the sliders set them."
#: Shown until the script takes over, which hides it (the stylesheet delays it by 3 s so a
#: normal load never flashes it); if the script never runs, it stays.
HTML = f'<p class="fib-drag-note">{FALLBACK.format(why="")}</p>'
#: What the script's tables take from ui/fib_tables.py: where the block is, its fixed sentences.
TABLES_TEXT = {"key": fib_tables.KEY, "note": fib_tables.PROGRESS_NOTE, "title": fib_tables.SENSITIVITY_TITLE,
               "headers": list(fib_tables.LEVEL_HEADERS), "none": fib_tables.NO_LEVELS}


def _create():
    return st.components.v2.component(NAME, html=HTML, css=(HERE / "fib_drag.css").read_text(encoding="utf-8"),
                                      js="\n".join((HERE / name).read_text(encoding="utf-8") for name in SCRIPTS),
                                      isolate_styles=False)  # its overlay lives in the chart's container


try:
    _COMPONENT, _PROBLEM = _create(), ""
except Exception as exc:  # noqa: BLE001 - whatever stops registration means: fall back, and say why
    _COMPONENT, _PROBLEM = None, f"{type(exc).__name__}: {exc}"


def unavailable() -> str:
    """Why the handles are off in this process (``""`` when they are on)."""
    if os.environ.get(ENV_SWITCH, "").strip().lower() in ("off", "0", "false", "no"):
        return f"turned off by {ENV_SWITCH}"
    return _PROBLEM


def figure_indices(fig: go.Figure) -> dict:
    """Which of the figure's shapes and annotations are Fibonacci levels, and which trace
    holds the anchor markers: the script hides them while its own levels stand in."""
    layout = fig.layout
    return {
        "shapes": [i for i, s in enumerate(layout.shapes or ()) if s.name == LEVEL_NAME],
        "notes": [i for i, a in enumerate(layout.annotations or ()) if a.name == LEVEL_NAME],
        "anchorTrace": next((i for i, t in enumerate(fig.data) if t.name == ANCHOR_TRACE), -1),
    }


def _filled(window: pd.DataFrame) -> pd.DataFrame:
    close = window["close"].to_numpy(dtype=float)
    filled = {k: np.where(np.isnan(v := window[k].to_numpy(dtype=float)), close, v) if k in window else close
              for k in ("high", "low")}
    return pd.DataFrame({**filled, "close": close}, index=window.index)


def snap_bars(bars: pd.DataFrame, days: Sequence[date], start: pd.Timestamp) -> pd.DataFrame:
    """The bars a handle may land on: the anchor sliders' days (``days``) that are on the chart
    (from ``start``), with high and low filled from the close as :mod:`analytics.technicals.fibonacci` does."""
    first = max(pd.Timestamp(days[0]), pd.Timestamp(start))
    window = bars.loc[first: pd.Timestamp(days[-1])]
    if window.empty:  # the chart starts after the last day an anchor may take
        window = bars.loc[pd.Timestamp(days[0]): pd.Timestamp(days[-1])]
    return _filled(window)


def lead_bars(bars: pd.DataFrame, snap: pd.DataFrame) -> pd.DataFrame:
    """The bars just before ``snap`` that the sensitivity table's shifts may reach (as many as
    the largest shift back, fewer where the data starts), filled the same way: an anchor on the
    first bar a handle may take still has its ``-5d`` row in the browser's table."""
    reach = max(-min(fibonacci.SENSITIVITY_SHIFTS), 0)
    before = bars.loc[: snap.index[0]].iloc[:-1]
    return _filled(before.iloc[len(before) - min(reach, len(before)):])


def payload(*, chart: str, mode: str, keys: Sequence[str], dates: Sequence[date], snap: pd.DataFrame,
            ratios: Sequence[float], close: float, basis: fibonacci.SnapBasis, fig: go.Figure,
            lead: pd.DataFrame | None = None) -> dict:
    """What the script needs, as JSON: the chart's key, the anchors as bar positions, the bars
    (dates, highs, lows, closes: ``lead``, then ``snap``), the first bar a handle may take
    (``lo``: the ``lead`` bars only serve the sensitivity table's shifts), the ratios and the
    sensitivity shifts, the last close and the snap basis.

    Each anchor date is placed on the nearest bar of ``snap``, the earlier on a tie (``argmin``
    takes the first minimum): :func:`analytics.technicals.fibonacci.snap_to_bar`'s rule, the one the script
    applies on release. Prices go at full precision: the browser's tables must read what
    Python's read, to the cent.
    """
    lo = 0 if lead is None else len(lead)
    every = snap if not lo else pd.concat([lead, snap])
    times = snap.index.to_numpy(dtype="datetime64[ns]")
    at = {key: lo + int(np.argmin(np.abs(times - np.datetime64(pd.Timestamp(when), "ns"))))
          for key, when in zip(keys, dates)}
    return {
        "chart": chart, "mode": mode, "keys": list(keys), "at": at, "basis": basis, "lo": lo,
        # Lists, not per-value conversions: this goes out on every rerun of the fragment.
        "bars": {"d": np.datetime_as_string(every.index.to_numpy(dtype="datetime64[ns]"), unit="D").tolist(),
                 **{k: every[k].to_numpy(dtype=float).tolist() for k in ("high", "low", "close")}},
        "ratios": [float(r) for r in ratios], "shifts": list(fibonacci.SENSITIVITY_SHIFTS),
        "close": float(close), **figure_indices(fig), "tables": TABLES_TEXT,
    }


def _on_release(keys: Sequence[str], mode_key: str) -> None:
    """The drag's one message, before the rerun draws anything: the anchors go into the sliders'
    state (as a nudge does), and a drag in Auto mode switches to Manual with those anchors."""
    release = st.session_state[KEY].get("release") or {}
    dates = {k: date.fromisoformat(v) for k, v in (release.get("dates") or {}).items() if k in keys}
    switching = release.get("mode") == "Auto"
    if not switching:  # the other anchors stay as their sliders hold them, as after a slider move
        dates = {k: v for k, v in dates.items() if k == release.get("moved")}
    for key, value in dates.items():
        st.session_state[key] = value
        if switching:
            # The sliders are drawn for the first time in this rerun, and Streamlit writes a
            # bound widget's value set in code into the URL only when the widget existed on the
            # run before: write the link's parameters here (not yet bound, so allowed).
            try:
                st.query_params[key] = value.isoformat()
            except StreamlitAPIException:  # bound after all: Streamlit writes it
                pass
    if switching:
        st.session_state[mode_key] = "Manual"


def handles(chart: str, fig: go.Figure, *, mode: str, mode_key: str, keys: Sequence[str], dates: Sequence[date],
            bars: pd.DataFrame, days: Sequence[date], ratios: Sequence[float], basis: fibonacci.SnapBasis) -> None:
    """Handles on the anchors of the chart keyed ``chart`` (drawn just before, from ``fig``).

    Parameters
    ----------
    chart : str
        The key given to ``st.plotly_chart`` for the price chart.
    fig : Figure
        That chart, as :func:`analytics.technicals.figures.price_figure` built it.
    mode, mode_key : str
        The Fibonacci mode shown ("Auto", "Manual", "3-point") and the key of its control.
    keys, dates : sequences
        The anchor sliders' keys and their values, in order: (swing high, swing low) or (A, B, C).
    bars : DataFrame
        Daily bars up to the as-of date (the sliders' and the levels' bars).
    days : sequence of date
        The trading days an anchor may take (the sliders' options).
    ratios : sequence of float
        The ratios drawn.
    basis : {"high/low", "close"}
        What an anchor's price is read from.
    """
    why = unavailable()
    if why or not dates:
        if why:
            st.caption(FALLBACK.format(why=f" ({why})"))
        return
    start = pd.Timestamp(fig.layout.xaxis.range[0])
    snap = snap_bars(bars, days, start)
    data = payload(chart=chart, mode=mode, keys=keys, dates=dates, snap=snap, lead=lead_bars(bars, snap),
                   ratios=ratios, close=float(bars["close"].iloc[-1]), basis=basis, fig=fig)
    _COMPONENT(key=KEY, data=data, on_release_change=lambda: _on_release(keys, mode_key))
