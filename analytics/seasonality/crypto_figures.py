"""Figures of the crypto section: rebased paths, rolling correlation, the lead-lag bars."""
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
)

CRYPTO_COLORS = {"BTC-USD": "#f2a900", "ETH/BTC": "#3c3c9d", "Alt basket/BTC": "#17becf"}


def _color(name: str, position: int) -> str:
    return CRYPTO_COLORS.get(name) or color_for(name, position)


def _zero_line(y: float) -> dict:
    return {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y,
            "line": {"color": AVERAGE_COLOR, "dash": "dot", "width": 1}}


def rebased_figure(paths: pd.DataFrame) -> go.Figure:
    """IWM, BTC and the alt measures rebased to 100 on one common day, log scale."""
    traces = [line_trace(paths.index, paths[col].round(3), col, _color(col, i), 1.6, hovertemplate="%{y:.1f}")
              for i, col in enumerate(paths.columns)]
    start = f" (100 = {paths.index[0]:%Y-%m-%d})" if len(paths) else ""
    layout = base_layout(f"IWM against Bitcoin and altcoins in BTC terms, rebased{start}", CHART_HEIGHT,
                         y_title="rebased (log scale)")
    layout["yaxis"]["type"] = "log"
    layout["shapes"] = [_zero_line(100)]
    return figure(traces, layout)


def rolling_corr_figure(corr: pd.DataFrame, window: int) -> go.Figure:
    """Rolling correlation of IWM's daily returns with each coin measure, -1 to 1."""
    traces = []
    for i, col in enumerate(corr.columns):
        name = col.split("_", 3)[-1]
        traces.append(line_trace(corr.index, corr[col].round(4), name, _color(name, i), 1.4,
                                 hovertemplate="%{y:.2f}"))
    layout = base_layout(f"{window}-day rolling correlation of daily returns with IWM (IWM trading days)",
                         SMALL_CHART_HEIGHT, y_title="correlation")
    layout["yaxis"]["range"] = [-1, 1]
    layout["shapes"] = [_zero_line(0)]
    return figure(traces, layout)


def lead_lag_figure(table: pd.DataFrame, chance: float | None = None) -> go.Figure:
    """Correlation of weekly returns by lead (alts ``k`` weeks before IWM), with N on hover.

    ``chance``: draw dotted lines at ``±chance`` (the band unrelated series stay within).
    """
    traces = []
    measures = [c.removeprefix("corr_") for c in table.columns if c.startswith("corr_")]
    for i, name in enumerate(measures):
        traces.append({"type": "bar", "x": table.index.tolist(), "y": table[f"corr_{name}"].round(4).tolist(),
                       "name": f"{name} leads IWM", "marker": {"color": _color(name, i)},
                       "customdata": table[f"n_{name}"].tolist(),
                       "hovertemplate": "lead %{x} weeks: %{y:.2f} (N = %{customdata})<extra></extra>"})
    layout = base_layout("Weekly (Friday) returns: correlation with the alt measure k weeks earlier",
                         SMALL_CHART_HEIGHT, y_title="correlation")
    layout.update({"barmode": "group", "hovermode": "closest",
                   "showlegend": True,
                   "xaxis": {"title": {"text": "alts lead IWM by (weeks)"}, "dtick": 1, "showspikes": False}})
    layout["shapes"] = [_zero_line(0)] + ([_zero_line(chance), _zero_line(-chance)] if chance else [])
    if chance:
        layout["annotations"] = [{"xref": "x domain", "x": 1, "yref": "y", "y": chance, "showarrow": False,
                                  "xanchor": "right", "yanchor": "bottom", "font": {"size": 10},
                                  "text": f"±{chance:.2f}: chance (2/√N)"}]
    return figure(traces, layout)
