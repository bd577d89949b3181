"""The Technicals charts' structure: candles, level tags and the two charts' alignment."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.technicals.figures import indicator_figure, price_figure, price_text, split_levels
from analytics.technicals.indicators import with_indicators


def bars() -> pd.DataFrame:
    index = pd.bdate_range("2024-01-01", periods=60, name="date")
    close = 100 + np.cumsum(np.where(np.arange(60) % 3 == 0, -1.0, 1.0))
    frame = pd.DataFrame({"open": close - np.where(np.arange(60) % 2 == 0, 0.5, -0.5), "close": close,
                          "volume": 1e6}, index=index)
    frame["high"] = frame[["open", "close"]].max(axis=1) + 1
    frame["low"] = frame[["open", "close"]].min(axis=1) - 1
    return with_indicators(frame)


def test_one_stroke_per_bar_for_wicks_and_for_bodies():
    frame = bars()
    layout = price_figure(frame, "IWM", False).to_dict()["layout"]
    paths = [s["path"] for s in layout["shapes"] if s["type"] == "path"]
    assert len(paths) == 4  # wicks and bodies, up and down
    assert sum(p.count("M") for p in paths) == 2 * len(frame)
    # The first bar: a wick from its low to its high, a body from min to max of open and close.
    row, day = frame.iloc[0], f"{frame.index[0]:%Y-%m-%d}"
    wick = f"M{day},{row['low']:.7g}V{row['high']:.7g}"
    body = f"M{day},{min(row['open'], row['close']):.7g}V{max(row['open'], row['close']):.7g}"
    assert sum(wick in p for p in paths) == 1 and sum(body in p for p in paths) == 1

def test_level_tags_sit_in_the_right_margin_and_both_charts_share_margins():
    frame = bars()
    price = price_figure(frame, "IWM", False, levels={1.618: 123.45, 1.0: 110.0}).to_dict()["layout"]
    tags = {a["text"]: a for a in price["annotations"]}
    assert set(tags) == {"1.618 · 123.45", "1 · 110.00"}
    assert all(a["x"] == 1 and a["xanchor"] == "left" for a in tags.values())
    indicators = indicator_figure(frame, False).to_dict()["layout"]
    assert price["margin"] == indicators["margin"] and price["margin"]["autoexpand"] is False
    assert price["xaxis"]["range"] == indicators["xaxis"]["range"]


def test_stacked_layout_matches_make_subplots_arrangement():
    from analytics.theme import stacked_layout

    layout = stacked_layout("t", 500, [0.45, 0.55], 0.04)
    # 0.96 of the height is shared 45:55 between the panels, 0.04 between them.
    assert np.allclose(layout["yaxis"]["domain"], [1 - 0.96 * 0.45, 1.0])
    assert np.allclose(layout["yaxis2"]["domain"], [0.0, 0.96 * 0.55])
    assert layout["xaxis"]["matches"] == "x2" and layout["xaxis"]["showticklabels"] is False
    assert "matches" not in layout["xaxis2"] and layout["yaxis2"]["anchor"] == "x2"


def test_far_levels_are_listed_at_the_edge_not_drawn():
    frame = bars()
    low, high = frame["low"].min(), frame["high"].max()
    levels = {1.0: high, 2.618: high + 5 * (high - low), 0.0: low - 3 * (high - low)}
    near, above, below = split_levels(levels, low, high)
    assert list(near) == [1.0] and list(above) == [2.618] and list(below) == [0.0]
    layout = price_figure(frame, "IWM", False, levels).to_dict()["layout"]
    top, bottom = layout["yaxis"]["range"]
    assert top < levels[2.618] and bottom > levels[0.0]  # the candles keep the height
    edge = [a["text"] for a in layout["annotations"] if a.get("yref") == "y domain"]
    assert edge == [f"↑ 2.618 · {price_text(levels[2.618])}", f"↓ 0 · {price_text(levels[0.0])}"]
    drawn = [s for s in layout["shapes"] if s["type"] == "line"]
    assert [s["y0"] for s in drawn] == [levels[1.0]]


def test_level_tags_fit_the_margin():
    assert price_text(295.6234) == "295.62" and price_text(123456.78) == "123,457"
