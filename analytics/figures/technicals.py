"""The Technicals chart: candles with averages, Fibonacci levels, wave labels, MACD and RSI."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.elliott import CORRECTION_LABELS, WaveCount
from analytics.figures.theme import apply_theme
from analytics.fibonacci import Anchor, ratio_key
from analytics.indicators import MACD_COLUMNS, RSI_LENGTH

TECH_HEIGHT = 820
ROW_HEIGHTS = (0.6, 0.2, 0.2)
AVERAGE_STYLES = {
    "SMA_50": ("#ff7f0e", "solid"), "SMA_200": ("#1f77b4", "solid"),
    "SMA_50W": ("#9467bd", "dash"),
}
FIB_COLOR = "#b8860b"
WAVE_COLOR = "#2ca02c"
FAIL_COLOR = "#7f7f7f"
RSI_BANDS = (30, 70)


def _average_label(column: str, weekly: bool) -> str:
    length = column.split("_")[1]
    if length.endswith("W") or weekly:
        return f"{length.rstrip('W')}-week average"
    return f"{length}-day average"


def technicals_figure(frame: pd.DataFrame, symbol: str, weekly: bool,
                      levels: dict[float, float] | None = None, anchors: list[Anchor] | None = None,
                      count: WaveCount | None = None) -> go.Figure:
    """Three stacked panels sharing the date axis: price, MACD(12,26,9), RSI(14)."""
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.03,
                        row_heights=list(ROW_HEIGHTS))
    fig.add_trace(go.Candlestick(
        x=frame.index, open=frame["open"], high=frame["high"], low=frame["low"], close=frame["close"],
        name=symbol, showlegend=False, increasing_line_width=1, decreasing_line_width=1,
    ), row=1, col=1)
    for column, (color, dash) in AVERAGE_STYLES.items():
        if column in frame and frame[column].notna().any():
            fig.add_trace(go.Scatter(x=frame.index, y=frame[column], mode="lines",
                                     name=_average_label(column, weekly),
                                     line={"color": color, "width": 1.3, "dash": dash}), row=1, col=1)
    for ratio, price in (levels or {}).items():
        fig.add_hline(y=price, row=1, col=1, line={"color": FIB_COLOR, "width": 1, "dash": "dot"},
                      annotation_text=f"{ratio_key(ratio)} · {price:,.2f}",
                      annotation_position="top left", annotation_font_color=FIB_COLOR)
    if anchors:
        fig.add_trace(go.Scatter(
            x=[a.date for a in anchors], y=[a.price for a in anchors], mode="markers+text",
            text=[f"{'ABC'[i] if len(anchors) == 3 else a.kind} {a.price:,.2f}" for i, a in enumerate(anchors)],
            textposition="top center", marker={"color": FIB_COLOR, "size": 9, "symbol": "diamond"},
            name="Fibonacci anchors"), row=1, col=1)
    if count is not None:
        _add_wave_labels(fig, count)
    _add_macd(fig, frame)
    _add_rsi(fig, frame)
    fig.update_layout(xaxis_rangeslider_visible=False)
    fig.update_yaxes(title_text="price", row=1, col=1)
    fig.update_yaxes(title_text="MACD", row=2, col=1)
    fig.update_yaxes(title_text=f"RSI {RSI_LENGTH}", range=[0, 100], row=3, col=1)
    if not weekly:
        fig.update_xaxes(rangebreaks=[{"bounds": ["sat", "mon"]}])
    return apply_theme(fig, f"{symbol} {'weekly' if weekly else 'daily'}", height=TECH_HEIGHT)


def _add_wave_labels(fig: go.Figure, count: WaveCount) -> None:
    color = WAVE_COLOR if count.passes else FAIL_COLOR
    points = pd.concat([count.pivots, count.correction])
    labels = ["0", "1", "2", "3", "4", "5"] + list(CORRECTION_LABELS[: len(count.correction)])
    positions = ["top center" if kind == "H" else "bottom center" for kind in points["kind"]]
    fig.add_trace(go.Scatter(
        x=points.index, y=points["price"], mode="lines+markers+text", text=labels,
        textposition=positions, textfont={"color": color, "size": 14},
        line={"color": color, "width": 1.5}, marker={"size": 6, "color": color},
        name="Elliott count" + ("" if count.passes else " (fails a rule)"),
    ), row=1, col=1)


def _add_macd(fig: go.Figure, frame: pd.DataFrame) -> None:
    macd, hist, signal = (frame[c] for c in MACD_COLUMNS)
    colors = ["#2ca02c" if v >= 0 else "#d62728" for v in hist.fillna(0)]
    fig.add_trace(go.Bar(x=frame.index, y=hist, name="MACD histogram", marker_color=colors,
                         showlegend=False), row=2, col=1)
    fig.add_trace(go.Scatter(x=frame.index, y=macd, name="MACD 12-26", mode="lines",
                             line={"color": "#1f77b4", "width": 1.2}), row=2, col=1)
    fig.add_trace(go.Scatter(x=frame.index, y=signal, name="signal 9", mode="lines",
                             line={"color": "#ff7f0e", "width": 1.2}), row=2, col=1)


def _add_rsi(fig: go.Figure, frame: pd.DataFrame) -> None:
    fig.add_trace(go.Scatter(x=frame.index, y=frame[f"RSI_{RSI_LENGTH}"], name=f"RSI {RSI_LENGTH}",
                             mode="lines", line={"color": "#8c564b", "width": 1.2}), row=3, col=1)
    for band in RSI_BANDS:
        fig.add_hline(y=band, row=3, col=1, line={"color": "#999", "width": 1, "dash": "dot"})
