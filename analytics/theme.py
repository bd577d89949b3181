"""The one look every chart shares: colours per symbol, fonts, margins, hover format."""
from __future__ import annotations

import plotly.graph_objects as go

#: Fixed colours so IWM is the same colour on every chart of every page.
SYMBOL_COLORS = {
    "IWM": "#d62728",
    "SPY": "#1f77b4",
    "QQQ": "#9467bd",
    "RSP": "#2ca02c",
    "^RUT": "#d62728",
    "^GSPC": "#1f77b4",
    "^NDX": "#9467bd",
}
FALLBACK_COLORS = ("#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
AVERAGE_COLOR = "#7f7f7f"
CHART_HEIGHT = 420
SMALL_CHART_HEIGHT = 320


def color_for(symbol: str, position: int = 0) -> str:
    """The symbol's house colour, or a fallback picked by its position in the legend."""
    return SYMBOL_COLORS.get(symbol, FALLBACK_COLORS[position % len(FALLBACK_COLORS)])


#: A date axis with a hover spike line across the panels.
DATE_AXIS = {"showspikes": True, "spikemode": "across", "spikethickness": 1}


def base_layout(title: str, height: int = CHART_HEIGHT, y_title: str = "") -> dict:
    """Shared layout: title, unified hover, legend on top, tight margins, a spiked date axis.

    A plain dict for ``go.Figure(data, layout, _validate=False)``: figures are rebuilt on every
    rerun and Plotly's validation cost more than the data behind them. No Plotly template
    either: Streamlit's chart theme styles every figure.
    """
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "hovermode": "x unified",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        "xaxis": dict(DATE_AXIS),
        "yaxis": {"title": {"text": y_title}} if y_title else {},
    }


def line_trace(x, y, name: str, color: str, width: float, axis: int = 1, **extra) -> dict:
    """A line trace as a dict, on the ``axis``-th x/y axis pair."""
    suffix = "" if axis == 1 else str(axis)
    return {"type": "scatter", "mode": "lines", "x": x, "y": y, "name": name,
            "line": {"color": color, "width": width}, "xaxis": f"x{suffix}", "yaxis": f"y{suffix}", **extra}


def figure(traces: list[dict], layout: dict) -> go.Figure:
    """The figure, unvalidated (see :func:`base_layout`)."""
    return go.Figure(data=traces, layout=layout, _validate=False)


def stacked_layout(title: str, height: int, row_heights: list[float], spacing: float) -> dict:
    """:func:`base_layout` with panels stacked top to bottom on one shared date axis.

    The same arrangement as ``make_subplots(rows=n, shared_xaxes=True, row_heights=...,
    vertical_spacing=...)``, written out: row ``i`` (from the top) has ``xaxis{i}``/``yaxis{i}``,
    every x axis follows the bottom one and only the bottom one shows dates.
    """
    n = len(row_heights)
    free = 1.0 - spacing * (n - 1)
    total = sum(row_heights)
    layout = base_layout(title, height)
    top = 1.0
    for row, share in enumerate(row_heights, start=1):
        suffix = "" if row == 1 else str(row)
        bottom = max(0.0, top - free * share / total)
        layout[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "domain": [0.0, 1.0], **DATE_AXIS}
        if row < n:
            layout[f"xaxis{suffix}"].update({"matches": f"x{n}", "showticklabels": False})
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "domain": [bottom, top]}
        top = bottom - spacing
    return layout
