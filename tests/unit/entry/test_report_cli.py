"""The headless report contract and the CLI's exit codes."""
from __future__ import annotations

import json

import pytest

from analytics.__main__ import run
from analytics.data.demo import DemoSource
from analytics.report import build_report


def test_performance_keys_and_fractions():
    report = build_report(DemoSource(), "2023-11-28", ["performance"])
    perf = report["performance"]
    assert report["as_of"] == "2023-11-28" and report["source"]["kind"] == "demo"
    assert set(perf["close"]) == {"IWM", "SPY", "QQQ"}
    closes = DemoSource().prices(["IWM", "SPY"]).closes()
    assert perf["close"]["IWM"] == pytest.approx(closes.loc["2023-11-28", "IWM"], rel=1e-9)
    # YTD by hand: close on the date over the last close of 2022 (2022-12-30, a Friday).
    expected = closes.loc["2023-11-28", "SPY"] / closes.loc["2022-12-30", "SPY"] - 1
    assert perf["ytd"]["SPY"] == pytest.approx(expected, abs=1e-6)
    assert perf["ratio_iwm_spy"] == pytest.approx(
        closes.loc["2023-11-28", "IWM"] / closes.loc["2023-11-28", "SPY"], abs=1e-6)


def test_weekend_as_of_uses_friday_close():
    perf = build_report(DemoSource(), "2023-11-26", ["performance"])["performance"]
    assert perf["close_date"]["IWM"] == "2023-11-24"


def test_cli_json(capsys):
    assert run(["report", "--source", "demo", "--as-of", "2023-11-28", "--section", "performance",
                "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"as_of", "source", "performance"} <= set(out)


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2023-02-30"], "not a date"),
    (["--as-of", "1999-01-04"], "before the first data"),
    (["--as-of", "2999-01-01"], "in the future"),
    (["--source", "nowhere"], "unknown source"),
    (["--symbols", "NOPE"], "no prices for NOPE"),
    (["--symbols", "../x"], "not a valid ticker"),
])
def test_cli_errors_exit_nonzero_with_one_line(capsys, args, message):
    options = {"--source": "demo", "--as-of": "2023-11-28", **dict(zip(args[::2], args[1::2]))}
    argv = ["report", "--section", "performance"] + [item for pair in options.items() for item in pair]
    assert run(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err and "Traceback" not in err


def test_technicals_section_keys_and_consistency():
    tech = build_report(DemoSource(), "2023-11-28", ["technicals"], symbol="SPY")["technicals"]
    assert tech["symbol"] == "SPY" and tech["date"] == "2023-11-28"
    assert {"macd", "signal", "hist"} <= set(tech["macd"])
    assert tech["macd"]["hist"] == pytest.approx(tech["macd"]["macd"] - tech["macd"]["signal"], abs=1e-5)
    assert {"sma_50", "rsi_14", "macd_hist", "week_ending"} <= set(tech["weekly"])
    fib = tech["fib"]
    high, low = fib["swing_high"]["price"], fib["swing_low"]["price"]
    assert fib["swing_high"]["date"] < fib["swing_low"]["date"] and high > low
    assert fib["extensions"]["1.618"] == pytest.approx(low + 1.618 * (high - low), abs=1e-5)
    assert 0 <= tech["rsi_14"] <= 100


def test_cli_technicals_unknown_symbol(capsys):
    assert run(["report", "--source", "demo", "--as-of", "2023-11-28", "--section", "technicals",
                "--symbol", "NOPE"]) == 2
    assert "no prices for NOPE" in capsys.readouterr().err


def test_breadth_section_keys():
    out = build_report(DemoSource(), "2023-11-28", ["breadth"], universe="sp500", lookback_days=30)["breadth"]
    assert out["members"] == 120 and out["members_with_data"] <= 120
    for window in (20, 50, 200):
        assert 0 <= out[f"pct_above_{window}dma"] <= 1
    assert len(out["history"]) == 30 and out["history"][-1]["date"] == "2023-11-28"
    assert out["history"][-1]["pct_above_50dma"] == pytest.approx(out["pct_above_50dma"])


def test_cli_refresh_universe_on_demo(capsys):
    assert run(["refresh", "--source", "demo", "--universe", "nasdaq100"]) == 0
    captured = capsys.readouterr()
    assert "nasdaq100: 40 members" in captured.out and "members: 40 fetched" in captured.out


def test_cli_timeline_from_every_month_and_not_in_the_default_report(capsys):
    assert run(["report", "--source", "demo", "--as-of", "2024-02-10", "--section", "timeline",
                "--from", "2023-12-01", "--every", "month", "--thesis", "small-caps-2024"]) == 0
    out = json.loads(capsys.readouterr().out)["timeline"]
    assert out["dates"] == ["2023-12-01", "2024-01-01", "2024-02-01", "2024-02-10"]
    assert all(len(column) == 4 for column in [*out["verdicts"].values(), *out["values"].values()])
    from analytics.sections import DEFAULT_SECTIONS, SECTIONS

    assert "timeline" in SECTIONS and "timeline" not in DEFAULT_SECTIONS
