"""The scorecard's timeline figure: a heatmap of verdicts, claim by date, under two lines.

The top panel has the count of supporting claims and the trade's relative performance
(``LONG/OTHER``, 1 on the first date, on a right-hand axis); the bottom one a cell per claim
and date coloured by verdict, each flip ringed, the thesis date as a dashed line. An invisible
marker sits on every cell: it carries the hover text (claim, date, value, rule) and is what a
click selects, since Plotly selects scatter points, not heatmap cells.
"""
from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from analytics.scorecard.table import format_value, rule_text
from analytics.scorecard.timeline import Flip, Timeline
from analytics.theme import AVERAGE_COLOR, color_for, figure, line_trace, stacked_layout

#: Cell codes and colours: green supports, red against, grey no data.
VERDICT_CODE = {"supports": 1, "against": -1, "no_data": 0}
VERDICT_COLORS = {"supports": "#2ca02c", "against": "#d62728", "no_data": "#d9d9d9"}
COUNT_COLOR = "#333333"
#: Pixels per claim row of the heatmap, and for the lines above it.
ROW_PX = 26
LINES_PX = 220
#: Room for the title, legend and date axis.
FRAME_PX = 140
#: Flip rings and invisible click targets.
FLIP_MARKER = {"symbol": "circle-open", "size": 11, "color": "#000000", "line": {"width": 2}}
TARGET_MARKER_SIZE = 12
#: Claim ids shown on the axis are cut to this many characters (the hover has the full text).
AXIS_LABEL_CHARS = 24


def _colorscale() -> list[list]:
    # Three flat bands over codes -1, 0, 1 (zmin -1, zmax 1): no blending between verdicts.
    a, n, s = VERDICT_COLORS["against"], VERDICT_COLORS["no_data"], VERDICT_COLORS["supports"]
    return [[0.0, a], [1 / 3, a], [1 / 3, n], [2 / 3, n], [2 / 3, s], [1.0, s]]


def timeline_figure(timeline: Timeline, found: list[Flip]) -> go.Figure:
    """The timeline figure of :mod:`analytics.scorecard.timeline` (see the module docstring)."""
    claims = timeline.thesis.claims
    days = [f"{d:%Y-%m-%d}" for d in timeline.dates]
    labels = [c.id[:AXIS_LABEL_CHARS] for c in claims]
    z = [[VERDICT_CODE[r.verdict] for r in timeline.results[c.id]] for c in claims]
    traces: list[dict] = [
        line_trace(days, timeline.supporting(), "claims supporting", COUNT_COLOR, 2.5,
                   hovertemplate="%{y} of " + str(len(claims)) + "<extra>%{x}</extra>",
                   line_shape="hv"),
    ]
    for i, column in enumerate(timeline.relative.columns):
        rel = timeline.relative[column]
        # On the top panel's x axis and a right-hand y axis (y3 overlays y).
        traces.append(line_trace(days, rel.tolist(), f"{column} (1 = {days[0]})", color_for(column.split("/")[1], i + 1),
                                 1.4, hovertemplate="%{y:.3f}<extra>%{x}</extra>", yaxis="y3"))
    traces.append({"type": "heatmap", "x": days, "y": labels, "z": z, "xaxis": "x2", "yaxis": "y2",
                   "zmin": -1, "zmax": 1, "colorscale": _colorscale(), "showscale": False, "hoverinfo": "skip",
                   "xgap": 1, "ygap": 1})
    xs, ys, texts = [], [], []
    for claim, label in zip(claims, labels):
        unit, rule = claim.params.value_unit(), rule_text(claim)
        for day, result in zip(days, timeline.results[claim.id]):
            xs.append(day)
            ys.append(label)
            # A thesis file's words are anyone's: escaped, so hover text shows them as written.
            texts.append(f"<b>{escape(claim.text)}</b><br>{day}: {format_value(result.value, unit)} "
                         f"(rule {escape(rule)}): {result.verdict.replace('_', ' ')}")
    traces.append({"type": "scatter", "mode": "markers", "x": xs, "y": ys, "xaxis": "x2", "yaxis": "y2",
                   "name": "click a column to replay that date", "showlegend": False, "customdata": xs,
                   "text": texts, "hovertemplate": "%{text}<extra></extra>",
                   "marker": {"size": TARGET_MARKER_SIZE, "opacity": 0, "color": AVERAGE_COLOR},
                   "selected": {"marker": {"opacity": 0}}, "unselected": {"marker": {"opacity": 0}}})
    index = {c.id: label for c, label in zip(claims, labels)}
    shown = [f for f in found if f.claim in index]
    if shown:
        traces.append({"type": "scatter", "mode": "markers", "name": "flip", "xaxis": "x2", "yaxis": "y2",
                       "x": [f"{f.date:%Y-%m-%d}" for f in shown], "y": [index[f.claim] for f in shown],
                       "marker": FLIP_MARKER, "hoverinfo": "skip"})
    height = LINES_PX + ROW_PX * len(claims) + FRAME_PX
    layout = stacked_layout("Claim by claim, week by week (click a column to replay its date)", height,
                            [LINES_PX, ROW_PX * len(claims)], 0.04)
    layout["hovermode"] = "closest"
    layout["clickmode"] = "event+select"
    layout["dragmode"] = False
    layout["yaxis"]["title"] = {"text": "claims supporting"}
    layout["yaxis"]["rangemode"] = "tozero"
    layout["yaxis3"] = {"overlaying": "y", "side": "right", "anchor": "x", "showgrid": False,
                        "title": {"text": f"{timeline.thesis.trade.long} relative"}}
    layout["yaxis2"].update({"autorange": "reversed", "type": "category", "automargin": True})
    published = f"{timeline.thesis.published:%Y-%m-%d}"
    layout["shapes"] = [{"type": "line", "xref": "x2", "x0": published, "x1": published, "yref": "paper",
                         "y0": 0, "y1": 1, "line": {"color": AVERAGE_COLOR, "dash": "dash", "width": 1}}]
    layout["annotations"] = [{"x": published, "xref": "x2", "y": 1, "yref": "paper", "text": "argued",
                              "showarrow": False, "yanchor": "bottom", "font": {"size": 11}}]
    return figure(traces, layout)
