"""Figures of the Overview page: rebased performance and relative-strength ratios."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.performance.returns import REBASE_LEVEL
from analytics.theme import (
    AVERAGE_COLOR,
    SMALL_CHART_HEIGHT,
    base_layout,
    color_for,
    figure,
    line_trace,
)


def rebased_figure(rebased: pd.DataFrame, base_date: pd.Timestamp) -> go.Figure:
    """Lines of each symbol rebased to 100 on ``base_date``, with the 100 line marked."""
    traces = []
    for i, symbol in enumerate(rebased.columns):
        series = rebased[symbol].dropna()
        traces.append(line_trace(series.index, series.values, symbol, color_for(symbol, i), 2,
                                 hovertemplate="%{y:.1f}"))
    layout = base_layout(f"Growth of 100 since {base_date:%Y-%m-%d}", y_title="rebased (100 = base)")
    layout["shapes"] = [{"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": REBASE_LEVEL,
                         "y1": REBASE_LEVEL, "line": {"color": AVERAGE_COLOR, "dash": "dot", "width": 1}}]
    return figure(traces, layout)


def ratio_figure(strength: pd.DataFrame, numerator: str, denominator: str) -> go.Figure:
    """The ratio line and its moving average; rising means the numerator leads."""
    sma_column = next(c for c in strength.columns if c.startswith("SMA_"))
    traces = [
        line_trace(strength.index, strength["ratio"], f"{numerator}/{denominator}", color_for(numerator), 1.6,
                   hovertemplate="%{y:.4f}"),
        line_trace(strength.index, strength[sma_column], f"{sma_column.split('_')[1]}-day average",
                   AVERAGE_COLOR, 1.4, hovertemplate="%{y:.4f}"),
    ]
    traces[1]["line"]["dash"] = "dash"
    return figure(traces, base_layout(f"{numerator} / {denominator} price ratio (rising = {numerator} leads)",
                                      SMALL_CHART_HEIGHT))
