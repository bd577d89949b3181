"""Each scorecard rule on hand-built inputs, on both sides of its threshold."""
from __future__ import annotations

import pytest

from analytics.scorecard import rules
from analytics.scorecard.rules import CLAIMS, Rule, evaluate, format_threshold

BY_ID = {c.id: c for c in CLAIMS}


def history(start: float, end: float, days: int = rules.BREADTH_MONTH_DAYS + 1) -> list[dict]:
    step = (end - start) / (days - 1)
    return [{"date": f"d{i}", "pct_above_50dma": start + i * step} for i in range(days)]


def fund(pe: float | None, dy: float | None, as_of: str = "2023-11-01") -> dict:
    return {"forward_pe": pe, "dividend_yield": dy, "as_of": as_of}


def technicals(close=178.0, rsi=57.4, hist=0.5, gap=-0.01, low=161.67, target=295.62) -> dict:
    return {"close": close, "rsi_14": rsi, "weekly": {"macd_hist": hist}, "close_vs_sma_50w": gap,
            "fib": {"swing_low": {"price": low}, "extensions": {"1.618": target}}}


# (claim id, inputs that support it, inputs that go against it)
CASES = [
    ("small_caps_lag_ytd", {"performance": {"ytd": {"IWM": 0.021, "SPY": 0.19, "QQQ": 0.465}}},
     {"performance": {"ytd": {"IWM": 0.30, "SPY": 0.19, "QQQ": 0.25}}}),
    ("iwm_cheaper", {"valuation": {"funds": {"IWM": fund(14, 0.017), "SPY": fund(19, 0.014), "QQQ": fund(25, 0.006)}}},
     {"valuation": {"funds": {"IWM": fund(21, 0.017), "SPY": fund(19, 0.014), "QQQ": fund(25, 0.006)}}}),
    ("dividend_yield_best", {"valuation": {"funds": {"IWM": fund(14, 0.0176), "SPY": fund(19, 0.014), "QQQ": fund(25, 0.006)}}},
     {"valuation": {"funds": {"IWM": fund(14, 0.012), "SPY": fund(19, 0.014), "QQQ": fund(25, 0.006)}}}),
    ("breadth_recovery", {"breadth": {"history": history(0.10, 0.77)}}, {"breadth": {"history": history(0.50, 0.60)}}),
    ("fed_done_hiking", {"macro": {"days_since_hike": 124}}, {"macro": {"days_since_hike": 30}}),
    ("cuts_priced_in", {"macro": {"two_year_minus_fed_funds": -0.6}}, {"macro": {"two_year_minus_fed_funds": 0.2}}),
    ("inflation_near_target", {"macro": {"core_pce_yoy": {"value": 0.028}}}, {"macro": {"core_pce_yoy": {"value": 0.037}}}),
    ("central_banks_cutting", {"macro": {"central_banks": {"tracked": 10, "cut_last_3m": 2, "cut_last_6m": 4}}},
     {"macro": {"central_banks": {"tracked": 10, "cut_last_3m": 0, "cut_last_6m": 1}}}),
    ("macd_weekly_up", {"technicals": technicals(hist=0.4)}, {"technicals": technicals(hist=-0.4)}),
    ("rsi_room", {"technicals": technicals(rsi=57.4)}, {"technicals": technicals(rsi=74.0)}),
    ("above_50w", {"technicals": technicals(gap=0.02)}, {"technicals": technicals(gap=-0.03)}),
    ("fib_progress", {"technicals": technicals(close=200.0)}, {"technicals": technicals(close=170.0)}),
    ("alts_leading", {"crypto": {"alts_vs_btc_3m": 0.12}}, {"crypto": {"alts_vs_btc_3m": -0.2}}),
    ("santa_rally", {"seasonality": {"santa": {"IWM": {"hit_rate": 0.64}}}},
     {"seasonality": {"santa": {"IWM": {"hit_rate": 0.5}}}}),
    ("recession_risk_low", {"macro": {"sahm": {"value": 0.33}}}, {"macro": {"sahm": {"value": 0.53}}}),
]


def test_every_claim_has_a_case():
    assert sorted(c[0] for c in CASES) == sorted(BY_ID)


@pytest.mark.parametrize("claim_id, supporting, opposing", CASES, ids=[c[0] for c in CASES])
def test_rule_on_both_sides_of_its_threshold(claim_id, supporting, opposing):
    claim = BY_ID[claim_id]
    as_of = {"as_of": "2023-11-28"}
    assert evaluate(claim, {**as_of, **supporting})[1] == "supports"
    assert evaluate(claim, {**as_of, **opposing})[1] == "against"
    assert evaluate(claim, as_of)[1] == "no_data"  # its section missing: no verdict


def test_values_by_hand():
    ytd = {"performance": {"ytd": {"IWM": 0.021, "SPY": 0.19, "QQQ": 0.465}}}
    assert evaluate(BY_ID["small_caps_lag_ytd"], ytd)[0] == pytest.approx(0.021 - 0.465)
    tech = {"technicals": technicals(close=178.04, low=161.67, target=295.62)}
    assert evaluate(BY_ID["fib_progress"], tech)[0] == pytest.approx((178.04 - 161.67) / (295.62 - 161.67))
    breadth = {"breadth": {"history": history(0.10, 0.77)}}
    assert evaluate(BY_ID["breadth_recovery"], breadth)[0] == pytest.approx(0.67)


def test_fund_ratios_fetched_after_the_date_are_not_used():
    later = {"IWM": fund(14, 0.02, "2026-12-01"), "SPY": fund(19, 0.014, "2026-12-01"),
             "QQQ": fund(25, 0.006, "2026-12-01")}
    inputs = {"as_of": "2023-11-28", "valuation": {"funds": later}}
    assert evaluate(BY_ID["iwm_cheaper"], inputs) == (None, "no_data")
    assert evaluate(BY_ID["iwm_cheaper"], {**inputs, "as_of": "2026-12-01"})[1] == "supports"


def test_breadth_needs_a_full_month():
    short = {"breadth": {"history": history(0.1, 0.9, days=rules.BREADTH_MONTH_DAYS)}}
    assert evaluate(BY_ID["breadth_recovery"], short) == (None, "no_data")


def test_rule_objects():
    assert Rule(">=", 0.5).verdict(0.5) == "supports" and Rule(">", 0.5).verdict(0.5) == "against"
    assert Rule("<", 1).verdict(float("nan")) == "no_data"
    with pytest.raises(ValueError, match="unknown comparison '=='"):
        Rule("==", 1)
    assert format_threshold(0.0, "pp") == "0 pp" and format_threshold(0.03, "pct") == "3%"
    assert format_threshold(90, "days") == "90 days"
