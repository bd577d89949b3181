"""Foreign central banks: cuts within a window, statuses and counts."""
from __future__ import annotations

import pandas as pd

from analytics.data.fred_catalogue import CENTRAL_BANKS
from analytics.macro.global_rates import bank_rates, cut_counts, cut_within
from analytics.macro.inputs import MacroInputs


def test_cut_within_counts_only_falls_inside_the_window():
    ecb = pd.Series([4.0, 4.0, 3.75, 3.5], index=pd.DatetimeIndex(["2023-09-20", "2024-01-01", "2024-06-12",
                                                                    "2024-09-18"]))
    assert cut_within(ecb, "2024-07-01", 3) and cut_within(ecb, "2024-07-01", 6)
    assert not cut_within(ecb, "2024-05-31", 6)             # the June cut has not happened yet
    assert not cut_within(ecb, "2025-04-01", 6)             # last cut 2024-09-18, over 6 months ago
    assert cut_within(ecb, "2025-03-17", 6)


def test_cut_within_ignores_small_drifts_of_monthly_averages():
    rate = pd.Series([5.00, 4.97, 4.95, 4.88, 4.75], index=pd.date_range("2024-01-01", periods=5, freq="MS"))
    assert not cut_within(rate.iloc[:3], "2024-03-31", 3)   # -0.03, -0.02: drift
    assert cut_within(rate, "2024-05-31", 3)                 # -0.13 in May: half of a mid-month cut


def _inputs(as_of: str, series: dict[str, pd.Series], missing: dict[str, str]) -> MacroInputs:
    inputs = MacroInputs(as_of=pd.Timestamp(as_of), missing=dict(missing))
    for key, values in series.items():
        known = values.loc[:as_of]
        inputs.series[key] = known
        inputs.spans[key] = (values.index[0], values.index[-1])
    return inputs


def test_statuses_and_counts_name_the_banks_left_out():
    ids = [b.spec.series_id for b in CENTRAL_BANKS]
    ecb = pd.Series([4.0, 3.75], index=pd.DatetimeIndex(["2023-09-20", "2024-06-12"]))
    old = pd.Series([1.0], index=pd.DatetimeIndex(["2020-01-01"]))          # ended long ago
    later = pd.Series([2.0], index=pd.DatetimeIndex(["2030-01-01"]))        # starts after as-of
    series = {"ECBDFR": ecb, ids[2]: old, ids[3]: later}
    missing = {sid: "not in this snapshot" for sid in ids if sid not in series}
    banks = bank_rates(_inputs("2024-07-01", series, missing))
    status = {b.bank.spec.series_id: b.status for b in banks}
    assert status["ECBDFR"] == "current" and status[ids[2]] == "ended" and status[ids[3]] == "not started"
    assert status[ids[1]] == "missing"
    counts = cut_counts(banks)
    assert counts.tracked == 1 and counts.cut == {3: 1, 6: 1} and counts.cutters[3] == ("ECB",)
    assert len(counts.left_out) == len(CENTRAL_BANKS) - 1
    assert any("ends 2020-01-01" in s for s in counts.left_out)
    assert any("starts 2030-01-01" in s for s in counts.left_out)
    assert any("not in this snapshot" in s for s in counts.left_out)
    assert counts.left_out_by_reason["starts 2030-01-01"] == (f"{CENTRAL_BANKS[3].name} ({ids[3]})",)
    assert len(counts.left_out_by_reason["not in this snapshot"]) == len(CENTRAL_BANKS) - 3  # all but 3 given


def test_at_least_ten_foreign_banks_are_tracked():
    assert len(CENTRAL_BANKS) >= 11 and CENTRAL_BANKS[0].spec.series_id == "ECBDFR"
