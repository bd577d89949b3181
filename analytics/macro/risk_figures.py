"""Figures of the Macro page's risk half: the recession panel and the Fed-cycle event paths.

Same conventions as :mod:`analytics.macro.figures` (plain dicts, thinned history, grey NBER
bands behind the traces).
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics.macro.figures import FED_COLOR, _figure, _hline, recession_shapes, thin
from analytics.theme import (
    CHART_HEIGHT,
    FALLBACK_COLORS,
    SMALL_CHART_HEIGHT,
    base_layout,
    line_trace,
    stacked_layout,
)

HIGHLIGHT_COLOR = "#d62728"
OTHER_EVENT_COLOR = "rgba(110,110,110,0.55)"
#: End labels of the event paths closer than this (points of the ratio) are not drawn.
LABEL_GAP = 2.0
#: A path shorter than this many months was cut by the as-of date (drawn dotted).
PATH_COMPLETE_MONTHS = 11.5


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
            incomplete = float(end["months_after"]) < PATH_COMPLETE_MONTHS
            if incomplete:
                traces[-1]["line"]["dash"] = "dot"  # still running on the as-of date
            elif not highlighted and any(abs(float(end["rut_vs_spx"]) - y) < LABEL_GAP for y in labelled):
                continue  # the hover still names it; a stack of labels would name none
            labelled.append(float(end["rut_vs_spx"]))
            annotations.append({"text": f"{event.date:%Y}" + (" so far" if incomplete else ""),
                                "x": float(end["months_after"]),
                                "y": float(end["rut_vs_spx"]),
                                "xref": f"x{suffix}", "yref": f"y{suffix}", "showarrow": False, "xanchor": "left",
                                "font": {"size": 10, "color": HIGHLIGHT_COLOR if highlighted else "#6e6e6e"}})
    layout["annotations"] = annotations
    layout["shapes"] = shapes
    layout["margin"] = {"l": 10, "r": 30, "t": 80, "b": 10}
    return _figure(traces, layout)
