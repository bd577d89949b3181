"""CSV exports: units in the header, provenance on top, no warm-up rows, no formulas."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd

from analytics.export import csv_text, neutralise, trim_leading_empty


def frame() -> pd.DataFrame:
    index = pd.DatetimeIndex(["2024-01-02", "2024-01-03", "2024-01-04"], name="date")
    return pd.DataFrame({"pct": [np.nan, 0.25, 0.5], "members": [np.nan, 4, 4]}, index=index)


def test_units_in_header_and_provenance_on_top():
    text = csv_text(frame(), {"pct": "fraction", "members": "count"}, {"as_of": "2024-01-04", "source": "Demo"})
    lines = text.splitlines()
    assert lines[:2] == ["# as_of: 2024-01-04", "# source: Demo"]
    assert lines[2] == "date,pct (fraction),members (count)"
    back = pd.read_csv(io.StringIO(text), comment="#", index_col=0)
    assert back["pct (fraction)"].tolist() == [0.25, 0.5]  # the all-empty warm-up row is gone


def test_one_unit_for_every_column():
    header = csv_text(frame(), "fraction", {}).splitlines()[0]
    assert header == "date,pct (fraction),members (fraction)"


def test_trim_keeps_inner_gaps():
    data = pd.DataFrame({"a": [np.nan, 1.0, np.nan, 2.0]})
    assert trim_leading_empty(data)["a"].isna().tolist() == [False, True, False]
    assert trim_leading_empty(pd.DataFrame({"a": [np.nan]})).empty


def test_formula_like_cells_are_neutralised():
    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("-2+3") == "'-2+3"
    assert neutralise(-2.5) == -2.5 and neutralise("IWM") == "IWM"
    data = pd.DataFrame({"name": ["+cmd", "ok"]}, index=pd.Index(["=x", "y"], name="symbol"))
    text = csv_text(data, {}, {"note": "=evil"})
    assert "# note: '=evil" in text and "'+cmd" in text and "'=x" in text
