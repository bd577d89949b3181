"""Figures of the Macro page.

Plain trace and layout dicts (see :func:`analytics.figures.theme.base_layout`). Decades of
daily data are drawn as weekly closes (:func:`thin`) and step series (targets, policy rates)
as their change points with ``line.shape = "hv"``: the same picture, a fraction of the points.
NBER recessions are grey bands behind the traces.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.figures.theme import (
    AVERAGE_COLOR,
    CHART_HEIGHT,
    FALLBACK_COLORS,
    SMALL_CHART_HEIGHT,
    base_layout,
    color_for,
    figure,
    line_trace,
    stacked_layout,
)

MAX_POINTS = 1200
#: Decimals kept in chart data: rates have two, prices and ratios need no more than four.
SIGNIFICANT_DECIMALS = 4
RECESSION_FILL = "rgba(128,128,128,0.18)"
FED_COLOR = "#1f77b4"
TARGET_COLOR = "#ff7f0e"
HIGHLIGHT_COLOR = "#d62728"
OTHER_EVENT_COLOR = "rgba(110,110,110,0.55)"
INFLATION_COLORS = {"CPIAUCSL": "#1f77b4", "CPILFESL": "#9467bd", "PCEPILFE": "#2ca02c"}
#: End labels of the event paths closer than this (points of the ratio) are not drawn.
LABEL_GAP = 2.0
LIGHT_COLORS = {"green": "#2ca02c", "amber": "#ff9f1c", "red": "#d62728", "n/a": "#9e9e9e"}


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """:func:`~analytics.figures.theme.figure`, with dates sent as ``YYYY-MM-DD`` text.

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
    last values, whichever is the finest that fits."""
    values = series.dropna()
    if len(values) <= max_points:
        return values
    weekly = values.resample("W-FRI").last().dropna()
    return weekly if len(weekly) <= max_points else values.resample("ME").last().dropna()


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


RECESSION_ROWS = (
    ("SAHMREALTIME", "Sahm rule (pt)", (0.5,)),
    ("UNRATE_GAP_12M", "Unemployment − 12-month low (pt)", (0.5,)),
    ("ICSA_AVG_4W", "Claims, 4-week avg (thousands)", ()),
    ("T10Y2Y", "10y − 2y (pt)", (0.0,)),
    ("T10Y3M", "10y − 3m (pt)", (0.0,)),
    ("BAMLH0A0HYM2", "High-yield spread (%)", (5.0, 7.0)),
)


def recession_figure(frames: dict[str, pd.Series], intervals, start: pd.Timestamp, end: pd.Timestamp,
                     claims_threshold: pd.Series | None = None) -> go.Figure:
    """One panel per indicator, its threshold dotted, recessions shaded across all panels."""
    rows = [row for row in RECESSION_ROWS if row[0] in frames]
    if not rows:
        return _figure([], base_layout("Recession indicators: no data for this date", SMALL_CHART_HEIGHT))
    layout = stacked_layout("Recession indicators (dotted red: threshold)", 140 * len(rows) + 90, [1] * len(rows),
                            0.045)
    traces, shapes, annotations = [], [], []
    for axis, (key, title, thresholds) in enumerate(rows, start=1):
        series = thin(frames[key].loc[start:end])
        scale = 1e-3 if key == "ICSA_AVG_4W" else 1.0
        traces.append(line_trace(series.index, scale * series.to_numpy(), title, FALLBACK_COLORS[axis % 6]
                                 if axis > 1 else FED_COLOR, 1.2, axis=axis, hovertemplate="%{y:.2f}"))
        suffix = "" if axis == 1 else str(axis)
        # Panel titles above each panel: rotated axis titles this long overlap their neighbours.
        annotations.append({"text": title, "xref": f"x{suffix} domain", "yref": f"y{suffix} domain", "x": 0, "y": 1,
                            "xanchor": "left", "yanchor": "bottom", "showarrow": False, "font": {"size": 11}})
        for value in thresholds:
            shapes.append(_hline(value, yref=f"y{suffix}", xref=f"x{suffix} domain", color="#d62728"))
        if key == "ICSA_AVG_4W" and claims_threshold is not None:
            line = thin(claims_threshold.loc[start:end])
            trace = line_trace(line.index, scale * line.to_numpy(), "Claims alarm (52-week low +20 %)", "#d62728",
                               1, axis=axis, hovertemplate="%{y:.0f}")
            trace["line"]["dash"] = "dot"
            traces.append(trace)
        shapes += recession_shapes(intervals, start, end, xref=f"x{suffix}", yref=f"y{suffix} domain")
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    layout["xaxis" + str(len(rows) if len(rows) > 1 else "")]["range"] = [start, end]
    layout["showlegend"] = False
    return _figure(traces, layout)


def event_paths_figure(paths: dict, highlight_year: int, kinds: Sequence[str], titles: dict[str, str]) -> go.Figure:
    """^RUT relative to ^GSPC (100 = event day) for 12 months after each event, one panel per
    kind; the ``highlight_year`` cycle bold, the others grey."""
    layout = base_layout("Small vs large caps after Fed turning points: ^RUT / ^GSPC, 100 = event day",
                         CHART_HEIGHT)
    layout["hovermode"] = "closest"
    gap = 0.06
    width = (1 - gap * (len(kinds) - 1)) / len(kinds)
    traces, annotations, shapes = [], [], []
    for i, kind in enumerate(kinds, start=1):
        suffix = "" if i == 1 else str(i)
        left = (i - 1) * (width + gap)
        layout[f"xaxis{suffix}"] = {"domain": [left, left + width], "anchor": f"y{suffix}",
                                    "title": {"text": "months after the event"}, "range": [0, 12.2],
                                    "dtick": 3}
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "title": {"text": "^RUT / ^GSPC" if i == 1 else ""}}
        if i > 1:
            layout[f"yaxis{suffix}"]["matches"] = "y"
        annotations.append({"text": titles[kind], "xref": f"x{suffix} domain", "yref": "paper", "x": 0.5, "y": 1.0,
                            "showarrow": False, "yanchor": "bottom", "font": {"size": 13}})
        shapes.append(_hline(100.0, yref=f"y{suffix}", xref=f"x{suffix} domain"))
        labelled: list[float] = []
        for event, frame in sorted(paths.items(), key=lambda item: item[0].known_from.year != highlight_year):
            if event.kind != kind:
                continue
            # A cycle is named by the year of its first cut: the last hike of the 2019 cycle
            # (December 2018) is confirmed, and known, by the cut of 2019.
            highlighted = event.known_from.year == highlight_year
            traces.append(line_trace(frame["months_after"].to_numpy(), frame["rut_vs_spx"].to_numpy(),
                                     f"{event.date:%Y-%m-%d}", HIGHLIGHT_COLOR if highlighted else OTHER_EVENT_COLOR,
                                     3 if highlighted else 1.2, axis=i, showlegend=False,
                                     hovertemplate=f"{titles[kind]} {event.date:%Y-%m-%d}<br>"
                                                   "%{x:.1f} months: %{y:.1f}<extra></extra>"))
            end = frame.iloc[-1]
            if not highlighted and any(abs(float(end["rut_vs_spx"]) - y) < LABEL_GAP for y in labelled):
                continue  # the hover still names it; a stack of labels would name none
            labelled.append(float(end["rut_vs_spx"]))
            annotations.append({"text": f"{event.date:%Y}", "x": float(end["months_after"]),
                                "y": float(end["rut_vs_spx"]),
                                "xref": f"x{suffix}", "yref": f"y{suffix}", "showarrow": False, "xanchor": "left",
                                "font": {"size": 10, "color": HIGHLIGHT_COLOR if highlighted else "#6e6e6e"}})
    layout["annotations"] = annotations
    layout["shapes"] = shapes
    layout["margin"] = {"l": 10, "r": 30, "t": 80, "b": 10}
    return _figure(traces, layout)


def light_color(light: str) -> str:
    """The colour of a recession light."""
    return LIGHT_COLORS.get(light, LIGHT_COLORS["n/a"])
