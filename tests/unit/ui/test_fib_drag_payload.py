"""What the Technicals page hands the drag handles: the bars they snap to, the anchors as bar
positions, and which shapes and tags of the figure are the Fibonacci levels."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analytics.technicals.fibonacci import Anchor
from analytics.technicals.figures import LEVEL_NAME, price_figure
from tests.unit.technicals.test_fib_snap import BARS
from ui import fib_drag


def _frame(n: int = 30) -> pd.DataFrame:
    index = pd.bdate_range("2023-01-02", periods=n)
    close = np.linspace(100, 130, n)
    return pd.DataFrame({"open": close, "high": close + 1, "low": close - 1, "close": close}, index=index)


def test_snap_bars_are_the_slider_days_on_the_chart_with_gaps_filled_from_the_close():
    bars = BARS.assign(high=[10.5, np.nan, 12.9, 13.4])  # a close-only bar
    days = [d.date() for d in bars.index]
    snap = fib_drag.snap_bars(bars, days, pd.Timestamp("2024-01-01"))
    assert list(snap.index) == list(bars.index[1:])  # the chart starts after the first day
    assert snap.loc["2024-01-02", "high"] == 11.5  # the close stands in, as analytics.technicals.fibonacci does
    # A chart that starts after the last day an anchor may take: all of the days.
    assert len(fib_drag.snap_bars(bars, days[:2], pd.Timestamp("2024-01-05"))) == 2


def test_payload_places_each_anchor_on_its_bar_by_the_snap_rule():
    snap = fib_drag.snap_bars(BARS, [d.date() for d in BARS.index], BARS.index[0])
    fig = price_figure(_frame(), "IWM", False)
    data = fib_drag.payload(chart="price_chart", mode="Manual", keys=("fib_high", "fib_low"),
                            dates=(date(2024, 1, 5), date(2024, 1, 3)), snap=snap, ratios=[1.618],
                            close=13.1, basis="high/low", fig=fig)
    assert data["at"] == {"fib_high": 3, "fib_low": 1}  # the holiday: the earlier bar
    assert data["bars"]["d"] == ["2023-12-29", "2024-01-02", "2024-01-04", "2024-01-05"]
    assert data["bars"]["low"] == [9.5, 10.2, 11.1, 12.6] and data["ratios"] == [1.618]


def test_figure_indices_name_the_level_shapes_tags_and_anchor_trace():
    frame = _frame()
    anchors = [Anchor(frame.index[3], 104.0, "high"), Anchor(frame.index[10], 110.0, "low")]
    # 1 and 1.272 are near the candles (drawn as lines), 2.618 far above (a tag at the edge).
    fig = price_figure(frame, "IWM", False, {1.0: 115.0, 1.272: 120.0, 2.618: 400.0}, anchors)
    found = fib_drag.figure_indices(fig)
    shapes, notes = fig.layout.shapes, fig.layout.annotations
    assert [shapes[i].y0 for i in found["shapes"]] == [115.0, 120.0]
    assert len(found["notes"]) == 3 and all(notes[i].name == LEVEL_NAME for i in found["notes"])
    assert all(shapes[i].type == "path" for i in range(len(shapes)) if i not in found["shapes"])  # candles
    assert fig.data[found["anchorTrace"]].name == "Fibonacci anchors"
    assert fib_drag.figure_indices(price_figure(frame, "IWM", False))["anchorTrace"] == -1


def test_the_switch_turns_the_handles_off(monkeypatch):
    monkeypatch.setenv(fib_drag.ENV_SWITCH, "off")
    assert "DASHBOARD_FIB_DRAG" in fib_drag.unavailable()
    monkeypatch.setenv(fib_drag.ENV_SWITCH, "on")
    assert fib_drag.unavailable() == ""


def test_lead_bars_let_the_browser_shift_an_anchor_back_as_the_sensitivity_table_does():
    bars = _frame(30).assign(high=lambda f: f["high"].where(f.index != f.index[8]))  # a close-only bar
    snap = fib_drag.snap_bars(bars, [d.date() for d in bars.index[10:]], bars.index[10])
    lead = fib_drag.lead_bars(bars, snap)
    assert list(lead.index) == list(bars.index[5:10])  # the largest shift back: 5 trading days
    assert lead.loc[bars.index[8], "high"] == bars["close"].iloc[8]  # filled as the snap bars are
    # Fewer where the data starts; none before the first bar.
    assert len(fib_drag.lead_bars(bars, fib_drag.snap_bars(bars, [d.date() for d in bars.index[2:]],
                                                           bars.index[2]))) == 2
    assert fib_drag.lead_bars(bars, fib_drag.snap_bars(bars, [d.date() for d in bars.index], bars.index[0])).empty


def test_payload_puts_the_lead_bars_first_and_counts_anchors_from_them():
    bars = _frame(30)
    snap = fib_drag.snap_bars(bars, [d.date() for d in bars.index[10:]], bars.index[10])
    data = fib_drag.payload(chart="price_chart", mode="Manual", keys=("fib_high", "fib_low"),
                            dates=(bars.index[10].date(), bars.index[12].date()), snap=snap,
                            lead=fib_drag.lead_bars(bars, snap), ratios=[1.618], close=130.0,
                            basis="high/low", fig=price_figure(bars, "IWM", False))
    assert data["lo"] == 5 and data["at"] == {"fib_high": 5, "fib_low": 7}
    assert data["bars"]["d"][0] == f"{bars.index[5]:%Y-%m-%d}" and len(data["bars"]["close"]) == 25
    # Full precision: the browser's tables read the prices Python's read.
    assert data["bars"]["close"] == bars["close"].iloc[5:].tolist()
    assert data["shifts"] == [-5, -2, -1, 1, 2, 5] and data["tables"]["key"] == "fib_tables"
