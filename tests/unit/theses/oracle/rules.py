"""(Test oracle, copied from analytics/scorecard at the move to thesis files.)

The claims of the article and the rule that tests each one: data, not prose in a page.

Each :class:`Claim` names the metric that tests it, where that metric comes from (a report
section and a path in it, or a small derivation of several values), and a :class:`Rule`: a
comparison with a stated threshold. A value of ``None`` (the data does not reach the date)
is ``no_data``, never a verdict. Pages print these objects; tests check each rule on both
sides of its threshold.
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Verdict = Literal["supports", "against", "no_data"]
VERDICTS: tuple[Verdict, ...] = ("supports", "against", "no_data")
Inputs = Mapping[str, Any]

#: The comparisons a rule may use, with how the UI writes them.
OPERATORS: dict[str, tuple[Callable[[float, float], bool], str]] = {
    "<": (operator.lt, "<"), "<=": (operator.le, "≤"), ">": (operator.gt, ">"), ">=": (operator.ge, "≥"),
}
Unit = Literal["pp", "pct", "ratio", "days", "index", "count_share"]

# Thresholds, named so the UI, the report and the tests read the same numbers.
BREADTH_RECOVERY_PP = 0.30          # % above the 50-day average up 30 points in a month
BREADTH_MONTH_DAYS = 21             # trading days in that month
FED_PAUSE_DAYS = 90                 # no hike for three months: "done hiking"
CORE_PCE_NEAR_TARGET = 0.03         # core PCE within 1 point of the Fed's 2% target
BANKS_CUTTING_SHARE = 1 / 3         # a third of the tracked central banks cut in 6 months
RSI_OVERBOUGHT = 70.0
FIB_PROGRESS_MIN = 0.25             # a quarter of the way from the swing low to the 1.618 target
SANTA_HIT_RATE = 0.60               # the Santa window rose in at least 60% of completed years
SAHM_TRIGGER = 0.50                 # the Sahm rule's recession threshold
ALTS_LEADING_MIN = 0.0              # ETH (or the alt basket) gained on BTC over 3 months


@dataclass(frozen=True)
class Rule:
    """``value <op> threshold`` supports the claim; anything else is against it."""

    op: str
    threshold: float

    def __post_init__(self) -> None:
        if self.op not in OPERATORS:
            raise ValueError(f"unknown comparison {self.op!r}; expected one of {', '.join(OPERATORS)}")

    def verdict(self, value: float | None) -> Verdict:
        if value is None or value != value:  # None or NaN: the data does not reach the date
            return "no_data"
        return "supports" if OPERATORS[self.op][0](float(value), self.threshold) else "against"

    def text(self, unit: Unit) -> str:
        return f"{OPERATORS[self.op][1]} {format_threshold(self.threshold, unit)}"


def format_threshold(value: float, unit: Unit) -> str:
    """A threshold as a person writes it: ``0 pp``, ``3%``, ``90 days``, ``0.5``."""
    if unit == "pp":
        return f"{100 * value:g} pp"
    if unit in ("pct", "count_share"):
        return f"{100 * value:.3g}%"
    if unit == "days":
        return f"{value:g} days"
    return f"{value:g}"


def format_value(value: float | None, unit: Unit) -> str:
    """How a claim's value reads on screen (fractions as % or percentage points)."""
    if value is None or value != value:
        return "n/a"
    if unit == "pp":
        return f"{100 * value:+.1f} pp"
    if unit == "pct":
        return f"{value:+.1%}" if value < 0 else f"{value:.1%}"
    if unit == "count_share":
        return f"{value:.0%}"
    if unit == "days":
        return f"{value:.0f} days"
    return f"{value:,.2f}"


