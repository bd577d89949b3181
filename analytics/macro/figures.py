"""Figures of the Macro page.

Plain trace and layout dicts (see :func:`analytics.theme.base_layout`). The recession
panel and the Fed-cycle paths are in :mod:`analytics.macro.risk_figures`. Decades of
daily data are drawn as weekly closes (:func:`thin`) and step series (targets, policy rates)
as their change points with ``line.shape = "hv"``: the same picture, a fraction of the points.
NBER recessions are grey bands behind the traces.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.theme import (
    AVERAGE_COLOR,
    CHART_HEIGHT,
    FALLBACK_COLORS,
    SMALL_CHART_HEIGHT,
    base_layout,
    color_for,
    figure,
    line_trace,
)
from analytics.timeseries import week_ending_friday

MAX_POINTS = 1200
#: Decimals kept in chart data: rates have two, prices and ratios need no more than four.
SIGNIFICANT_DECIMALS = 4
RECESSION_FILL = "rgba(128,128,128,0.18)"
FED_COLOR = "#1f77b4"
TARGET_COLOR = "#ff7f0e"
INFLATION_COLORS = {"CPIAUCSL": "#1f77b4", "CPILFESL": "#9467bd", "PCEPILFE": "#2ca02c"}


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """:func:`~analytics.theme.figure`, with dates sent as ``YYYY-MM-DD`` text.

    Streamlit re-encodes every figure on every rerun; Plotly's encoder turns each timestamp
    into a full ISO string one by one, which was most of this page's encoding time.
    """
    for trace in traces:
        x = trace.get("x")
        if isinstance(x, pd.DatetimeIndex):
            trace["x"] = x.strftime("%Y-%m-%d").tolist()
        for axis in ("x", "y"):
            values = trace.get(axis)
            if isinstance(values, np.ndarray) and values.dtype.kind == "f":
                trace[axis] = np.round(values, SIGNIFICANT_DECIMALS)  # shorter JSON, same picture
    return figure(traces, layout)


def thin(series: pd.Series, max_points: int = MAX_POINTS) -> pd.Series:
    """At most about ``max_points`` points: the series as is, else weekly (Friday), else monthly
    last values, whichever is the finest that fits.

    The same as ``resample("W-FRI" | "ME").last().dropna()``, grouped on each date's period end
    instead: resample builds its bins one offset at a time, a tenth of a new date's macro cost.
    """
    values = series.dropna()
    if len(values) <= max_points:
        return values
    days = values.index.normalize()
    weekly = values.groupby(week_ending_friday(values.index)).last()
    if len(weekly) <= max_points:
        return _labelled(weekly, values)
    return _labelled(values.groupby(days + pd.offsets.MonthEnd(0)).last(), values)


def _labelled(thinned: pd.Series, values: pd.Series) -> pd.Series:
    thinned.index = pd.DatetimeIndex(thinned.index, name=values.index.name)
    thinned.name = values.name
    return thinned


def steps(series: pd.Series, end: pd.Timestamp | None = None) -> pd.Series:
    """The change points of a step series, plus its last value at ``end`` (drawn with ``hv``)."""
    values = series.dropna()
    if values.empty:
        return values
    keep = values.ne(values.shift())
    points = values[keep]
    last_day = end if end is not None and end > values.index[-1] else values.index[-1]
    return pd.concat([points, pd.Series([values.iloc[-1]], index=[last_day])]).groupby(level=0).last()


def recession_shapes(intervals: Sequence[tuple[pd.Timestamp, pd.Timestamp]], start: pd.Timestamp | None,
                     end: pd.Timestamp | None, xref: str = "x", yref: str = "paper") -> list[dict]:
    """Grey bands for the recessions overlapping ``[start, end]``, behind the traces."""
    shapes = []
    for first, last in intervals:
        if (end is not None and first > end) or (start is not None and last < start):
            continue
        x0 = max(first, start) if start is not None else first
        x1 = min(last, end) if end is not None else last
        shapes.append({"type": "rect", "xref": xref, "yref": yref, "x0": x0, "x1": x1, "y0": 0, "y1": 1,
                       "fillcolor": RECESSION_FILL, "line": {"width": 0}, "layer": "below"})
    return shapes


def _hline(value: float, yref: str = "y", xref: str = "x domain", dash: str = "dot",
           color: str = AVERAGE_COLOR) -> dict:
    return {"type": "line", "xref": xref, "x0": 0, "x1": 1, "yref": yref, "y0": value, "y1": value,
            "line": {"color": color, "width": 1, "dash": dash}}


def _step_trace(series: pd.Series, end, name: str, color: str, width: float, axis: int = 1, **extra) -> dict:
    points = steps(series, end)
    trace = line_trace(points.index, points.to_numpy(), name, color, width, axis, **extra)
    trace["line"]["shape"] = "hv"
    return trace


def sp500_figure(close: pd.Series, intervals, symbol: str = "^GSPC") -> go.Figure:
    """The S&P 500 on a log scale, as far back as the source goes, NBER recessions shaded."""
    points = thin(close)
    layout = base_layout(f"S&P 500 ({symbol}), log scale, NBER recessions shaded", CHART_HEIGHT,
                         y_title="index level (log)")
    # Powers of ten only: Plotly's default log ticks ("2", "5" between decades) read as prices.
    layout["yaxis"].update({"type": "log", "dtick": 1, "tickformat": ",.0f"})
    if len(points):
        layout["shapes"] = recession_shapes(intervals, points.index[0], points.index[-1])
    return _figure([line_trace(points.index, points.to_numpy(), symbol, color_for(symbol), 1.3,
                              hovertemplate="%{y:,.0f}")], layout)


def fed_funds_figure(iwm: pd.Series | None, dff: pd.Series | None, single: pd.Series, upper: pd.Series,
                     lower: pd.Series, intervals, start: pd.Timestamp, end: pd.Timestamp) -> go.Figure:
    """IWM (left axis) against effective fed funds and the target (right axis).

    The target is drawn as it was: one line to 2008-12-15, a shaded range from 2008-12-16.
    """
    traces = []
    if iwm is not None and len(iwm.loc[start:end]):
        points = thin(iwm.loc[start:end])
        traces.append(line_trace(points.index, points.to_numpy(), "IWM (left)", color_for("IWM"), 1.4,
                                 hovertemplate="%{y:.2f}"))
    window_single = single.loc[start:end]
    if len(window_single):
        traces.append(_step_trace(window_single, None, "Fed target (single, to 2008)", TARGET_COLOR, 1.6, 2,
                                  hovertemplate="%{y:.2f}%"))
    window_lower, window_upper = lower.loc[start:end], upper.loc[start:end]
    if len(window_upper) and len(window_lower):
        traces.append(_step_trace(window_lower, None, "Target range, lower", TARGET_COLOR, 0.6, 2,
                                  hovertemplate="%{y:.2f}%", showlegend=False))
        traces.append(_step_trace(window_upper, None, "Fed target range (2008 on)", TARGET_COLOR, 0.6, 2,
                                  hovertemplate="%{y:.2f}%", fill="tonexty", fillcolor="rgba(255,127,14,0.25)"))
    if dff is not None and len(dff.loc[start:end]):
        points = thin(dff.loc[start:end])
        traces.append(line_trace(points.index, points.to_numpy(), "Effective fed funds (right)", FED_COLOR, 1.1, 2,
                                 hovertemplate="%{y:.2f}%"))
    for trace in traces:
        trace["xaxis"] = "x"  # one date axis; only the y axes differ
    layout = base_layout("IWM against fed funds and the Fed's target", CHART_HEIGHT, y_title="IWM price")
    if not traces or traces[0]["yaxis"] != "y":
        layout["yaxis"] = {"visible": False}  # no IWM yet (it lists in 2000): no empty price axis
    layout["xaxis"]["type"] = "date"
    layout["yaxis2"] = {"overlaying": "y", "side": "right", "title": {"text": "percent"}, "rangemode": "tozero",
                        "showgrid": False, "tickmode": "auto", "ticksuffix": "%"}
    layout["xaxis"]["range"] = [start, end]
    layout["shapes"] = recession_shapes(intervals, start, end)
    return _figure(traces, layout)


def global_rates_figure(rates: dict[str, pd.Series], fed: pd.Series | None, start: pd.Timestamp,
                        end: pd.Timestamp) -> go.Figure:
    """Each bank's policy rate as steps, the Fed's effective rate for reference."""
    traces = []
    for i, (name, rate) in enumerate(rates.items()):
        window = rate.loc[start:end]
        if len(window):
            traces.append(_step_trace(window, None, name, FALLBACK_COLORS[i % len(FALLBACK_COLORS)]
                                      if i >= 1 else "#17becf", 1.4, hovertemplate="%{y:.2f}%"))
    if fed is not None and len(fed.loc[start:end]):
        points = thin(fed.loc[start:end])
        traces.append(line_trace(points.index, points.to_numpy(), "Fed (effective)", FED_COLOR, 2.2,
                                 hovertemplate="%{y:.2f}%"))
    layout = base_layout("Policy rates: the Fed and the tracked central banks", CHART_HEIGHT + 80, y_title="percent")
    layout["xaxis"]["range"] = [start, end]
    # Up to fourteen names: a legend under the plot, not over the title.
    layout["legend"] = {"orientation": "h", "yanchor": "top", "y": -0.1, "xanchor": "left", "x": 0}
    return _figure(traces, layout)


def cuts_bar_figure(tracked: int, cut: dict[int, int], cutters: dict[int, Sequence[str]]) -> go.Figure:
    """How many of the tracked banks cut in the last 3 and 6 months."""
    months = sorted(cut)
    trace = {"type": "bar", "x": [f"last {m} months" for m in months], "y": [cut[m] for m in months],
             "text": [f"{cut[m]} of {tracked}" for m in months], "textposition": "outside",
             "marker": {"color": ["#2ca02c", "#98df8a"][: len(months)]},
             "hovertext": [", ".join(cutters[m]) or "none" for m in months], "hoverinfo": "text",
             "name": "banks that cut"}
    layout = base_layout("Central banks that cut", SMALL_CHART_HEIGHT, y_title="banks")
    layout["yaxis"]["range"] = [0, max(tracked, 1) + 0.5]
    layout["xaxis"] = {"type": "category"}
    layout["hovermode"] = "closest"
    return _figure([trace], layout)


def inflation_figure(yoy: dict[str, pd.Series], labels: dict[str, str], target: float, intervals,
                     start: pd.Timestamp, end: pd.Timestamp) -> go.Figure:
    """Year-over-year inflation (percent) of each series against the target."""
    traces = []
    for series_id, series in yoy.items():
        window = series.loc[start:end]
        if len(window):
            traces.append(line_trace(window.index, 100 * window.to_numpy(), labels[series_id],
                                     INFLATION_COLORS.get(series_id, AVERAGE_COLOR), 1.6,
                                     hovertemplate="%{y:.1f}%"))
    layout = base_layout(f"Inflation, year over year, against the {target:g}% target", CHART_HEIGHT,
                         y_title="% y/y")
    layout["xaxis"]["range"] = [start, end]
    layout["shapes"] = recession_shapes(intervals, start, end) + [_hline(target, dash="dash", color="#d62728")]
    return _figure(traces, layout)


def cuts_priced_figure(frame: pd.DataFrame, futures_minus_dff: tuple[pd.Timestamp, float] | None,
                       start: pd.Timestamp, end: pd.Timestamp) -> go.Figure:
    """2-year yield minus fed funds (below zero: the market expects cuts), with the fed
    funds future's implied rate minus fed funds as a marker where the source has it."""
    window = frame.loc[start:end, "two_year_minus_fed_funds"]
    points = thin(window)
    traces = [line_trace(points.index, points.to_numpy(), "2-year minus fed funds", "#9467bd", 1.4,
                         fill="tozeroy", fillcolor="rgba(148,103,189,0.15)", hovertemplate="%{y:+.2f} pt")]
    if futures_minus_dff is not None:
        traces.append({"type": "scatter", "mode": "markers", "x": [futures_minus_dff[0]], "y": [futures_minus_dff[1]],
                       "name": "ZQ=F implied minus fed funds", "marker": {"size": 10, "color": "#d62728"},
                       "hovertemplate": "%{y:+.2f} pt"})
    layout = base_layout("Cuts priced in: 2-year Treasury minus fed funds", SMALL_CHART_HEIGHT + 40,
                         y_title="percentage points")
    layout["xaxis"]["range"] = [start, end]
    layout["shapes"] = [_hline(0.0)]
    return _figure(traces, layout)
