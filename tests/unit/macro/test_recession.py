"""Recession shading, inversion spells, unemployment gap, claims and the lights' rules."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.macro import recession
from analytics.macro.inputs import MacroInputs


def test_recession_intervals_from_usrec():
    usrec = pd.Series([0, 1, 1, 0, 0, 1], index=pd.date_range("2020-01-01", periods=6, freq="MS"), dtype=float)
    assert recession.recession_intervals(usrec) == [
        (pd.Timestamp("2020-02-01"), pd.Timestamp("2020-03-31")),
        (pd.Timestamp("2020-06-01"), pd.Timestamp("2020-06-30")),  # still in recession at the end
    ]
    assert recession.recession_intervals(usrec * 0) == []


def test_inversions_merge_blips_and_ignore_short_dips():
    days = pd.bdate_range("2022-01-03", periods=120)
    values = pd.Series(0.5, index=days)
    values.iloc[2:5] = -0.1        # 3 days, 25 days before the next dip: noise
    values.iloc[30:60] = -0.4      # 30 days inverted...
    values.iloc[60:65] = 0.05      # ...a 5-day blip above zero...
    values.iloc[65:90] = -0.2      # ...and inverted again: one spell
    spells = recession.inversions(values, min_days=20, merge_days=20)
    assert spells == [recession.Inversion(days[30], days[90])]
    still = values.copy()
    still.iloc[100:] = -0.3
    assert recession.inversions(still, 20, 5)[-1] == recession.Inversion(days[100], None)


def test_unemployment_gap_against_the_12_month_low():
    index = pd.date_range("2023-01-01", periods=14, freq="MS")
    unrate = pd.Series([3.6, 3.5, 3.4, 3.5, 3.6, 3.6, 3.7, 3.8, 3.8, 3.9, 3.9, 3.9, 4.0, 4.1], index=index)
    gap = recession.unemployment_gap(unrate)
    assert gap.loc["2023-12-01"] == pytest.approx(0.5)   # 3.9 - 3.4 (March)
    assert gap.loc["2024-02-01"] == pytest.approx(0.7)   # 4.1 - 3.4: March 2023 is t-11, still in
    assert gap.loc["2023-03-01"] == pytest.approx(0.0)


def test_claims_rise_over_the_52_week_low():
    weeks = pd.date_range("2023-01-07", periods=60, freq="W-SAT")
    claims = pd.Series(200_000.0, index=weeks)
    claims.iloc[-4:] = 260_000.0
    rise = recession.claims_rise(claims)
    assert rise["avg_4w"].iloc[-1] == 260_000 and rise["low_52w"].iloc[-1] == 200_000
    assert rise["rise_pct"].iloc[-1] == pytest.approx(30.0)
    assert rise["avg_4w"].iloc[:3].isna().all()


@pytest.mark.parametrize("value, light", [(0.29, "green"), (0.3, "amber"), (0.49, "amber"), (0.5, "red"),
                                          (None, "n/a"), (float("nan"), "n/a")])
def test_sahm_rule_lights(value, light):
    assert recession.SAHM_RULE.light(value) == light


def test_rule_text_states_each_threshold():
    assert recession.HY_SPREAD_RULE.text() == "green below 5 %, amber from 5 %, red from 7 %"


def _inputs(series: dict[str, pd.Series], as_of: str) -> MacroInputs:
    inputs = MacroInputs(as_of=pd.Timestamp(as_of))
    for key, values in series.items():
        inputs.series[key] = values
        inputs.spans[key] = (values.index[0], values.index[-1])
    return inputs


def test_curve_lights_inverted_amber_then_red_after_un_inverting():
    days = pd.bdate_range("2022-01-03", periods=200)
    curve = pd.Series(0.5, index=days)
    curve.iloc[20:150] = -0.5
    signal, spells = recession.curve_signal("c", "curve", "c", recession.T10Y2Y, curve.loc[: days[100]], days[100])
    assert signal.light == "amber" and "inverted since" in signal.note
    signal, spells = recession.curve_signal("c", "curve", "c", recession.T10Y2Y, curve, days[-1])
    assert signal.light == "red" and f"{days[150]:%Y-%m-%d}" in signal.note
    later = days[-1] + pd.DateOffset(months=13)
    long_curve = pd.concat([curve, pd.Series(0.5, index=pd.bdate_range(days[-1] + pd.Timedelta(days=1), later))])
    signal, _ = recession.curve_signal("c", "curve", "c", recession.T10Y2Y, long_curve, later)
    assert signal.light == "green"


def test_panel_with_nothing_is_all_n_a():
    panel = recession.recession_panel(MacroInputs(as_of=pd.Timestamp("2000-01-03")))
    assert {s.light for s in panel.signals} == {"n/a"} and panel.frames == {}
    assert all(s.threshold and s.rule for s in panel.signals)


def test_panel_sahm_signal_reads_its_period():
    sahm = pd.Series([0.2, 0.53], index=pd.DatetimeIndex(["2024-06-01", "2024-07-01"]))
    panel = recession.recession_panel(_inputs({"SAHMREALTIME": sahm}, "2024-08-15"))
    signal = next(s for s in panel.signals if s.key == "sahm")
    assert (signal.light, signal.period, signal.display) == ("red", "Jul 2024", "0.53 pt")