@dataclass(frozen=True)
class Claim:
    """One falsifiable claim of the article, the metric that tests it and the rule."""

    id: str
    claim: str
    metric: str
    unit: Unit
    rule: Rule
    #: Report sections the value is read from.
    needs: tuple[str, ...]
    #: The value from the report sections (``None``: no data for the date).
    value: Callable[[Inputs], float | None]
    #: The page that shows the evidence, and extra link parameters for its view.
    page: str
    view: tuple[tuple[str, str], ...] = ()


def _get(inputs: Inputs, *path: str) -> Any:
    node: Any = inputs
    for key in path:
        if not isinstance(node, Mapping) or node.get(key) is None:
            return None
        node = node[key]
    return node


def _lag_ytd(inputs: Inputs) -> float | None:
    """IWM's YTD return minus the better of SPY's and QQQ's (negative: small caps lag)."""
    ytd = _get(inputs, "performance", "ytd") or {}
    if any(ytd.get(s) is None for s in ("IWM", "SPY", "QQQ")):
        return None
    return ytd["IWM"] - max(ytd["SPY"], ytd["QQQ"])


def _fund_known(inputs: Inputs, fund: str) -> Mapping | None:
    """A fund's ratios, only if they were known by the scorecard's date (no look-ahead)."""
    row = _get(inputs, "valuation", "funds", fund)
    as_of = _get(inputs, "as_of")
    if row is None or row.get("as_of") is None or (as_of and row["as_of"] > as_of):
        return None
    return row


def _pe_discount(inputs: Inputs) -> float | None:
    """IWM's forward P/E over the lower of SPY's and QQQ's, minus 1 (negative: cheaper)."""
    rows = [_fund_known(inputs, f) for f in ("IWM", "SPY", "QQQ")]
    pes = [r.get("forward_pe") if r else None for r in rows]
    if any(p is None or p <= 0 for p in pes):
        return None
    return pes[0] / min(pes[1:]) - 1


def _yield_edge(inputs: Inputs) -> float | None:
    """IWM's dividend yield minus the higher of SPY's and QQQ's (positive: best of three)."""
    rows = [_fund_known(inputs, f) for f in ("IWM", "SPY", "QQQ")]
    yields = [r.get("dividend_yield") if r else None for r in rows]
    if any(y is None for y in yields):
        return None
    return yields[0] - max(yields[1:])


def _breadth_change(inputs: Inputs) -> float | None:
    """Change in the share above the 50-day average over the last ``BREADTH_MONTH_DAYS`` days."""
    history = [h["pct_above_50dma"] for h in (_get(inputs, "breadth", "history") or [])
               if h.get("pct_above_50dma") is not None]
    if len(history) <= BREADTH_MONTH_DAYS:
        return None
    return history[-1] - history[-1 - BREADTH_MONTH_DAYS]


def _banks_cutting(inputs: Inputs) -> float | None:
    banks = _get(inputs, "macro", "central_banks")
    if not banks or not banks.get("tracked"):
        return None
    return banks["cut_last_6m"] / banks["tracked"]


def _fib_progress(inputs: Inputs) -> float | None:
    """(close − swing low) / (1.618 target − swing low): the way made toward the target."""
    fib = _get(inputs, "technicals", "fib")
    close = _get(inputs, "technicals", "close")
    target = _get(inputs, "technicals", "fib", "extensions", "1.618")
    low = _get(inputs, "technicals", "fib", "swing_low", "price")
    if not fib or close is None or target is None or low is None or target == low:
        return None
    return (close - low) / (target - low)


