"""The model and the catalogue on their own: rules, parameters, units, words."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from analytics.theses.catalogue import (
    CATALOGUE,
    CloseVsAverageParams,
    FundRatioSpreadParams,
    MacdHistogramParams,
    SeriesParams,
)
from analytics.theses.model import CLAIM_MODELS, describe

DESIGN_METRICS = ("return", "return_spread", "close_vs_average", "rsi", "macd_histogram", "fib_progress",
                  "pct_above_average", "pct_above_average_change", "series", "series_spread",
                  "days_since_fed_hike", "central_banks_cutting", "fund_ratio_spread", "santa_hit_rate",
                  "alts_vs_btc")


def claim(metric: str, rule: str = "< 0", **params):
    return CLAIM_MODELS[metric].model_validate(
        {"id": "c", "text": "t", "metric": metric, "params": params, "rule": rule})


def test_the_catalogue_is_design_md_s_table():
    assert tuple(CATALOGUE) == DESIGN_METRICS
    for name, params in CATALOGUE.items():
        assert params.metric == name and params.description and params.unit


@pytest.mark.parametrize("rule, op, threshold", [
    ("< 0", "<", 0.0), ("<=1.5", "<=", 1.5), (" >= 0.3 ", ">=", 0.3), ("> -2", ">", -2.0), ("< 1e-3", "<", 0.001),
])
def test_rules(rule, op, threshold):
    parsed = claim("days_since_fed_hike", rule)
    assert (parsed.op, parsed.threshold) == (op, threshold)


@pytest.mark.parametrize("rule", ["≥ 0", "== 0", "< ", "0 <", "< 0 and > 1", "< nan", "< 1e999", "<0x10"])
def test_bad_rules(rule):
    with pytest.raises(ValidationError, match="is not a rule|out of range"):
        claim("days_since_fed_hike", rule)


@pytest.mark.parametrize("window", ["1w", "1m", "3m", "6m", "1y", "ytd", "YTD", "since:2023-11-28"])
def test_windows(window):
    assert claim("return", symbol="iwm", window=window).params.window == window.lower()


@pytest.mark.parametrize("window", ["ytdd", "2y", "since:2023-13-01", "since:", "since:1800-01-01", 5])
def test_bad_windows(window):
    with pytest.raises(ValidationError):
        claim("return", symbol="IWM", window=window)


def test_symbols_are_cleaned():
    assert claim("return_spread", symbol=" iwm ", against=["spy"], window="ytd").params.symbol == "IWM"


def test_close_vs_average_takes_days_or_weeks():
    assert CloseVsAverageParams(symbol="IWM", weeks=50).weeks == 50
    for bad in ({}, {"days": 50, "weeks": 10}, {"days": 1}, {"days": 14.5}, {"days": "50"}):
        with pytest.raises(ValidationError):
            CloseVsAverageParams(symbol="IWM", **bad)


def test_macd_fast_before_slow():
    with pytest.raises(ValidationError, match="fast .* must be shorter than slow"):
        MacdHistogramParams(symbol="IWM", fast=30, slow=26)


def test_units_follow_the_parameters():
    assert SeriesParams(id="PCEPILFE", transform="yoy").value_unit() == "fraction"
    assert SeriesParams(id="T10Y2Y").value_unit() == "series_units"
    fund = {"fund": "IWM", "against": ["SPY"]}
    assert FundRatioSpreadParams(**fund, field="forward_pe").value_unit() == "multiple"
    assert FundRatioSpreadParams(**fund, field="forward_pe", relative=True).value_unit() == "fraction"
    assert FundRatioSpreadParams(**fund, field="dividend_yield").value_unit() == "fraction_points"


@pytest.mark.parametrize("metric, params, rule, words", [
    ("return", {"symbol": "IWM", "window": "since:2023-11-28"}, "> 0.1",
     "IWM's return since 2023-11-28 is above 10%"),
    ("return_spread", {"symbol": "IWN", "against": ["IWO"], "window": "1y"}, ">= 0",
     "IWN's one-year return minus IWO's is at least 0 pp"),
    ("close_vs_average", {"symbol": "IWM", "weeks": 50}, "> 0", "IWM's last close against its 50-week average is above 0%"),
    ("rsi", {"symbol": "IWM", "bars": "weekly"}, "< 70", "IWM's 14-week RSI is below 70"),
    ("pct_above_average", {"universe": "russell2000"}, ">= 0.5",
     "the share of Russell 2000 members above their 50-day average is at least 50%"),
    ("series", {"id": "DFEDTARU", "transform": "change"}, "< 0", "the change in DFEDTARU over 12 months is below 0"),
    ("series_spread", {"a": "DGS2", "b": "DFF"}, "< 0", "DGS2 minus DFF is below 0"),
    ("fund_ratio_spread", {"fund": "IWM", "against": ["SPY", "QQQ"], "field": "forward_pe", "relative": True},
     "< 0", "IWM's forward P/E relative to the best of SPY, QQQ is below 0%"),
    ("central_banks_cutting", {}, ">= 0.3333",
     "the share of tracked central banks that cut in the last 6 months is at least 33.33%"),
])
def test_describe(metric, params, rule, words):
    assert describe(claim(metric, rule, **params)) == words


def test_params_are_optional_only_when_every_one_has_a_default():
    ok = CLAIM_MODELS["alts_vs_btc"].model_validate({"id": "c", "text": "t", "metric": "alts_vs_btc", "rule": "> 0"})
    assert ok.params.months == 3
    with pytest.raises(ValidationError):
        CLAIM_MODELS["rsi"].model_validate({"id": "c", "text": "t", "metric": "rsi", "rule": "< 70"})
