"""The scorecard as a table: one row per claim, its value on each date and the verdict."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from analytics.scorecard.rules import CLAIMS, Verdict, evaluate, format_value

VERDICT_TEXT: dict[Verdict, str] = {"supports": "✓ supports", "against": "✗ against", "no_data": "— no data"}
LOADING = "loading…"


def evidence_link(page: str, as_of: str, view: Sequence[tuple[str, str]] = ()) -> str:
    """A relative link to the page and view that shows a claim's evidence on the date."""
    return f"/{page}?{urlencode([('as_of', as_of), *view])}"


def scorecard_frame(inputs_by_date: Mapping[str, Mapping[str, Any] | None], verdict_date: str,
                    pending: Sequence[str] = ()) -> pd.DataFrame:
    """Rows per claim: metric, rule, the value on each date (column per label), verdict, link.

    ``inputs_by_date`` maps a column label (e.g. ``"as of 2023-11-28"``) to the gathered
    inputs of that date; ``verdict_date`` names the column whose verdict is shown. Claims
    whose sections are still ``pending`` read "loading…".
    """
    rows = []
    for claim in CLAIMS:
        loading = any(n in pending for n in claim.needs)
        row = {"claim": claim.claim, "metric": claim.metric, "rule": claim.rule.text(claim.unit)}
        for label, inputs in inputs_by_date.items():
            if loading or inputs is None:
                row[label] = LOADING
                continue
            value, verdict = evaluate(claim, inputs)
            row[label] = format_value(value, claim.unit)
            if label == verdict_date:
                row["verdict"] = VERDICT_TEXT[verdict]
        row.setdefault("verdict", LOADING)
        as_of = (inputs_by_date.get(verdict_date) or {}).get("as_of", "")
        row["evidence"] = evidence_link(claim.page, as_of, claim.view)
        rows.append(row)
    columns = ["claim", "verdict", *inputs_by_date, "rule", "metric", "evidence"]
    return pd.DataFrame(rows, columns=columns).set_index("claim")


def tally(inputs: Mapping[str, Any]) -> dict[Verdict, int]:
    """How many claims each verdict has on one date."""
    counts: dict[Verdict, int] = {"supports": 0, "against": 0, "no_data": 0}
    for claim in CLAIMS:
        counts[evaluate(claim, inputs)[1]] += 1
    return counts
