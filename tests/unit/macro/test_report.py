"""The macro report section: exact keys, units, point in time, and robustness to missing data."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analytics.__main__ import run
from analytics.data.demo import DemoSource
from analytics.data.fred_catalogue import CATALOGUE, FRED_SERIES
from analytics.errors import AsOfError, DataUnavailableError
from analytics.macro.report import load_view, macro_section
from analytics.report import build_report

KEYS = {"fed_funds", "fed_target_upper", "fed_target_lower", "curve_10y2y", "two_year_minus_fed_funds",
        "cpi_yoy", "core_pce_yoy", "unemployment", "sahm", "events", "latest_hike", "days_since_hike",
        "event_study", "central_banks"}


@pytest.fixture(scope="module")
def demo_report() -> dict:
    return build_report(DemoSource(), "2023-11-28", ["macro"])["macro"]


def test_keys_exactly(demo_report):
    assert set(demo_report) == KEYS
    assert set(demo_report["central_banks"]) == {"tracked", "cut_last_3m", "cut_last_6m"}
    for key in ("cpi_yoy", "core_pce_yoy", "unemployment", "sahm"):
        assert set(demo_report[key]) == {"value", "period"}
    for row in demo_report["event_study"]:
        assert set(row) == {"kind", "date", "horizon_months", "rut_return", "spx_return"}
    json.dumps(demo_report)  # JSON-clean: no NaN, no Timestamp


def test_demo_values_and_units(demo_report):
    demo = DemoSource()
    assert demo_report["fed_funds"] == demo.fred("DFF").loc["2023-11-28"]
    assert demo_report["fed_target_upper"] == 5.5 and demo_report["fed_target_lower"] == 5.25
    # CPI for October is public from 15 November; it is the latest figure on 28 November.
    assert demo_report["cpi_yoy"]["period"] == "2023-10"
    cpi = demo.fred("CPIAUCSL")
    assert demo_report["cpi_yoy"]["value"] == pytest.approx(cpi.loc["2023-10-01"] / cpi.loc["2022-10-01"] - 1,
                                                            abs=1e-6)
    assert demo_report["core_pce_yoy"]["period"] == "2023-09"  # October's comes out on 30 November
    assert demo_report["latest_hike"] == "2023-07-15" and demo_report["days_since_hike"] == 136
    assert [e["kind"] for e in demo_report["events"]] == ["last_hike", "first_cut"] * 5
    assert all(e["date"] >= "1990-01-01" for e in demo_report["events"])
    # Events before the demo's index prices (2000) have no returns; horizons are complete.
    assert {r["date"] for r in demo_report["event_study"]} <= {e["date"] for e in demo_report["events"]}
    assert all(r["date"] >= "2000" for r in demo_report["event_study"])
    assert demo_report["central_banks"]["tracked"] == 13


def test_before_the_range_the_lower_bound_is_null():
    out = macro_section(DemoSource(), "2005-06-01")
    assert out["fed_target_lower"] is None and out["fed_target_upper"] == 2.75  # the single target since 2005-03-15


def test_a_last_hike_counts_only_from_the_confirming_cut():
    before = macro_section(DemoSource(), "2024-09-14")
    after = macro_section(DemoSource(), "2024-09-15")
    assert len(after["events"]) == len(before["events"]) + 2
    assert after["events"][-2:] == [{"kind": "last_hike", "date": "2023-07-15"},
                                    {"kind": "first_cut", "date": "2024-09-15"}]


def test_future_date_is_an_as_of_error():
    with pytest.raises(AsOfError):
        macro_section(DemoSource(), "2999-01-01")


class NoFred(DemoSource):
    def fred(self, series_id):
        raise DataUnavailableError(f"FRED {series_id}: not in this snapshot")


def test_a_source_without_fred_gives_nulls_not_an_error():
    out = macro_section(NoFred(), "2023-11-28")
    assert out["fed_funds"] is None and out["events"] == [] and out["latest_hike"] is None
    assert out["cpi_yoy"] == {"value": None, "period": None}
    assert out["central_banks"] == {"tracked": 0, "cut_last_3m": 0, "cut_last_6m": 0}


def test_vintage_is_used_when_the_source_offers_it():
    class WithVintage(DemoSource):
        asked: list = []

        def fred_vintage(self, series_id, as_of):
            self.asked.append((series_id, as_of))
            first = self.fred(series_id).loc[:"2023-08-01"]
            return first * 0 + 1.0 if series_id == "UNRATE" else first

    source = WithVintage()
    view = load_view(source, "2023-11-28")
    assert view.inputs.methods["UNRATE"] == "vintage" and view.inputs.methods["DFF"] == "release lag"
    assert view.figures["UNRATE"].value == 1.0 and view.figures["UNRATE"].period_key == "2023-08"
    assert all(CATALOGUE[sid].frequency == "monthly" for sid, _ in source.asked)


def test_snapshot_export_and_demo_cover_every_catalogue_id():
    assert set(FRED_SERIES) == set(CATALOGUE)
    demo = DemoSource()
    for series_id in CATALOGUE:
        series = demo.fred(series_id)
        assert not series.empty and series.index.is_monotonic_increasing, series_id
    rate_ids = ("DFF", "DFEDTAR", "DGS2", "DGS10", "T10Y2Y", "UNRATE", "CPIAUCSL", "USREC")
    assert all(demo.fred(sid).index[0] <= pd.Timestamp("1990-01-01") for sid in rate_ids)
    assert demo.fred("DFEDTAR").index[-1] == pd.Timestamp("2008-12-15")
    assert demo.fred("DFEDTARU").index[0] == pd.Timestamp("2008-12-16")
    assert pd.Timestamp("2025-10-01") not in demo.fred("CPILFESL").index  # the real gap, mimicked


def test_check_series_with_a_fake_fetcher(capsys):
    demo = DemoSource()

    def fake(series_id):
        if series_id == "BOERUKM":
            raise DataUnavailableError("FRED BOERUKM: unknown series")
        return demo.fred(series_id)

    assert run(["check-series"], fred_fetch=fake) == 1
    out = capsys.readouterr().out
    assert f"{len(CATALOGUE) - 1} of {len(CATALOGUE)} catalogue series exist" in out
    assert "MISSING  BOERUKM" in out and "unknown series" in out and "missing: BOERUKM" in out
    assert "ok       DFF" in out
    assert run(["check-series"], fred_fetch=demo.fred) == 0


def test_check_series_network_failure_is_one_line(capsys):
    from analytics.errors import SourceUnreachableError

    def down(series_id):
        raise SourceUnreachableError(f"FRED {series_id}: ConnectionError")

    assert run(["check-series"], fred_fetch=down) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")


def test_report_cli_macro_section(capsys):
    assert run(["report", "--source", "demo", "--as-of", "2023-11-28", "--section", "macro"]) == 0
    assert set(json.loads(capsys.readouterr().out)["macro"]) == KEYS
