"""The scorecard as a table: one row per claim of a thesis, its value on each date and the verdict."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

import pandas as pd

from analytics.scorecard.card import ClaimResult
from analytics.theses.metrics import Verdict
from analytics.theses.model import ClaimBase, Thesis
from analytics.theses.types import format_number

VERDICT_TEXT: dict[Verdict, str] = {"supports": "✓ supports", "against": "✗ against", "no_data": "— no data"}
LOADING = "loading…"
#: How a rule's comparison reads on screen.
OP_TEXT = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
#: Claims read on weekly bars open the Technicals page on its weekly view.
WEEKLY_VIEW = (("bars", "Weekly"),)
Results = Mapping[str, ClaimResult]


def format_value(value: float | None, unit: str) -> str:
    """A claim's value as it reads on screen: fractions as % (points as pp), days whole,
    RSI to one decimal, anything else to two."""
    if value is None or value != value:
        return "n/a"
    if unit == "fraction_points":
        return f"{100 * value:+.1f} pp"
    if unit == "fraction":
        return f"{value:+.1%}" if value < 0 else f"{value:.1%}"
    if unit == "days":
        return f"{value:.0f} days"
    if unit == "index_points":
        return f"{value:.1f}"
    return f"{value:,.2f}"


def rule_text(claim: ClaimBase) -> str:
    """``≥ 30 pp``: the rule with its number in the metric's unit."""
    return f"{OP_TEXT[claim.op]} {format_number(claim.threshold, claim.params.value_unit())}"


def evidence_link(page: str | None, as_of: str, view: Sequence[tuple[str, str]] = ()) -> str:
    """A relative link to the page and view that shows a claim's evidence on the date ("" without a page)."""
    return f"/{page}?{urlencode([('as_of', as_of), *view])}" if page else ""


def _view(claim: ClaimBase) -> tuple[tuple[str, str], ...]:
    params = claim.params
    weekly = getattr(params, "bars", None) == "weekly" or getattr(params, "weeks", None) is not None
    return WEEKLY_VIEW if weekly and claim.page == "technicals" else ()


def scorecard_frame(thesis: Thesis, results_by_date: Mapping[str, Results | None], verdict_date: str,
                    dates: Mapping[str, str], pending: Sequence[str] = ()) -> pd.DataFrame:
    """Rows per claim: verdict, the value on each date (a column per label), rule, metric, link.

    ``results_by_date`` maps a column label (e.g. ``"as of 2023-11-28"``) to the claims' results
    on that date; ``dates`` maps each label to its ``YYYY-MM-DD``; ``verdict_date`` names the
    column whose verdict is shown. Claims whose id is ``pending`` read "loading…".
    """
    rows = []
    for claim in thesis.claims:
        unit = claim.params.value_unit()
        row = {"claim": claim.text, "metric": claim.params.words(), "rule": rule_text(claim)}
        for label, results in results_by_date.items():
            result = (results or {}).get(claim.id)
            if claim.id in pending or result is None:
                row[label] = LOADING
                continue
            row[label] = format_value(result.value, unit)
            if label == verdict_date:
                row["verdict"] = VERDICT_TEXT[result.verdict]
        row.setdefault("verdict", LOADING)
        row["evidence"] = evidence_link(claim.page, dates.get(verdict_date, ""), _view(claim))
        rows.append(row)
    columns = ["claim", "verdict", *results_by_date, "rule", "metric", "evidence"]
    return pd.DataFrame(rows, columns=columns).set_index("claim")


def tally(results: Results) -> dict[Verdict, int]:
    """How many claims each verdict has on one date."""
    counts: dict[Verdict, int] = {"supports": 0, "against": 0, "no_data": 0}
    for result in results.values():
        counts[result.verdict] += 1
    return counts
