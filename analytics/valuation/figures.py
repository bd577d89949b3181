"""Figures of the Valuation page: sector mix, holdings treemap, sector heatmap and ranks,
valuation records and an imported history with its percentile bands.

Plain trace and layout dicts on the shared theme (:mod:`analytics.theme`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.data.gics import CASH_AND_DERIVATIVES, canonical_sectors
from analytics.theme import (
    AVERAGE_COLOR,
    CHART_HEIGHT,
    SMALL_CHART_HEIGHT,
    base_layout,
    color_for,
    figure,
    line_trace,
)

#: Diverging scale for returns: red below zero, white at zero, green above.
RETURN_SCALE = [[0.0, "#b2182b"], [0.5, "#f7f7f7"], [1.0, "#1a7837"]]
BAND_COLOR = "rgba(127,127,127,0.18)"
#: Tiles per sector in the holdings treemap (the rest of the sector in one tile).
TREEMAP_PER_SECTOR = 40
NA_TEXT = "n/a"


def _category_layout(title: str, height: int) -> dict:
    layout = base_layout(title, height)
    layout["hovermode"] = "closest"
    layout["xaxis"] = {}
    return layout


def sector_mix_figure(mix: pd.DataFrame) -> go.Figure:
    """Horizontal grouped bars: rows GICS sectors, one bar per fund (fractions of equity)."""
    order = mix.fillna(0).iloc[:, 0].sort_values().index if len(mix.columns) else mix.index
    traces, seen = [], set()
    for i, fund in enumerate(mix.columns):
        values = mix.loc[order, fund]
        base = fund.split()[0]
        # the same fund from a second source (iShares file and Yahoo): its colour, lighter
        opacity = 0.5 if base in seen else 1.0
        seen.add(base)
        traces.append({"type": "bar", "orientation": "h", "name": fund, "y": list(order),
                       "x": (100 * values).round(2).tolist(),
                       "marker": {"color": color_for(base, i), "opacity": opacity},
                       "hovertemplate": f"{fund} · %{{y}}: %{{x:.1f}}%<extra></extra>"})
    layout = _category_layout("Sector mix: share of each fund's equity weight", CHART_HEIGHT + 80)
    layout.update({"barmode": "group", "xaxis": {"title": {"text": "% of equity weight"}, "ticksuffix": "%"},
                   "margin": {"l": 10, "r": 10, "t": 60, "b": 40}})
    return figure(traces, layout)


Spec = dict  # {"data": [trace dicts], "layout": layout dict}: cheap to cache, unlike a Figure


def from_spec(spec: Spec) -> go.Figure:
    """The figure of a cached spec (specs pickle in microseconds; Figures validate on unpickling)."""
    return figure(spec["data"], spec["layout"])


def holdings_treemap(holdings: pd.DataFrame, fund: str) -> go.Figure:
    """Holdings by sector (parents) and weight (leaves), area proportional to weight."""
    return from_spec(treemap_spec(holdings, fund))


def sector_heatmap(table: pd.DataFrame, windows: tuple[str, ...]) -> go.Figure:
    """See :func:`heatmap_spec`."""
    return from_spec(heatmap_spec(table, windows))


def rank_change_figure(table: pd.DataFrame) -> go.Figure:
    """See :func:`rank_spec`."""
    return from_spec(rank_spec(table))


def treemap_spec(holdings: pd.DataFrame, fund: str, per_sector: int = TREEMAP_PER_SECTOR) -> Spec:
    """Holdings by sector (parents) and weight (leaves), area proportional to weight.

    Each sector shows its ``per_sector`` largest holdings beside one "+N more" tile that holds
    the rest (click it to see them): areas stay exact, and the browser draws two levels at a
    time (``maxdepth=2``), hundreds of tiles rather than two thousand.
    """
    frame = holdings[holdings["weight"] > 0].assign(sector=lambda f: canonical_sectors(f["sector"]))
    frame = frame[frame["sector"] != CASH_AND_DERIVATIVES].sort_values("weight", ascending=False)
    sectors = frame.groupby("sector")["weight"].sum().sort_values(ascending=False)
    big = frame.groupby("sector").cumcount() < per_sector
    more = frame[~big].groupby("sector")["weight"].agg(["sum", "count"])
    more_ids = [f"{s}/+more" for s in more.index]
    leaf_parent = np.where(big, frame["sector"], frame["sector"] + "/+more")
    # Object arrays, not lists: Plotly walks every list item when it serialises a figure.
    text = lambda items: np.asarray(list(items), dtype=object)  # noqa: E731
    trace = {
        "type": "treemap",
        "ids": text(list(sectors.index) + more_ids + (frame["sector"] + "/" + frame["symbol"]).tolist()),
        "labels": text(list(sectors.index) + [f"+{n} more" for n in more["count"]] + frame["symbol"].tolist()),
        "parents": text([""] * len(sectors) + list(more.index) + leaf_parent.tolist()),
        # "remainder": a parent's area is the sum of its tiles, so rounding can never drop one
        "values": np.concatenate([np.zeros(len(sectors) + len(more)), frame["weight"].to_numpy()]),
        "branchvalues": "remainder",
        "customdata": text([f"{s}: {w:.2f}% of the fund" for s, w in sectors.items()]
                           + [f"{n} smaller holdings: {w:.2f}% of the fund" for w, n in zip(more["sum"], more["count"])]
                           + (frame["name"].astype(str) + "<br>"
                              + frame["weight"].map("{:.2f}% of the fund".format)).tolist()),
        "maxdepth": 2, "hovertemplate": "%{customdata}<extra></extra>", "textinfo": "label", "sort": False,
    }
    layout = base_layout(f"{fund} holdings by sector and weight (area = weight; the {per_sector} largest per "
                         "sector, the rest under '+N more'; click to zoom)", CHART_HEIGHT + 60)
    layout["margin"] = {"l": 5, "r": 5, "t": 50, "b": 5}
    return {"data": [trace], "layout": layout}


def heatmap_spec(table: pd.DataFrame, windows: tuple[str, ...]) -> Spec:
    """Funds (rows, labelled with their sector) by window (columns), coloured by return.

    Colours are scaled per column (return / largest absolute return of that window), so a quiet
    week is as readable as a year; the cell text is the return itself.
    """
    z = table[list(windows)].to_numpy(dtype=float)
    text = [[NA_TEXT if np.isnan(v) else f"{100 * v:+.1f}%" for v in row] for row in z]
    labels = [f"{s} · {sec}" for s, sec in zip(table.index, table["sector"])]
    scale = np.where(np.isnan(z), 0.0, np.abs(z)).max(axis=0) if z.size else np.ones(len(windows))
    scale = np.where(scale > 0, scale, 1.0)
    shade = np.where(np.isnan(z), None, z / scale).tolist()
    trace = {"type": "heatmap", "z": shade, "x": list(windows), "y": labels, "text": text,
             "texttemplate": "%{text}", "colorscale": RETURN_SCALE, "zmid": 0, "zmin": -1, "zmax": 1,
             "showscale": False, "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>", "xgap": 2, "ygap": 2}
    layout = _category_layout("Sector price returns (colour scaled within each window; n/a: not covered)",
                              max(SMALL_CHART_HEIGHT, 60 + 26 * len(table)))
    layout["yaxis"] = {"autorange": "reversed"}
    layout["xaxis"] = {"side": "top"}
    layout["margin"] = {"l": 10, "r": 10, "t": 80, "b": 10}
    return {"data": [trace], "layout": layout}


def rank_spec(table: pd.DataFrame) -> Spec:
    """Each fund's rank over 3 months (grey dot) and over 1 week (coloured dot), joined."""
    data = table.dropna(subset=["rank_3m", "rank_1w"]).sort_values("rank_1w", ascending=False)
    labels = [f"{s} · {sec}" for s, sec in zip(data.index, data["sector"])]
    xs, ys = [], []
    for label, (r3, r1) in zip(labels, data[["rank_3m", "rank_1w"]].to_numpy()):
        xs += [r3, r1, None]
        ys += [label, label, None]
    colors = ["#1a7837" if c > 0 else "#b2182b" if c < 0 else AVERAGE_COLOR for c in data["rank_change_3m_to_1w"]]
    traces = [
        {"type": "scatter", "mode": "lines", "x": xs, "y": ys, "line": {"color": AVERAGE_COLOR, "width": 2},
         "showlegend": False, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "markers", "name": "rank over 3 months", "x": data["rank_3m"].tolist(),
         "y": labels, "marker": {"color": "#bdbdbd", "size": 10},
         "hovertemplate": "%{y}: rank %{x} over 3 months<extra></extra>"},
        {"type": "scatter", "mode": "markers", "name": "rank over 1 week", "x": data["rank_1w"].tolist(),
         "y": labels, "marker": {"color": colors, "size": 12},
         "customdata": data["rank_change_3m_to_1w"].tolist(),
         "hovertemplate": "%{y}: rank %{x} over 1 week (%{customdata:+d} places)<extra></extra>"},
    ]
    n = int(max(data["rank_3m"].max(), data["rank_1w"].max())) if len(data) else 1
    layout = _category_layout("Laggards to leaders: rank over the last 3 months vs the last week "
                              "(1 = best; green climbed)", max(SMALL_CHART_HEIGHT, 80 + 26 * len(data)))
    layout["xaxis"] = {"title": {"text": "rank within its group (1 = best)"}, "autorange": "reversed",
                       "dtick": 1, "range": [n + 0.5, 0.5]}
    return {"data": traces, "layout": layout}


