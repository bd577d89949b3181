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


def apply_theme(fig: go.Figure, title: str, height: int = CHART_HEIGHT, y_title: str = "") -> go.Figure:
    """Shared layout: title, unified hover, legend on top, tight margins.

    No Plotly template: Streamlit's chart theme styles every figure, and assigning a template
    copies and validates it on every build (tens of milliseconds per chart).
    """
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        yaxis_title=y_title,
    )
    fig.update_xaxes(showspikes=True, spikemode="across", spikethickness=1)
    return fig


def base_layout(title: str, height: int) -> dict:
    """The same look as :func:`apply_theme`, as a plain layout dict for figures built unvalidated."""
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "hovermode": "x unified",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
    }