CLAIMS: tuple[Claim, ...] = (
    Claim("small_caps_lag_ytd", "Small caps have lagged the large-cap indexes this year",
          "IWM YTD − best of SPY, QQQ YTD", "pp", Rule("<", 0.0), ("performance",), _lag_ytd,
          "overview"),
    Claim("iwm_cheaper", "Small caps are cheaper than large caps",
          "IWM forward P/E vs the lower of SPY's, QQQ's (−: cheaper)", "pct", Rule("<", 0.0),
          ("valuation",), _pe_discount, "valuation"),
    Claim("dividend_yield_best", "IWM pays the best dividend yield of the three",
          "IWM yield − best of SPY, QQQ", "pp", Rule(">", 0.0), ("valuation",), _yield_edge, "valuation"),
    Claim("breadth_recovery", "Breadth has recovered strongly",
          f"S&P 500 % above 50-day, change over {BREADTH_MONTH_DAYS} trading days", "pp",
          Rule(">=", BREADTH_RECOVERY_PP), ("breadth",), _breadth_change, "breadth"),
    Claim("fed_done_hiking", "The Fed is done hiking", "days since the latest hike", "days",
          Rule(">=", FED_PAUSE_DAYS), ("macro",), lambda i: _get(i, "macro", "days_since_hike"), "macro"),
    Claim("cuts_priced_in", "Rate cuts are priced in", "2-year Treasury − fed funds", "pp",
          Rule("<", 0.0), ("macro",),
          lambda i: None if _get(i, "macro", "two_year_minus_fed_funds") is None
          else _get(i, "macro", "two_year_minus_fed_funds") / 100, "macro"),
    Claim("inflation_near_target", "Inflation is nearly beaten", "core PCE, year over year", "pct",
          Rule("<=", CORE_PCE_NEAR_TARGET), ("macro",), lambda i: _get(i, "macro", "core_pce_yoy", "value"),
          "macro"),
    Claim("central_banks_cutting", "Other central banks are already cutting",
          "share of tracked banks that cut in the last 6 months", "count_share",
          Rule(">=", BANKS_CUTTING_SHARE), ("macro",), _banks_cutting, "macro"),
    Claim("macd_weekly_up", "IWM's weekly MACD has crossed up", "weekly MACD histogram", "ratio",
          Rule(">", 0.0), ("technicals",), lambda i: _get(i, "technicals", "weekly", "macd_hist"), "technicals",
          (("bars", "Weekly"),)),
    Claim("rsi_room", "RSI has room to run", "daily RSI 14", "ratio", Rule("<", RSI_OVERBOUGHT),
          ("technicals",), lambda i: _get(i, "technicals", "rsi_14"), "technicals"),
    Claim("above_50w", "IWM has reclaimed its 50-week average", "close vs 50-week average", "pct",
          Rule(">", 0.0), ("technicals",), lambda i: _get(i, "technicals", "close_vs_sma_50w"), "technicals",
          (("bars", "Weekly"),)),
    Claim("fib_progress", "IWM is on its way to the 1.618 extension (about 300)",
          "share of the way from the swing low to the 1.618 target", "count_share",
          Rule(">=", FIB_PROGRESS_MIN), ("technicals",), _fib_progress, "technicals"),
    Claim("alts_leading", "Altcoins are leading (risk appetite)", "ETH (alt basket) vs BTC, 3 months",
          "pct", Rule(">", ALTS_LEADING_MIN), ("crypto",), lambda i: _get(i, "crypto", "alts_vs_btc_3m"),
          "seasonality"),
    Claim("santa_rally", "Seasonality favours a year-end rally", "IWM Santa-window hit rate, completed years",
          "count_share", Rule(">=", SANTA_HIT_RATE), ("seasonality",),
          lambda i: _get(i, "seasonality", "santa", "IWM", "hit_rate"), "seasonality"),
    Claim("recession_risk_low", "Recession risk is contained", "Sahm rule (real time)", "ratio",
          Rule("<", SAHM_TRIGGER), ("macro",), lambda i: _get(i, "macro", "sahm", "value"), "macro"),
)
CLAIM_IDS = tuple(c.id for c in CLAIMS)


def evaluate(claim: Claim, inputs: Inputs) -> tuple[float | None, Verdict]:
    """The claim's value and verdict from report sections (a failed section is ``None``)."""
    try:
        value = claim.value(inputs)
    except (KeyError, TypeError, ZeroDivisionError):
        value = None
    return value, claim.rule.verdict(value)