def records_figure(wide: pd.DataFrame, field_label: str) -> go.Figure:
    """Recorded values of one field per fund over the days they were recorded."""
    traces = [line_trace(wide.index, wide[c], c, color_for(c, i), 1.8, mode="lines+markers",
                         marker={"size": 4}, hovertemplate="%{y:.2f}")
              for i, c in enumerate(wide.columns)]
    layout = base_layout(f"Recorded {field_label}, one point per refresh", SMALL_CHART_HEIGHT + 40,
                         y_title=field_label)
    return figure(traces, layout)


def bands_figure(series: pd.Series, median: float, p10: float, p90: float, current_date: pd.Timestamp,
                 current: float) -> go.Figure:
    """An imported series with its median and 10th-90th percentile band, the latest reading marked."""
    x0, x1 = series.index[0], series.index[-1]
    traces = [
        {"type": "scatter", "mode": "lines", "x": [x0, x1, x1, x0], "y": [p10, p10, p90, p90], "fill": "toself",
         "fillcolor": BAND_COLOR, "line": {"width": 0}, "name": "10th-90th percentile", "hoverinfo": "skip"},
        line_trace(series.index, series, str(series.name), "#1f77b4", 1.6, hovertemplate="%{y:.2f}"),
        {**line_trace([x0, x1], [median, median], f"median {median:.2f}", AVERAGE_COLOR, 1.2, hoverinfo="skip"),
         "line": {"color": AVERAGE_COLOR, "width": 1.2, "dash": "dot"}},
        {"type": "scatter", "mode": "markers+text", "x": [current_date], "y": [current],
         "text": [f"{current:.2f}"], "textposition": "top center", "name": "latest reading",
         "marker": {"color": "#d62728", "size": 10}, "hoverinfo": "skip"},
    ]
    layout = base_layout(f"{series.name}: its own history, median and 10th-90th percentile band",
                         SMALL_CHART_HEIGHT + 60, y_title=str(series.name))
    return figure(traces, layout)
