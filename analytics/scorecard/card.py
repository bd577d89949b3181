"""A thesis' scorecard on one date: each claim's metric read, its rule applied, the verdict.

The claims are data (a thesis file, :mod:`analytics.theses`); the values are the metrics of
:mod:`analytics.theses.metrics`, which reuse the topics' code. A claim without a value (the
source lacks the data, or it does not reach the date) reads ``no_data`` with the reason, and
the other claims still get their verdicts.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.data.base import Source
from analytics.report_values import REPORT_DECIMALS
from analytics.theses.metrics import Context, Loaders, Verdict, read, verdict
from analytics.theses.model import ClaimBase, Thesis


@dataclass(frozen=True)
class ClaimResult:
    """One claim on one date: its value (in the metric's unit), the verdict and, without a
    value, why."""

    claim: ClaimBase
    value: float | None
    verdict: Verdict
    reason: str = ""


def evaluate_claim(ctx: Context, claim: ClaimBase) -> ClaimResult:
    """The claim's metric in ``ctx`` and its rule's verdict."""
    reading = read(ctx, claim.params)
    return ClaimResult(claim, reading.value, verdict(claim, reading.value), reading.reason)


def evaluate_dates(source: Source, dates: Sequence[date | str | pd.Timestamp], claims: Iterable[ClaimBase],
                   loaders: Loaders | None = None, shared: dict | None = None) -> list[list[ClaimResult]]:
    """Each claim on each date (a list per date, claims in order), the dates sharing one memo of
    loaded inputs (:meth:`Context.on`): a column reads only data dated on or before its date."""
    memo: dict = {} if shared is None else shared
    claims = list(claims)
    columns = []
    for day in dates:
        ctx = Context.on(source, day, loaders, memo)
        columns.append([evaluate_claim(ctx, claim) for claim in claims])
    return columns


def evaluate(source: Source, as_of: date | str | pd.Timestamp, claims: Iterable[ClaimBase],
             loaders: Loaders | None = None) -> list[ClaimResult]:
    """Each claim as of ``as_of``: the last (and only) column of :func:`evaluate_dates`, so a
    card and a timeline's column on the same date are one computation."""
    return evaluate_dates(source, [as_of], claims, loaders)[-1]


def result_entry(result: ClaimResult) -> dict:
    """The report's entry of a claim: ``{value, rule, verdict}`` and ``reason`` without a value
    (values rounded to the report's ``REPORT_DECIMALS``)."""
    claim = result.claim
    entry = {"value": None if result.value is None else round(float(result.value), REPORT_DECIMALS),
             "rule": claim.rule, "verdict": result.verdict, "metric": claim.metric}
    if result.verdict == "no_data":
        entry["reason"] = result.reason or "this source has no value for this date"
    return entry


def thesis_card(source: Source, as_of: date | str | pd.Timestamp, thesis: Thesis,
                loaders: Loaders | None = None) -> dict:
    """Claim id -> :func:`result_entry`, in the file's order."""
    return {r.claim.id: result_entry(r) for r in evaluate(source, as_of, thesis.claims, loaders)}


#: Metrics grouped by what they cost to compute the first time, cheapest first: the page
#: fills the card with price claims before the macro picture and member breadth arrive.
COST_GROUPS: dict[str, tuple[str, ...]] = {
    "prices": ("return", "return_spread", "close_vs_average", "rsi", "macd_histogram", "fib_progress"),
    "seasonality": ("santa_hit_rate", "alts_vs_btc"),
    "valuation": ("fund_ratio_spread",),
    "macro": ("series", "series_spread", "days_since_fed_hike", "central_banks_cutting"),
    "breadth": ("pct_above_average", "pct_above_average_change"),
}


def by_cost(claims: Iterable[ClaimBase]) -> dict[str, list[ClaimBase]]:
    """The claims in :data:`COST_GROUPS` order (groups without a claim left out)."""
    groups: dict[str, list[ClaimBase]] = {name: [] for name in COST_GROUPS}
    group_of = {metric: name for name, metrics in COST_GROUPS.items() for metric in metrics}
    for claim in claims:
        groups[group_of[claim.metric]].append(claim)
    return {name: members for name, members in groups.items() if members}
