"""The ``valuation`` report section: exactly the issue's keys, fractions, null when unknown."""
from __future__ import annotations

import json

import pytest

from analytics.__main__ import run
from analytics.catalog import SECTOR_ETFS
from analytics.data.csvdir import SnapshotSource, write_snapshot
from analytics.data.demo import DemoSource
from analytics.valuation.report import valuation_section

FUND_KEYS = {"trailing_pe", "forward_pe", "price_to_book", "dividend_yield", "expense_ratio", "as_of"}
BOTTOM_KEYS = {"pe_all", "pe_profitable", "share_negative_count", "share_negative_weight", "coverage_weight"}


def test_demo_section_keys_and_units():
    section = valuation_section(DemoSource(), "2023-11-28")
    assert set(section) == {"sector_weights", "sector_performance", "funds", "bottom_up"}
    weights = section["sector_weights"]
    assert weights["as_of"] == "2025-05-13" and sum(weights["IWM"].values()) == pytest.approx(1, abs=1e-3)
    assert set(section["sector_performance"]) >= set(SECTOR_ETFS)
    assert all(set(v) == {"1w", "1m", "3m", "ytd"} for v in section["sector_performance"].values())
    assert set(section["funds"]) == {"IWM", "SPY", "QQQ"}
    assert all(set(v) == FUND_KEYS for v in section["funds"].values())
    iwm = section["funds"]["IWM"]
    assert iwm["forward_pe"] is None and 0 < iwm["dividend_yield"] < 0.1 and 0 < iwm["expense_ratio"] < 0.01
    bottom = section["bottom_up"]["IWM"]
    assert set(bottom) == BOTTOM_KEYS and 0 < bottom["coverage_weight"] <= 1
    assert 0 < bottom["share_negative_count"] < 1 and bottom["pe_profitable"] < bottom["pe_all"]


def test_listing_dates_give_null_returns():
    section = valuation_section(DemoSource(), "2015-01-05", members=False)
    assert section["sector_performance"]["XLC"] == {"1w": None, "1m": None, "3m": None, "ytd": None}
    assert section["sector_performance"]["XLK"]["1w"] is not None
    assert section["bottom_up"]["IWM"] is None  # not asked for


def test_snapshot_without_fund_data_gives_nulls(tmp_path):
    demo = DemoSource()
    write_snapshot(demo, tmp_path, ["IWM", "SPY", "QQQ", *SECTOR_ETFS], [], funds=["IWM"])
    section = valuation_section(SnapshotSource(tmp_path), "2023-11-28")
    assert section["funds"]["IWM"] == dict.fromkeys(FUND_KEYS)
    assert section["bottom_up"] == {"IWM": None}
    assert section["sector_weights"]["IWM"]  # holdings are in the snapshot
    assert "PSCT" not in section["sector_performance"]  # the S&P 600 funds only where priced


def test_cli_json_and_future_date(capsys):
    assert run(["report", "--source", "demo", "--as-of", "2023-11-28", "--section", "valuation",
                "--skip-members"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valuation"]["bottom_up"] == {"IWM": None}
    assert run(["report", "--source", "demo", "--as-of", "2999-01-01", "--section", "valuation"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
