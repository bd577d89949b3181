"""The Technicals charts: candles with averages, Fibonacci levels and wave labels; MACD and RSI.

Built as plain trace and layout dicts and handed to ``go.Figure(..., _validate=False)``: the
chart is redrawn on every slider move, and Plotly's per-property validation cost more than
everything else on the server. Candles are four SVG path shapes (wicks and bodies, up and
down), one vertical stroke per bar, under a transparent close line that carries the hover
text. In Chromium a redraw of 560 daily bars took about 500 ms as a ``Candlestick`` trace,
225 ms as ``Ohlc``, 130 ms as gapped line traces and 55 ms as path shapes: the same picture,
without per-point trace bookkeeping that a slider move does not need.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.technicals.elliott import CORRECTION_LABELS, WaveCount
from analytics.technicals.fibonacci import Anchor, ratio_key
from analytics.technicals.indicators import MACD_COLUMNS, RSI_LENGTH
from analytics.theme import DATE_AXIS, base_layout, figure

PRICE_HEIGHT = 520
INDICATOR_HEIGHT = 340
AVERAGE_STYLES = {
    "SMA_50": ("#ff7f0e", "solid"), "SMA_200": ("#1f77b4", "solid"),
    "SMA_50W": ("#9467bd", "dash"),
}
UP_COLOR, DOWN_COLOR = "#2ca02c", "#d62728"
FIB_COLOR = "#b8860b"
WAVE_COLOR = "#2ca02c"
FAIL_COLOR = "#7f7f7f"
RSI_BANDS = (30, 70)
WICK_WIDTH, BODY_WIDTH = 1, 3
#: Fixed margins, wide enough for five-digit price ticks and the axis title on the left and
#: the Fibonacci level tags ("2.618 · 31,413.51") on the right, the same on both charts so
#: their dates line up: with Plotly's automatic margins every redraw measures the labels and
#: then draws the whole chart a second time (half of a slider move's redraw).
FIXED_MARGIN = {"l": 70, "r": 115, "t": 60, "b": 30, "autoexpand": False}
#: A level further than this share of the candles' range beyond them is listed at the chart's
#: edge with an arrow instead of drawn: a far 2.618 extension must not squash the candles.
LEVEL_REACH = 0.35
OFF_CHART_LINE_PX = 15
Y_PAD = 0.04
#: The ``name`` of every Fibonacci level shape and tag, and of the anchors' marker trace: the
#: drag handles (ui/fib_drag) hide these while they draw the levels of a drag in progress.
LEVEL_NAME = "fib level"
ANCHOR_TRACE = "Fibonacci anchors"


def price_text(price: float) -> str:
    """Prices for level tags: cents below 10,000, whole units above (the tag must fit the margin)."""
    return f"{price:,.2f}" if abs(price) < 10_000 else f"{price:,.0f}"


def split_levels(levels: dict[float, float], low: float, high: float
                 ) -> tuple[dict[float, float], dict[float, float], dict[float, float]]:
    """Levels near the candles (drawn), and those far above or below them (listed at the edge).

    Near means within ``LEVEL_REACH`` of the candles' range ``high - low`` beyond them.
    """
    reach = LEVEL_REACH * max(high - low, abs(high) * 0.01)
    near = {r: p for r, p in levels.items() if low - reach <= p <= high + reach}
    above = {r: p for r, p in levels.items() if p > high + reach}
    below = {r: p for r, p in levels.items() if p < low - reach}
    return near, above, below


def _average_label(column: str, weekly: bool) -> str:
    length = column.split("_")[1]
    if length.endswith("W") or weekly:
        return f"{length.rstrip('W')}-week average"
    return f"{length}-day average"


def _strokes(dates: np.ndarray, low: np.ndarray, high: np.ndarray) -> str:
    """One SVG path of vertical strokes, ``M date,low V high`` per bar, in data coordinates."""
    return "".join(f"M{d},{lo:.7g}V{hi:.7g}" for d, lo, hi in zip(dates, low, high))


def _candles(frame: pd.DataFrame, symbol: str) -> tuple[list[dict], dict]:
    """Candle shapes (wicks, then bodies over them) and the invisible hover line.

    Shapes count in the y-axis autorange, so the wicks still set the price range.
    """
    o, h, l, c = (frame[k].to_numpy(dtype=float) for k in ("open", "high", "low", "close"))
    o = np.where(np.isnan(o), c, o)
    h, l = np.where(np.isnan(h), np.maximum(o, c), h), np.where(np.isnan(l), np.minimum(o, c), l)
    dates = np.datetime_as_string(frame.index.to_numpy(dtype="datetime64[D]"), unit="D")
    up, body_low, body_high = c >= o, np.minimum(o, c), np.maximum(o, c)
    shapes = []
    for low, high, width in ((l, h, WICK_WIDTH), (body_low, body_high, BODY_WIDTH)):
        for mask, color in ((up, UP_COLOR), (~up, DOWN_COLOR)):
            if mask.any():
                shapes.append({"type": "path", "xref": "x", "yref": "y", "layer": "between",
                               "path": _strokes(dates[mask], low[mask], high[mask]),
                               "line": {"color": color, "width": width}})
    hover = {"type": "scatter", "mode": "lines", "x": frame.index, "y": c,
             "name": symbol, "line": {"color": "rgba(0,0,0,0)"}, "showlegend": False,
             "customdata": np.column_stack([o, h, l]),
             "hovertemplate": "O %{customdata[0]:.2f} H %{customdata[1]:.2f} "
                              "L %{customdata[2]:.2f} C %{y:.2f}"}
    return shapes, hover


def price_figure(frame: pd.DataFrame, symbol: str, weekly: bool,
                 levels: dict[float, float] | None = None, anchors: list[Anchor] | None = None,
                 count: WaveCount | None = None) -> go.Figure:
    """Candles, moving averages, Fibonacci levels and anchors, and the Elliott count."""
    candles, hover = _candles(frame, symbol)
    traces = [hover]
    for column, (color, dash) in AVERAGE_STYLES.items():
        if column in frame and frame[column].notna().any():
            traces.append({"type": "scatter", "mode": "lines", "x": frame.index, "y": frame[column],
                           "name": _average_label(column, weekly), "hovertemplate": "%{y:.2f}",
                           "line": {"color": color, "width": 1.3, "dash": dash}})
    if anchors:
        traces.append({
            "type": "scatter", "mode": "markers+text", "name": ANCHOR_TRACE,
            "x": [a.date for a in anchors], "y": [a.price for a in anchors],
            "text": [f"{'ABC'[i] if len(anchors) == 3 else a.kind} {a.price:,.2f}" for i, a in enumerate(anchors)],
            "textposition": "top center", "marker": {"color": FIB_COLOR, "size": 9, "symbol": "diamond"},
            "hovertemplate": "%{text} on %{x|%Y-%m-%d}",
        })
    if count is not None:
        traces.append(_wave_trace(count))
    low = float(np.nanmin(frame["low"].fillna(frame["close"])))
    high = float(np.nanmax(frame["high"].fillna(frame["close"])))
    near, above, below = split_levels(levels or {}, low, high)
    shapes, notes = _level_lines(near)
    notes += _off_chart_notes(above, below)
    shown = [low, high, *near.values(), *[a.price for a in anchors or []]]
    pad = Y_PAD * (max(shown) - min(shown) or abs(high) * 0.01 or 1)
    layout = base_layout(f"{symbol} {'weekly' if weekly else 'daily'}", PRICE_HEIGHT)
    layout.update({"xaxis": {**_x_axis(frame), "automargin": False},
                   "yaxis": {"title": {"text": "price"}, "automargin": False,
                             "range": [min(shown) - pad, max(shown) + pad]},
                   "margin": FIXED_MARGIN, "shapes": candles + shapes, "annotations": notes})
    return figure(traces, layout)


def indicator_figure(frame: pd.DataFrame, weekly: bool) -> go.Figure:
    """MACD (12, 26, 9) above RSI (14), on the same dates as :func:`price_figure`.

    A separate figure so that moving a Fibonacci control, which changes only the price
    chart, leaves this one untouched in the browser.
    """
    traces = _macd_traces(frame) + _rsi_traces(frame)
    shapes = [{"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y2", "y0": band, "y1": band,
               "line": {"color": "#999", "width": 1, "dash": "dot"}} for band in RSI_BANDS]
    layout = base_layout(f"MACD and RSI ({'weekly' if weekly else 'daily'})", INDICATOR_HEIGHT)
    layout.update({
        "xaxis": {**_x_axis(frame), "anchor": "y2", "automargin": False},
        "yaxis": {"domain": (0.55, 1.0), "title": {"text": "MACD"}, "automargin": False},
        "yaxis2": {"domain": (0.0, 0.45), "title": {"text": f"RSI {RSI_LENGTH}"}, "range": [0, 100],
                   "automargin": False},
        "margin": FIXED_MARGIN, "shapes": shapes,
    })
    return figure(traces, layout)


def _x_axis(frame: pd.DataFrame) -> dict:
    # The same explicit range on both figures keeps their dates lined up.
    return {"range": [frame.index[0], frame.index[-1]], **DATE_AXIS}


def _level_lines(levels: dict[float, float]) -> tuple[list[dict], list[dict]]:
    """Horizontal dotted lines across the price panel, each labelled 'ratio · price'."""
    shapes, notes = [], []
    for ratio, price in levels.items():
        shapes.append({"type": "line", "name": LEVEL_NAME, "xref": "x domain", "x0": 0, "x1": 1, "yref": "y",
                       "y0": price, "y1": price, "line": {"color": FIB_COLOR, "width": 1, "dash": "dot"}})
        # In the right margin, like a price-axis tag: never over the candles.
        notes.append({"name": LEVEL_NAME, "xref": "x domain", "x": 1, "xshift": 4, "yref": "y", "y": price,
                      "xanchor": "left", "yanchor": "middle", "showarrow": False,
                      "text": f"{ratio_key(ratio)} · {price_text(price)}", "font": {"color": FIB_COLOR, "size": 11}})
    return shapes, notes


def _off_chart_notes(above: dict[float, float], below: dict[float, float]) -> list[dict]:
    """Levels beyond the candles, one tag each, in the margin just above (↑) or below (↓) the
    price panel's right edge, nearest level first, so they never cover a level drawn inside."""
    notes = []
    for levels, edge, arrow, step in ((above, 1, "↑", OFF_CHART_LINE_PX), (below, 0, "↓", -OFF_CHART_LINE_PX)):
        ordered = sorted(levels.items(), key=lambda item: item[1], reverse=edge == 0)
        for i, (ratio, price) in enumerate(ordered):
            notes.append({"name": LEVEL_NAME, "xref": "x domain", "x": 1, "xshift": 4, "yref": "y domain", "y": edge,
                          "yshift": step * i, "xanchor": "left", "yanchor": "bottom" if edge else "top",
                          "showarrow": False, "text": f"{arrow} {ratio_key(ratio)} · {price_text(price)}",
                          "font": {"color": FIB_COLOR, "size": 11}})
    return notes


