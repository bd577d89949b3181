"""Macro figures: thinning, step drawing, recession bands, the target as it was, the 2019 cycle."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.macro import figures
from analytics.macro import risk_figures as macro_risk
from analytics.macro.fed import FedEvent


def test_thin_keeps_short_series_and_goes_weekly_then_monthly():
    short = pd.Series(1.0, index=pd.bdate_range("2020-01-01", periods=500))
    assert figures.thin(short).equals(short)
    ten_years = pd.Series(np.arange(2600.0), index=pd.bdate_range("2010-01-01", periods=2600))
    weekly = figures.thin(ten_years)
    assert (weekly.index.day_of_week == 4).all() and weekly.iloc[-1] == ten_years.iloc[-1]
    century = pd.Series(1.0, index=pd.bdate_range("1928-01-02", "2023-12-29"))
    assert len(figures.thin(century)) <= figures.MAX_POINTS


def test_steps_keep_change_points_and_the_last_day():
    target = pd.Series([5.0, 5.0, 5.25, 5.25, 5.25], index=pd.date_range("2023-01-01", periods=5))
    points = figures.steps(target)
    assert points.to_dict() == {pd.Timestamp("2023-01-01"): 5.0, pd.Timestamp("2023-01-03"): 5.25,
                                pd.Timestamp("2023-01-05"): 5.25}


def test_recession_shapes_clip_to_the_window():
    intervals = [(pd.Timestamp("2001-04-01"), pd.Timestamp("2001-11-30")),
                 (pd.Timestamp("2008-01-01"), pd.Timestamp("2009-06-30"))]
    shapes = figures.recession_shapes(intervals, pd.Timestamp("2009-01-01"), pd.Timestamp("2012-01-01"))
    assert len(shapes) == 1 and shapes[0]["x0"] == pd.Timestamp("2009-01-01")
    assert shapes[0]["x1"] == pd.Timestamp("2009-06-30") and shapes[0]["layer"] == "below"


def test_fed_chart_draws_the_single_target_then_a_band_on_the_right_axis():
    days = pd.date_range("2007-01-01", "2010-12-31")
    single = pd.Series(5.25, index=days[days <= "2008-12-15"])
    upper = pd.Series(0.25, index=days[days >= "2008-12-16"])
    lower = upper - 0.25
    dff = pd.Series(1.0, index=days)
    fig = figures.fed_funds_figure(None, dff, single, upper, lower, [], days[0], days[-1])
    names = [t.name for t in fig.data]
    assert names[0].startswith("Fed target (single") and "Fed target range (2008 on)" in names
    band = next(t for t in fig.data if t.name == "Fed target range (2008 on)")
    assert band.fill == "tonexty" and band.line.shape == "hv" and band.yaxis == "y2"
    assert all(t.xaxis == "x" for t in fig.data)
    assert fig.layout.yaxis.visible is False  # no IWM in 2007: no empty price axis


def test_sp500_is_log_scale_and_dates_are_plain_text():
    close = pd.Series(np.linspace(10, 5000, 300), index=pd.bdate_range("2020-01-01", periods=300))
    fig = figures.sp500_figure(close, [])
    assert fig.layout.yaxis.type == "log" and fig.data[0].x[0] == "2020-01-01"


def test_event_paths_highlight_the_2019_cycle():
    cut = FedEvent("first_cut", pd.Timestamp("2019-08-01"), pd.Timestamp("2019-08-01"), 2.5, 2.25)
    hike = FedEvent("last_hike", pd.Timestamp("2018-12-20"), pd.Timestamp("2019-08-01"), 2.25, 2.5)
    other = FedEvent("first_cut", pd.Timestamp("2007-09-18"), pd.Timestamp("2007-09-18"), 5.25, 4.75)
    path = pd.DataFrame({"months_after": [0.0, 6.0], "rut_vs_spx": [100.0, 95.0]})
    fig = macro_risk.event_paths_figure({cut: path, hike: path, other: path}, 2019, ("last_hike", "first_cut"),
                                     {"last_hike": "Last hike", "first_cut": "First cut"})
    colours = {t.name: t.line.color for t in fig.data}
    assert colours["2019-08-01"] == macro_risk.HIGHLIGHT_COLOR and colours["2018-12-20"] == macro_risk.HIGHLIGHT_COLOR
    assert colours["2007-09-18"] == macro_risk.OTHER_EVENT_COLOR
    assert all(t.line.dash == "dot" for t in fig.data)  # six months of a twelve-month path: incomplete


def test_cuts_bar_says_of_how_many():
    fig = figures.cuts_bar_figure(7, {3: 2, 6: 4}, {3: ("ECB", "BoC"), 6: ("ECB", "BoC", "SNB", "BoE")})
    assert list(fig.data[0].text) == ["2 of 7", "4 of 7"] and fig.data[0].hovertext[0] == "ECB, BoC"


@pytest.mark.parametrize("periods, freq", [(20000, "D"), (3000, "B"), (9000, "B"), (300, "ME")])
def test_thin_is_pandas_resample_last(periods, freq):
    """thin() groups on each date's Friday (or month end): the same points and labels as
    resample("W-FRI" | "ME").last().dropna(), the finest that fits MAX_POINTS."""
    rng = np.random.default_rng(periods)
    index = pd.date_range("1954-07-01", periods=periods, freq=freq, name="date")
    series = pd.Series(rng.normal(size=periods), index=index, name="DFF")
    series.iloc[::7] = np.nan
    values = series.dropna()
    weekly = values.resample("W-FRI").last().dropna()
    expected = values if len(values) <= figures.MAX_POINTS else \
        weekly if len(weekly) <= figures.MAX_POINTS else values.resample("ME").last().dropna()
    pd.testing.assert_series_equal(figures.thin(series), expected, check_freq=False)
