"""The scorecard as it was before thesis files: the article's fifteen claims as Python rules
(``rules.py``) on the report's sections (``gather.py``), kept verbatim as the parity test's oracle
(tests/unit/theses/test_parity.py) after the product moved to ``theses/small-caps-2024.yaml``."""
from __future__ import annotations

from datetime import date
from typing import Any

from analytics.data.base import Source
from analytics.sections import TOPIC_SECTIONS
from tests.unit.theses.oracle.gather import gather
from tests.unit.theses.oracle.rules import CLAIMS, evaluate


def old_scorecard(source: Source, as_of: date | str) -> dict:
    """Claim id -> ``{value, rule, verdict}`` (and ``reason``), as the old ``scorecard`` section gave it."""
    inputs, reasons = gather(source, as_of, TOPIC_SECTIONS)
    out: dict[str, Any] = {}
    for claim in CLAIMS:
        value, verdict = evaluate(claim, inputs)
        out[claim.id] = {"value": None if value is None else round(float(value), 6),
                         "rule": f"{claim.metric} {claim.rule.text(claim.unit)}", "verdict": verdict}
        if verdict == "no_data":
            missing = [reasons[n] for n in claim.needs if n in reasons]
            out[claim.id]["reason"] = "; ".join(missing) or "this source has no value for this date"
    return out
