"""Valuation figure specs: exact treemap areas with few tiles, heatmap n/a, rank change."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.valuation.figures import heatmap_spec, rank_spec, treemap_spec


def holdings(n_per_sector: int) -> pd.DataFrame:
    rows = [(f"{s[:2].upper()}{i:03d}", f"Name {i}", s, 1.0 / (i + 1))
            for s in ("Energy", "Health Care") for i in range(n_per_sector)]
    rows.append(("CASH", "Cash", "Cash and/or Derivatives", 0.5))
    return pd.DataFrame(rows, columns=["symbol", "name", "sector", "weight"])


def test_treemap_keeps_areas_exact_and_nests_small_holdings():
    frame = holdings(50)
    trace = treemap_spec(frame, "IWM", per_sector=10)["data"][0]
    assert len(trace["ids"]) == 2 + 2 + 100  # two sectors, a "+40 more" node each, every holding
    assert len(set(trace["ids"])) == len(trace["ids"])
    equity = frame[frame["sector"] != "Cash and/or Derivatives"]["weight"].sum()
    assert trace["values"].sum() == pytest.approx(equity)  # cash is not a tile
    labels, parents = list(trace["labels"]), list(trace["parents"])
    assert labels.count("+40 more") == 2
    nested = [v for v, parent in zip(trace["values"], parents) if parent == "Energy/+more"]
    assert len(nested) == 40 and sum(nested) == pytest.approx(sum(1.0 / (i + 1) for i in range(10, 50)))


def test_heatmap_marks_missing_cells_na():
    table = pd.DataFrame({"sector": ["Energy", "Utilities"], "1w": [0.01, np.nan], "YTD": [-0.2, 0.1]},
                         index=["XLE", "XLU"])
    trace = heatmap_spec(table, ("1w", "YTD"))["data"][0]
    assert trace["text"] == [["+1.0%", "-20.0%"], ["n/a", "+10.0%"]]
    assert trace["z"][1][0] is None and trace["z"][0][1] == pytest.approx(-1.0)  # scaled within YTD


def test_rank_spec_orders_best_week_on_top():
    table = pd.DataFrame({"sector": ["A", "B"], "rank_3m": [1.0, 2.0], "rank_1w": [2.0, 1.0],
                          "rank_change_3m_to_1w": [-1.0, 1.0]}, index=["XA", "XB"])
    traces = rank_spec(table)["data"]
    assert traces[2]["y"][-1] == "XB · B"  # plotted last = top of the chart
    assert traces[2]["marker"]["color"] == ["#b2182b", "#1a7837"]
