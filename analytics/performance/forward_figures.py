"""Tables and the chart of "What happened next" (:mod:`analytics.performance.forward`).

Numbers stay numbers in the frames meant for CSV (fractions, NaN where there is none); the
display frame spells each cell out, with "not yet" for a horizon the data has not reached
and "n/a" where the source has no value, never a blank and never 0.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.formats import pct
from analytics.performance.forward import (
    BASIS_COLUMN,
    HORIZON_MONTHS,
    HORIZONS,
    LATEST,
    NOT_YET,
    Basis,
    FibTouches,
    ForwardReturn,
)
from analytics.performance.returns import REBASE_LEVEL
from analytics.technicals.fibonacci import ratio_key
from analytics.theme import AVERAGE_COLOR, base_layout, color_for, figure, line_trace
from analytics.timeseries import to_timestamp

Table = Mapping[str, Mapping[str, ForwardReturn]]
#: Months of history drawn before the as-of date, so the marker has something on its left.
LEAD_IN_MONTHS = 1
RETURNS_UNITS = "fraction"
FIB_TOUCH_UNITS = {"target": "price", "move_from_as_of_close": "fraction", "first_touched": "date",
                   "trading_days_to_touch": "trading days"}
FIB_TOUCH_COLUMNS = ["target", "side", "move_from_as_of_close", "first_touched", "trading_days_to_touch"]
HORIZON_LINE_COLOR = "#c7c7c7"
#: Height (share of the plot) between alternate horizon labels.
HORIZON_LABEL_STAGGER = 0.06


def returns_frame(table: Table) -> pd.DataFrame:
    """Rows = symbols (and the ratio), columns = horizons, values = fractions (NaN: none),
    plus ``base_date`` and ``latest_date``: the closes the row starts from and ends at."""
    rows = {}
    for name, row in table.items():
        values = {h: (np.nan if row[h].value is None else row[h].value) for h in HORIZONS}
        values["base_date"] = _day(row[LATEST].base_date)
        values["latest_date"] = _day(row[LATEST].end_date)
        rows[name] = values
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "series"
    return frame


def display_frame(table: Table) -> pd.DataFrame:
    """The table as text: the return as a signed percentage where there is a return, else "not yet" (horizon not
    reached by the data) or "n/a" (no value to start from, or no adjusted closes).

    Column names carry the horizon's target day (``1m (2023-12-28)``) when every row
    shares it, and ``latest`` the last day of the data.
    """
    def cell(result: ForwardReturn) -> str:
        if result.value is not None:
            return pct(result.value)
        return NOT_YET if result.reason.startswith(NOT_YET) else "n/a"

    frame = pd.DataFrame({h: {name: cell(row[h]) for name, row in table.items()} for h in HORIZONS})
    frame.index.name = "series"
    return frame.rename(columns=_horizon_labels(table))


def _horizon_labels(table: Table) -> dict[str, str]:
    labels = {}
    for h in HORIZONS:
        days = {r[h].target_date if h in HORIZON_MONTHS else r[h].end_date for r in table.values()} - {None}
        labels[h] = f"{h} ({next(iter(days)):%Y-%m-%d})" if len(days) == 1 else h
    return labels


def rebased_frame(frames: Mapping[str, pd.DataFrame], as_of, symbols: Sequence[str],
                  basis: Basis = "price", lead_in_months: int = LEAD_IN_MONTHS) -> pd.DataFrame:
    """Each symbol's close (or adjusted close) over its last one on or before ``as_of``, times
    100, from ``lead_in_months`` before the date to the last bar. Symbols without a value on
    or before the date are left out (a column of NaN would rebase on nothing)."""
    stamp = to_timestamp(as_of)
    column = BASIS_COLUMN[basis]
    start = stamp - pd.DateOffset(months=lead_in_months)
    lines = {}
    for symbol in symbols:
        frame = frames.get(symbol)
        if frame is None or column not in frame:
            continue
        series = frame[column].dropna()
        base = series.loc[:stamp]
        if base.empty:
            continue
        lines[symbol] = REBASE_LEVEL * series.loc[start:] / float(base.iloc[-1])
    out = pd.DataFrame(lines).sort_index() if lines else pd.DataFrame()
    out.index.name = "date"
    return out


def _day(stamp) -> str | None:
    return f"{stamp:%Y-%m-%d}" if stamp is not None and not pd.isna(stamp) else None


def forward_figure(rebased: pd.DataFrame, as_of, basis: Basis = "price",
                   touches: FibTouches | None = None) -> go.Figure:
    """IWM, SPY, QQQ rebased to 100 at the as-of date through the latest data; the as-of date
    is a dashed line, each horizon (1, 3, 6, 12 months later) a faint one where the data reaches
    it. On the price basis, ``touches`` adds a marker where the symbol first reached each
    Fibonacci target, at ``100 * target / as-of close``."""
    stamp = to_timestamp(as_of)
    traces = []
    for i, symbol in enumerate(rebased.columns):
        series = rebased[symbol].dropna()
        # Dates as text and values rounded: a third less to encode and send per rerun.
        traces.append(line_trace(list(series.index.strftime("%Y-%m-%d")), series.round(2).tolist(), symbol,
                                 color_for(symbol, i), 2, hovertemplate="%{y:.1f}"))
    if basis == "price" and touches is not None:
        traces.extend(_touch_markers(touches))
    what = "total return, dividends reinvested" if basis == "total" else "price"
    layout = base_layout(f"What happened next: growth of 100 from {stamp:%Y-%m-%d} ({what})",
                         y_title=f"{REBASE_LEVEL:g} = close on the as-of date")
    shapes = [{"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": REBASE_LEVEL,
               "y1": REBASE_LEVEL, "line": {"color": AVERAGE_COLOR, "dash": "dot", "width": 1}},
              _vline(stamp, AVERAGE_COLOR, "dash")]
    annotations = [_vlabel(stamp, f"as of {stamp:%Y-%m-%d}", top=True)]
    last = rebased.index.max() if len(rebased) else None
    for i, (name, months) in enumerate(HORIZON_MONTHS.items()):
        when = stamp + pd.DateOffset(months=months)
        if last is not None and when <= last:
            shapes.append(_vline(when, HORIZON_LINE_COLOR, "dot"))
            # At the foot, staggered: 1m and 3m lie close together on a long chart.
            annotations.append(_vlabel(when, f"+{name}", top=False, lift=HORIZON_LABEL_STAGGER * (i % 2)))
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    return figure(traces, layout)


def _touch_markers(touches: FibTouches) -> list[dict]:
    hit = [t for t in touches.touches if t.touched is not None]
    if not hit or not touches.as_of_close:
        return []
    return [{"type": "scatter", "mode": "markers+text", "name": f"{touches.symbol} reached a Fibonacci target",
             "x": [f"{t.touched:%Y-%m-%d}" for t in hit],
             "y": [round(REBASE_LEVEL * t.target / touches.as_of_close, 2) for t in hit],
             "text": [ratio_key(t.ratio) for t in hit], "textposition": "top center",
             "customdata": [round(t.target, 2) for t in hit],
             "hovertemplate": "%{text} target %{customdata:,.2f} reached",
             "marker": {"symbol": "diamond", "size": 9, "color": color_for(touches.symbol),
                        "line": {"color": "white", "width": 1}}}]


def _vline(when: pd.Timestamp, color: str, dash: str) -> dict:
    return {"type": "line", "xref": "x", "x0": f"{when:%Y-%m-%d}", "x1": f"{when:%Y-%m-%d}",
            "yref": "y domain", "y0": 0, "y1": 1, "line": {"color": color, "dash": dash, "width": 1}}


def _vlabel(when: pd.Timestamp, text: str, top: bool, lift: float = 0.0) -> dict:
    return {"x": f"{when:%Y-%m-%d}", "xref": "x", "y": 1 if top else lift, "yref": "y domain", "text": text,
            "showarrow": False, "xanchor": "left", "yanchor": "top" if top else "bottom", "font": {"size": 11}}


def fib_touch_frame(result: FibTouches) -> pd.DataFrame:
    """One row per target (index: ratio as the report writes it): the price, above or below
    the as-of close, the move it needed from that close, the first day a bar reached it
    (None: not yet) and how many trading days after the as-of date that was."""
    rows = {
        ratio_key(touch.ratio): {
            "target": touch.target,
            "side": touch.side,
            "move_from_as_of_close": touch.target / result.as_of_close - 1 if result.as_of_close else np.nan,
            "first_touched": _day(touch.touched),
            "trading_days_to_touch": np.nan if touch.trading_days is None else float(touch.trading_days),
        }
        for touch in result.touches
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=FIB_TOUCH_COLUMNS)
    frame.index.name = "ratio"
    return frame


def fib_touch_display(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`fib_touch_frame` as text: prices to 2 decimals, the move as a signed percentage, and
    "not yet" for a target no bar has reached."""
    touched = frame["first_touched"].notna()
    days = frame["trading_days_to_touch"]
    return pd.DataFrame({
        "target": frame["target"].map(lambda v: f"{v:,.2f}"),
        "direction": frame["side"].map({"above": "above the close (daily high)",
                                        "below": "below the close (daily low)"}),
        "needed from the as-of close": frame["move_from_as_of_close"].map(pct),
        "first touched": frame["first_touched"].where(touched, NOT_YET),
        "trading days later": days.map(lambda v: "" if pd.isna(v) else f"{v:.0f}"),
    }, index=frame.index)
