"""Figures of the Overview page: rebased performance and relative-strength ratios."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.figures.theme import (
    AVERAGE_COLOR,
    SMALL_CHART_HEIGHT,
    apply_theme,
    color_for,
)
from analytics.performance import REBASE_LEVEL


def rebased_figure(rebased: pd.DataFrame, base_date: pd.Timestamp) -> go.Figure:
    """Lines of each symbol rebased to 100 on ``base_date``, with the 100 line marked."""
    fig = go.Figure()
    for i, symbol in enumerate(rebased.columns):
        series = rebased[symbol].dropna()
        fig.add_trace(go.Scatter(
            x=series.index, y=series.values, name=symbol, mode="lines",
            line={"color": color_for(symbol, i), "width": 2},
            hovertemplate="%{y:.1f}",
        ))
    fig.add_hline(y=REBASE_LEVEL, line={"color": AVERAGE_COLOR, "dash": "dot", "width": 1})
    return apply_theme(fig, f"Growth of 100 since {base_date:%Y-%m-%d}", y_title="rebased (100 = base)")


def ratio_figure(strength: pd.DataFrame, numerator: str, denominator: str) -> go.Figure:
    """The ratio line and its moving average; rising means the numerator leads."""
    sma_column = next(c for c in strength.columns if c.startswith("SMA_"))
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=strength.index, y=strength["ratio"], name=f"{numerator}/{denominator}", mode="lines",
        line={"color": color_for(numerator), "width": 1.6}, hovertemplate="%{y:.4f}",
    ))
    fig.add_trace(go.Scatter(
        x=strength.index, y=strength[sma_column], name=f"{sma_column.split('_')[1]}-day average",
        mode="lines", line={"color": AVERAGE_COLOR, "width": 1.4, "dash": "dash"},
        hovertemplate="%{y:.4f}",
    ))
    return apply_theme(fig, f"{numerator} / {denominator} price ratio (rising = {numerator} leads)",
                       height=SMALL_CHART_HEIGHT)
