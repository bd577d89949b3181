"""The snapshot directory: export from the demo source, read back, bad directories."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analytics.__main__ import run
from analytics.data.csvdir import SnapshotSource, write_snapshot
from analytics.data.demo import DemoSource
from analytics.errors import DataUnavailableError


def test_export_then_read_back(tmp_path):
    demo = DemoSource()
    manifest = write_snapshot(demo, tmp_path, ["IWM", "SPY", "NOPE"], ["DFF", "NOPE"], ["IWM"], ["sp500"])
    assert manifest["format"] == 1 and set(manifest["prices"]) == {"IWM", "SPY"}
    assert "NOPE" in manifest["missing"]
    snap = SnapshotSource(tmp_path)
    back = snap.prices(["IWM"]).frames["IWM"]
    pd.testing.assert_frame_equal(back, demo.prices(["IWM"]).frames["IWM"], check_freq=False, rtol=1e-12)
    pd.testing.assert_series_equal(snap.fred("DFF"), demo.fred("DFF"), check_freq=False)
    assert snap.holdings("IWM").as_of == demo.holdings("IWM").as_of
    assert snap.universe("sp500").symbols == demo.universe("sp500").symbols
    assert snap.prices(["QQQ"]).failed == {"QQQ": "not in this snapshot"}


def test_cli_export(tmp_path, capsys):
    assert run(["snapshot", "export", str(tmp_path / "snap"), "--source", "demo"]) == 0
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text())
    assert "IWM" in manifest["prices"] and "DFF" in manifest["fred"]
    assert "wrote" in capsys.readouterr().out


def test_close_only_rows_accepted(tmp_path):
    (tmp_path / "prices").mkdir()
    (tmp_path / "manifest.json").write_text('{"format": 1}')
    (tmp_path / "prices" / "AAPL.csv").write_text("date,open,high,low,close,volume\n2024-01-02,,,,185.6,\n2024-01-03,,,,,\n")
    frame = SnapshotSource(tmp_path).prices(["AAPL"]).frames["AAPL"]
    assert len(frame) == 1 and frame["close"].iloc[0] == 185.6


@pytest.mark.parametrize("manifest", [None, "{not json", '{"format": 2}'])
def test_bad_snapshot_dirs(tmp_path, manifest):
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(manifest)
    with pytest.raises(DataUnavailableError):
        SnapshotSource(tmp_path)
