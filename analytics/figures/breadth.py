"""Figures of the Breadth page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.figures.theme import AVERAGE_COLOR, CHART_HEIGHT, SMALL_CHART_HEIGHT, apply_theme, color_for

BAND_LOW, BAND_HIGH = 20, 80  # oversold / overbought lines of a "% above" series
PCT_COLORS = {20: "#ff7f0e", 50: "#2ca02c", 200: "#8c564b"}


def breadth_figure(index_close: pd.Series | None, index_symbol: str, above: dict[int, pd.DataFrame],
                   universe_label: str) -> go.Figure:
    """The index price on top; the share of members above their averages below, 20/80 bands."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.04, row_heights=[0.45, 0.55])
    if index_close is not None and len(index_close):
        fig.add_trace(go.Scatter(x=index_close.index, y=index_close, name=index_symbol, mode="lines",
                                 line={"color": color_for(index_symbol), "width": 1.5}), row=1, col=1)
    for window, frame in above.items():
        fig.add_trace(go.Scatter(
            x=frame.index, y=100 * frame["pct"], name=f"% above {window}-day", mode="lines",
            line={"color": PCT_COLORS.get(window, AVERAGE_COLOR), "width": 1.5},
            customdata=frame["members"], hovertemplate="%{y:.1f}% of %{customdata} members",
        ), row=2, col=1)
    fig.update_layout(shapes=[
        {"type": "line", "xref": "x2 domain", "x0": 0, "x1": 1, "yref": "y2", "y0": level, "y1": level,
         "line": {"color": AVERAGE_COLOR, "width": 1, "dash": "dot"}} for level in (BAND_LOW, BAND_HIGH)])
    fig.update_yaxes(title_text=index_symbol, row=1, col=1)
    fig.update_yaxes(title_text="% of members", range=[0, 100], row=2, col=1)
    return apply_theme(fig, f"{universe_label}: members above their moving averages", height=CHART_HEIGHT + 120)


def advance_decline_figure(ad: pd.DataFrame, highs_lows: pd.DataFrame) -> go.Figure:
    """A/D line, McClellan oscillator, and new 52-week highs minus lows."""
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.05)
    # Before any member has a full 52 weeks there is no count to draw, not a count of zero.
    highs_lows = highs_lows.where(highs_lows["members"] > 0)
    fig.add_trace(go.Scatter(x=ad.index, y=ad["ad_line"], name="A/D line", mode="lines",
                             line={"color": "#1f77b4", "width": 1.4}), row=1, col=1)
    fig.add_trace(go.Scatter(x=ad.index, y=ad["mcclellan"], name="McClellan oscillator", mode="lines",
                             fill="tozeroy", line={"color": "#9467bd", "width": 1}), row=2, col=1)
    fig.add_trace(go.Scatter(x=highs_lows.index, y=highs_lows["new_highs"], name="new 52-week highs",
                             mode="lines", line={"color": "#2ca02c", "width": 1.2}), row=3, col=1)
    fig.add_trace(go.Scatter(x=highs_lows.index, y=-highs_lows["new_lows"], name="new 52-week lows (negative)",
                             mode="lines", line={"color": "#d62728", "width": 1.2}), row=3, col=1)
    fig.update_yaxes(title_text="cumulative net", row=1, col=1)
    fig.update_yaxes(title_text="McClellan", row=2, col=1)
    fig.update_yaxes(title_text="highs / lows", row=3, col=1)
    return apply_theme(fig, "Advance-decline line, McClellan oscillator, new highs and lows", height=CHART_HEIGHT + 180)


def concentration_figure(lines: dict[str, pd.Series]) -> go.Figure:
    """Equal-weight baskets or ratios rebased to 100, e.g. Magnificent 7 vs the rest."""
    fig = go.Figure()
    for i, (name, series) in enumerate(lines.items()):
        fig.add_trace(go.Scatter(x=series.index, y=series, name=name, mode="lines",
                                 line={"color": color_for(name, i), "width": 1.6}, hovertemplate="%{y:.1f}"))
    fig.add_hline(y=100, line={"color": AVERAGE_COLOR, "dash": "dot", "width": 1})
    return apply_theme(fig, "Concentration: equal-weighted baskets and RSP/SPY, rebased to 100",
                       height=SMALL_CHART_HEIGHT + 60, y_title="100 = start of window")
