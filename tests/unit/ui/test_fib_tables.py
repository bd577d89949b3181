"""ui.fib_tables: the Fibonacci tables' HTML block, its formats and what it holds (the drag
handles' script writes the same block; tests/browser/test_fib_tables_browser.py compares them)."""
from __future__ import annotations

from io import StringIO

import numpy as np
import pandas as pd

from analytics.technicals.view import fib_result
from ui import fib_tables


def _bars() -> pd.DataFrame:
    close = np.r_[np.linspace(100, 200, 40), np.linspace(200, 120, 40), np.linspace(120, 150, 20)]
    return pd.DataFrame({"high": close + 1, "low": close - 1, "close": close},
                        index=pd.bdate_range("2023-01-02", periods=len(close)))


def test_formats():
    assert fib_tables.price(1234.565) == "1234.57" and fib_tables.price(0.125) == "0.12"  # Python's rounding
    assert fib_tables.move(0.0412) == "+4.1%" and fib_tables.move(-0.0004) == "-0.0%"
    assert fib_tables.progress_cell(float("nan")) == "<td>n/a</td>"
    wide = fib_tables.progress_cell(2.174)
    assert "width:100.0%" in wide and "<span>217%</span>" in wide  # the bar clipped, the figure not
    assert "width:0.0%" in fib_tables.progress_cell(-0.3)


def test_block_holds_the_anchors_levels_progress_and_sensitivity():
    bars = _bars()
    dates = (bars.index[39].date(), bars.index[79].date())
    fib = fib_result(bars, bars.index[-1], "Manual", dates, (0.618, 1.0, 1.618))
    html = fib_tables.block(fib, fib_tables.tables_key(dates))
    assert f'data-fib-key="{dates[0]:%Y-%m-%d},{dates[1]:%Y-%m-%d}"' in html
    assert f"Anchors: high 201.00 on {dates[0]:%Y-%m-%d} → low 119.00 on {dates[1]:%Y-%m-%d}." in html
    levels, sensitivity = pd.read_html(StringIO(html), index_col=0)
    assert list(levels.columns) == list(fib_tables.LEVEL_HEADERS[1:])
    assert levels["target"].tolist() == [round(v, 2) for v in fib.levels.values()]
    # Progress: best high since the low (151) over the way from the low (119) to each target.
    assert levels["progress"].tolist() == [f"{(151 - 119) / (t - 119) * 100:.0f}%" for t in fib.levels.values()]
    assert sensitivity.index[0] == "as set" and len(sensitivity) == len(fib.sensitivity)
    assert (sensitivity.to_numpy() == fib.sensitivity.round(2).to_numpy()).all()