def _wave_trace(count: WaveCount) -> dict:
    color = WAVE_COLOR if count.passes else FAIL_COLOR
    points = pd.concat([count.pivots, count.correction])
    labels = ["0", "1", "2", "3", "4", "5"] + list(CORRECTION_LABELS[: len(count.correction)])
    return {
        "type": "scatter", "mode": "lines+markers+text",
        "x": points.index, "y": points["price"], "text": labels,
        "textposition": ["top center" if kind == "H" else "bottom center" for kind in points["kind"]],
        "textfont": {"color": color, "size": 14}, "line": {"color": color, "width": 1.5},
        "marker": {"size": 6, "color": color},
        "name": "Elliott count" + ("" if count.passes else " (fails a rule)"),
        "hovertemplate": "wave %{text}: %{y:.2f} on %{x|%Y-%m-%d}",
    }


def _macd_traces(frame: pd.DataFrame) -> list[dict]:
    macd, hist, signal = (frame[c] for c in MACD_COLUMNS)
    traces = [
        # Filled areas, not bars: one path each instead of a rectangle per bar.
        {"type": "scatter", "mode": "lines", "x": frame.index, "y": part, "fill": "tozeroy",
         "fillcolor": color, "line": {"width": 0, "shape": "hv"}, "showlegend": False, "hoverinfo": "skip",
         "name": name}
        for name, part, color in (("histogram +", hist.clip(lower=0), "rgba(44,160,44,0.45)"),
                                  ("histogram -", hist.clip(upper=0), "rgba(214,39,40,0.45)"))
    ]
    traces.append({"type": "scatter", "mode": "lines", "x": frame.index, "y": macd,
                   "name": "MACD 12-26", "line": {"color": "#1f77b4", "width": 1.2}})
    traces.append({"type": "scatter", "mode": "lines", "x": frame.index, "y": signal,
                   "name": "signal 9", "line": {"color": "#ff7f0e", "width": 1.2}})
    return traces


def _rsi_traces(frame: pd.DataFrame) -> list[dict]:
    return [{"type": "scatter", "mode": "lines", "x": frame.index, "y": frame[f"RSI_{RSI_LENGTH}"],
             "yaxis": "y2", "name": f"RSI {RSI_LENGTH}", "line": {"color": "#8c564b", "width": 1.2}}]
