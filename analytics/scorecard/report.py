"""Report section ``scorecard``: each claim's value, rule and verdict as of a date."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from analytics.data.base import Source
from analytics.scorecard.gather import gather
from analytics.scorecard.rules import CLAIMS, evaluate


def scorecard_section(source: Source, as_of: date | str, sections: Mapping[str, Callable[..., dict]],
                      **_: object) -> dict:
    """Claim id -> ``{value, rule, verdict}`` (fractions), with a ``reason`` where there is no
    value; ``sections`` is the report's registry of input sections (:mod:`analytics.sections`)."""
    inputs, reasons = gather(source, as_of, sections)
    out: dict[str, Any] = {}
    for claim in CLAIMS:
        value, verdict = evaluate(claim, inputs)
        out[claim.id] = {"value": None if value is None else round(float(value), 6),
                         "rule": f"{claim.metric} {claim.rule.text(claim.unit)}", "verdict": verdict}
        if verdict == "no_data":
            missing = [reasons[n] for n in claim.needs if n in reasons]
            out[claim.id]["reason"] = "; ".join(missing) or "this source has no value for this date"
    return out
