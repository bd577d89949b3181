"""Sector returns and ranks with hand-computed answers."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.valuation.sector_performance import sector_returns

DAYS = pd.bdate_range("2022-12-26", "2023-11-30")


def line(values_by_date: dict[str, float]) -> pd.Series:
    """A close series stepping to each value on its date (held in between)."""
    series = pd.Series(float("nan"), index=DAYS)
    for day, value in values_by_date.items():
        series.loc[pd.Timestamp(day):] = value
    return series.dropna()


def test_windows_from_last_close_on_or_before_each_start():
    # as of Tue 2023-11-28: 1w from 11-21, 1m from 10-28 (Sat -> Fri 10-27), 3m from 08-28, YTD from 2022-12-30
    a = line({"2022-12-26": 100, "2022-12-30": 80, "2023-08-28": 90, "2023-10-27": 95, "2023-11-21": 99,
              "2023-11-28": 110})
    b = line({"2022-12-26": 50, "2023-08-28": 40, "2023-10-27": 60, "2023-11-21": 55, "2023-11-28": 55})
    table = sector_returns({"XLA": a, "XLB": b}, "2023-11-28", {"g": ("XLA", "XLB")})
    assert table.loc["XLA", "1w"] == pytest.approx(110 / 99 - 1)
    assert table.loc["XLA", "1m"] == pytest.approx(110 / 95 - 1)
    assert table.loc["XLA", "3m"] == pytest.approx(110 / 90 - 1)
    assert table.loc["XLA", "YTD"] == pytest.approx(110 / 80 - 1)
    assert table.loc["XLB", "1w"] == pytest.approx(0.0) and table.loc["XLB", "3m"] == pytest.approx(55 / 40 - 1)
    # ranks within the group: XLA leads the week, XLB the 3 months -> XLA climbed one place
    assert table.loc["XLA", "rank_1w"] == 1 and table.loc["XLB", "rank_3m"] == 1
    assert table.loc["XLA", "rank_change_3m_to_1w"] == 1 and table.loc["XLB", "rank_change_3m_to_1w"] == -1


def test_future_data_is_ignored():
    a = line({"2022-12-26": 100, "2023-11-21": 100, "2023-11-29": 500})
    table = sector_returns({"XLA": a}, "2023-11-28", {"g": ("XLA",)})
    assert table.loc["XLA", "1w"] == pytest.approx(0.0)


def test_before_listing_and_short_history_are_na_with_reason():
    young = line({"2023-10-02": 20, "2023-11-28": 22})
    table = sector_returns({"XLC": young}, "2023-11-28", {"g": ("XLC", "XLZ")})
    assert math.isnan(table.loc["XLC", "3m"]) and math.isnan(table.loc["XLC", "YTD"])
    assert table.loc["XLC", "1m"] == pytest.approx(0.1)
    assert "3m, YTD n/a: prices start 2023-10-02" in table.loc["XLC", "note"]
    assert table.loc["XLZ", "note"] == "no prices from this source" and math.isnan(table.loc["XLZ", "rank_1w"])
    before = sector_returns({"XLC": young}, "2023-06-01", {"g": ("XLC",)})
    assert before.loc["XLC", "note"] == "n/a: listed 2023-10-02, after the as-of date"
    assert before[["1w", "1m", "3m", "YTD"]].isna().all(axis=None)


def test_series_that_ended_is_na_beyond_its_end():
    ended = line({"2022-12-26": 100, "2023-06-30": 120}).loc[:"2023-06-30"]
    table = sector_returns({"XLA": ended}, "2023-11-28", {"g": ("XLA",)})
    assert table.loc["XLA", ["1w", "1m", "3m"]].isna().all()
    assert "prices end 2023-06-30" in table.loc["XLA", "note"]


def test_groups_ranked_separately():
    a, b = line({"2022-12-26": 1, "2023-11-28": 2}), line({"2022-12-26": 1, "2023-11-28": 3})
    table = sector_returns({"A": a, "B": b}, "2023-11-28", {"g1": ("A",), "g2": ("B",)})
    assert table.loc["A", "rank_YTD"] == 1 and table.loc["B", "rank_YTD"] == 1
