"""Point-in-time selection (release lag, vintage) and year-over-year by date."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.data.fred_catalogue import CPIAUCSL, DFF, ICSA, SeriesSpec
from analytics.macro import pit


def monthly(values: dict[str, float]) -> pd.Series:
    return pd.Series(list(values.values()), index=pd.DatetimeIndex(list(values)), name="X")


def test_release_lag_cpi_counts_from_the_15th_of_the_next_month():
    cpi = monthly({"2023-09-01": 307.0, "2023-10-01": 307.5})
    assert pit.available_from(cpi.index, CPIAUCSL).strftime("%Y-%m-%d").tolist() == ["2023-10-15", "2023-11-15"]
    assert pit.published_by(cpi, CPIAUCSL, "2023-11-14").index.tolist() == [pd.Timestamp("2023-09-01")]
    assert len(pit.published_by(cpi, CPIAUCSL, "2023-11-15")) == 2


def test_daily_and_weekly_lags():
    dff = pd.Series([5.33], index=pd.DatetimeIndex(["2023-11-28"]))
    assert len(pit.published_by(dff, DFF, "2023-11-28")) == 1
    claims = pd.Series([210_000.0], index=pd.DatetimeIndex(["2023-11-18"]))  # a Saturday
    assert pit.published_by(claims, ICSA, "2023-11-22").empty
    assert len(pit.published_by(claims, ICSA, "2023-11-23")) == 1


def test_latest_figure_says_its_period():
    cpi = monthly({"2023-09-01": 307.0, "2023-10-01": 307.5})
    figure = pit.latest_figure(cpi, CPIAUCSL, "2023-11-28")
    assert figure.value == 307.5 and figure.period_key == "2023-10" and figure.period_label == "Oct 2023"
    assert figure.available_from == pd.Timestamp("2023-11-15")
    daily = pit.latest_figure(pd.Series([5.33], index=pd.DatetimeIndex(["2023-11-28"])), DFF, "2023-11-28")
    assert daily.period_key == "2023-11-28"
    assert pit.latest_figure(cpi, CPIAUCSL, "2023-01-01") is None


def test_year_over_year_matches_dates_across_a_gap():
    index = pd.date_range("2024-01-01", "2025-12-01", freq="MS")
    values = pd.Series(100.0 * 1.01 ** np.arange(len(index)), index=index)
    gapped = values.drop(pd.Timestamp("2025-10-01"))
    yoy = pit.year_over_year(gapped)
    assert pd.Timestamp("2025-10-01") not in yoy.index  # no value for the missing month
    # November compares with November, not with October of the year before (13 months).
    assert yoy.loc["2025-11-01"] == pytest.approx(1.01 ** 12 - 1)
    assert yoy.loc["2025-09-01"] == pytest.approx(1.01 ** 12 - 1)
    assert yoy.loc["2024-12-01"] != yoy.loc["2024-12-01"]  # NaN: no December 2023


def test_year_over_year_is_nan_when_the_prior_month_is_missing():
    index = pd.date_range("2024-01-01", "2025-12-01", freq="MS")
    values = pd.Series(np.linspace(100, 110, len(index)), index=index).drop(pd.Timestamp("2024-10-01"))
    yoy = pit.year_over_year(values)
    assert np.isnan(yoy.loc["2025-10-01"])
    assert yoy.loc["2025-11-01"] == pytest.approx(values.loc["2025-11-01"] / values.loc["2024-11-01"] - 1)


def test_known_on_prefers_the_vintage():
    spec = SeriesSpec("X", "x", "index", "monthly", 15)
    revised = monthly({"2023-09-01": 1.0, "2023-10-01": 2.0})
    vintage = monthly({"2023-09-01": 0.9})
    series, method = pit.known_on(revised, spec, "2023-11-28", vintage)
    assert method == "vintage" and series.tolist() == [0.9]
    series, method = pit.known_on(revised, spec, "2023-11-14")
    assert method == "release lag" and series.tolist() == [1.0]
