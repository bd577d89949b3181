"""Figures of the Seasonality & crypto page: the monthly-returns heatmap and the Santa bars.

Plain trace and layout dicts (see :func:`analytics.theme.base_layout`).
"""
from __future__ import annotations

import calendar

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.theme import CHART_HEIGHT, SMALL_CHART_HEIGHT, base_layout, color_for, figure

MONTH_LABELS = [calendar.month_abbr[m] for m in range(1, 13)]
#: Red for falls, green for gains, white at zero; the scale is symmetric around zero.
DIVERGING_SCALE = [[0.0, "#b2182b"], [0.5, "#f7f7f7"], [1.0, "#1a9850"]]
#: Colour range cap: the 95th percentile of |return| keeps one crash month from washing out the rest.
COLOR_CAP_QUANTILE = 0.95
ROW_HEIGHT_PX = 22
PARTIAL_MARK = "*"


def _cell_text(value: float, partial: bool) -> str:
    if np.isnan(value):
        return ""
    return f"{100 * value:+.1f}{PARTIAL_MARK if partial else ''}"


def monthly_heatmap(grid: pd.DataFrame, partial: pd.DataFrame, symbol: str) -> go.Figure:
    """Monthly returns by year (rows, newest on top) and month (columns), in percent.

    A partial month (not over by the as-of date, or where the data stops) carries
    :data:`PARTIAL_MARK` and says so on hover.
    """
    values = grid.to_numpy(dtype="float64")
    marks = partial.reindex_like(grid).astype("boolean").fillna(False).to_numpy(dtype=bool)
    finite = np.abs(values[~np.isnan(values)])
    cap = float(np.quantile(finite, COLOR_CAP_QUANTILE)) if finite.size else 0.05
    cap = max(cap, 1e-4)
    text = [[_cell_text(v, p) for v, p in zip(row, prow)] for row, prow in zip(values, marks)]
    status = np.where(marks, "partial month", "")
    z = np.where(np.isnan(values), None, np.round(100 * values, 2)).tolist()
    trace = {
        "type": "heatmap", "x": MONTH_LABELS, "y": [str(y) for y in grid.index], "z": z,
        "zmin": -100 * cap, "zmax": 100 * cap, "colorscale": DIVERGING_SCALE, "zmid": 0,
        "text": text, "texttemplate": "%{text}", "textfont": {"size": 10}, "customdata": status.tolist(),
        "hovertemplate": "%{x} %{y}: %{z:+.2f}% %{customdata}<extra></extra>", "xgap": 1, "ygap": 1,
        "colorbar": {"title": {"text": "%"}, "thickness": 12},
    }
    layout = base_layout(f"{symbol}: monthly returns by year (%)",
                         max(SMALL_CHART_HEIGHT, 90 + ROW_HEIGHT_PX * len(grid)))
    layout.update({"hovermode": "closest",
                   "xaxis": {"side": "top", "showspikes": False},
                   "yaxis": {"autorange": "reversed", "type": "category", "dtick": 1}})
    layout["margin"] = {**layout["margin"], "t": 80}
    return figure([trace], layout)


def santa_bars(table: pd.DataFrame, symbols: list[str] | tuple[str, ...]) -> go.Figure:
    """Santa-window return per December year, one bar per symbol (columns ``santa_return_<SYM>``)."""
    traces = []
    for position, symbol in enumerate(symbols):
        column = f"santa_return_{symbol}"
        if column not in table.columns:
            continue
        series = table[column]
        traces.append({"type": "bar", "x": [str(y) for y in series.index], "y": (100 * series).round(2).tolist(),
                       "name": symbol, "marker": {"color": color_for(symbol, position)},
                       "hovertemplate": f"{symbol} %{{x}} window: %{{y:+.2f}}%<extra></extra>"})
    layout = base_layout("Santa-rally window return by year (last 5 December + first 2 January trading days; "
                         "year = the window's December)", CHART_HEIGHT, y_title="return (%)")
    layout.update({"barmode": "group", "xaxis": {"type": "category", "showspikes": False}})
    return figure(traces, layout)
