"""Figures of the Breadth page.

Plain trace and layout dicts (see :func:`analytics.theme.base_layout`): ``make_subplots``
plus Plotly's validation took longer than the breadth numbers themselves.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.theme import (
    AVERAGE_COLOR,
    CHART_HEIGHT,
    SMALL_CHART_HEIGHT,
    base_layout,
    color_for,
    figure,
    line_trace,
    stacked_layout,
)

BAND_LOW, BAND_HIGH = 20, 80  # oversold / overbought lines of a "% above" series
PCT_COLORS = {20: "#ff7f0e", 50: "#2ca02c", 200: "#8c564b"}


def breadth_figure(index_close: pd.Series | None, index_symbol: str, above: dict[int, pd.DataFrame],
                   universe_label: str) -> go.Figure:
    """The index price on top; the share of members above their averages below, 20/80 bands."""
    layout = stacked_layout(f"{universe_label}: members above their moving averages", CHART_HEIGHT + 120,
                            [0.45, 0.55], 0.04)
    traces = []
    if index_close is not None and len(index_close):
        traces.append(line_trace(index_close.index, index_close, index_symbol, color_for(index_symbol), 1.5))
    for window, frame in above.items():
        traces.append(line_trace(frame.index, 100 * frame["pct"], f"% above {window}-day",
                            PCT_COLORS.get(window, AVERAGE_COLOR), 1.5, axis=2, customdata=frame["members"],
                            hovertemplate="%{y:.1f}% of %{customdata} members"))
    layout["shapes"] = [
        {"type": "line", "xref": "x2 domain", "x0": 0, "x1": 1, "yref": "y2", "y0": level, "y1": level,
         "line": {"color": AVERAGE_COLOR, "width": 1, "dash": "dot"}} for level in (BAND_LOW, BAND_HIGH)]
    layout["yaxis"]["title"] = {"text": index_symbol}
    layout["yaxis2"].update({"title": {"text": "% of members"}, "range": [0, 100]})
    return figure(traces, layout)


def advance_decline_figure(ad: pd.DataFrame, highs_lows: pd.DataFrame) -> go.Figure:
    """A/D line, McClellan oscillator, and new 52-week highs minus lows."""
    layout = stacked_layout("Advance-decline line, McClellan oscillator, new highs and lows",
                            CHART_HEIGHT + 180, [1, 1, 1], 0.05)
    # Before any member has a full 52 weeks there is no count to draw, not a count of zero.
    highs_lows = highs_lows.where(highs_lows["members"] > 0)
    traces = [
        line_trace(ad.index, ad["ad_line"], "A/D line", "#1f77b4", 1.4),
        line_trace(ad.index, ad["mcclellan"], "McClellan oscillator", "#9467bd", 1, axis=2, fill="tozeroy"),
        line_trace(highs_lows.index, highs_lows["new_highs"], "new 52-week highs", "#2ca02c", 1.2, axis=3),
        line_trace(highs_lows.index, -highs_lows["new_lows"], "new 52-week lows (negative)", "#d62728", 1.2, axis=3),
    ]
    for axis, title in zip(("yaxis", "yaxis2", "yaxis3"), ("cumulative net", "McClellan", "highs / lows")):
        layout[axis]["title"] = {"text": title}
    return figure(traces, layout)


def concentration_figure(lines: dict[str, pd.Series]) -> go.Figure:
    """Equal-weight baskets or ratios rebased to 100, e.g. Magnificent 7 vs the rest."""
    traces = [line_trace(series.index, series, name, color_for(name, i), 1.6, hovertemplate="%{y:.1f}")
              for i, (name, series) in enumerate(lines.items())]
    layout = base_layout("Concentration: equal-weighted baskets and RSP/SPY, rebased to 100",
                         SMALL_CHART_HEIGHT + 60, y_title="100 = start of window")
    layout.update({
        "shapes": [{"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": 100, "y1": 100,
                    "line": {"color": AVERAGE_COLOR, "dash": "dot", "width": 1}}],
    })
    return figure(traces, layout)
