"""The inputs of the scorecard: the report sections its claims read, as of one date.

Reusing the report's sections means every value on the scorecard is the number the headless
report gives for the same date, and each page shows. A section that cannot be computed for
the date (data starts later, a source lacks it) becomes ``None`` with a one-line reason, so
its claims read ``no_data`` and the rest still get a verdict.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from analytics.seasonality import crypto
from analytics.data.base import Source
from analytics.errors import DashboardError, DataUnavailableError
from analytics.scorecard.rules import BREADTH_MONTH_DAYS, CLAIMS, evaluate
from analytics.timeseries import STALE_AFTER_BUSINESS_DAYS, lags_behind, to_timestamp

#: Options each section runs with for the scorecard (breadth: a month of history is enough).
SECTION_OPTIONS: dict[str, dict[str, Any]] = {
    "breadth": {"universe": "sp500", "lookback_days": BREADTH_MONTH_DAYS + 5},
}
#: Claims grouped by cost: the cheap sections fill the card first, breadth (hundreds of
#: members) and macro (the event study) after.
SECTION_ORDER = ("performance", "technicals", "seasonality", "crypto", "valuation", "macro", "breadth")


def _crypto_section(source: Source, as_of: date | str, **_: object) -> dict:
    """The alt-season measure: the alt basket's change against BTC over the last 3 months."""
    batch = source.prices([crypto.BTC, *crypto.CANDIDATE_ALTS])
    if crypto.BTC not in batch.frames or not crypto.alts_present(batch.closes()):
        raise DataUnavailableError("no BTC and alt-coin prices in this source")
    return {"alts_vs_btc_3m": crypto.alts_leading(batch.closes(), as_of)}


def section_runner(name: str) -> Callable[..., dict]:
    """The function computing one input section (the report's, or the scorecard's crypto)."""
    if name == "crypto":
        return _crypto_section
    from analytics.report import SECTIONS

    if name not in SECTIONS:
        raise KeyError(name)
    return SECTIONS[name]


def data_date(section: dict) -> str | None:
    """The day a section's figures are as of: its ``date``, or for price sections the oldest
    of its last closes (``close_date``); ``None`` when the section has neither."""
    if section.get("date"):
        return str(section["date"])
    closes = [d for d in (section.get("close_date") or {}).values() if d]
    return min(closes) if closes else None


def run_section(source: Source, as_of: date | str, name: str,
                runner: Callable[..., dict] | None = None) -> tuple[dict | None, str]:
    """One section as of ``as_of``, or ``None`` and why not (one line, no traceback).

    ``runner`` computes the section instead of :func:`section_runner`'s (a server's version
    that reads results it shares with the pages; the same numbers).

    A section whose data ends well before ``as_of`` (more than ``STALE_AFTER_BUSINESS_DAYS``
    business days) is not a reading of that date: its claims read "no data" and the reason
    names the last date, instead of a verdict on, say, two-year-old member prices.
    """
    try:
        section = (runner or section_runner(name))(source, as_of, **SECTION_OPTIONS.get(name, {}))
    except (DashboardError, ValueError, KeyError, ImportError, AttributeError) as exc:
        return None, f"{name}: {exc}" if str(exc) else f"{name}: not available"
    last = data_date(section)
    if last and lags_behind(last, as_of, STALE_AFTER_BUSINESS_DAYS):
        return None, f"{name}: its data ends on {last}, well before {to_timestamp(as_of):%Y-%m-%d}"
    return section, ""


def gather(source: Source, as_of: date | str, sections: Iterable[str] = SECTION_ORDER
           ) -> tuple[dict[str, Any], dict[str, str]]:
    """Every input section for ``as_of`` and the reasons of those that failed."""
    inputs: dict[str, Any] = {"as_of": f"{to_timestamp(as_of):%Y-%m-%d}"}
    reasons: dict[str, str] = {}
    for name in sections:
        inputs[name], why = run_section(source, as_of, name)
        if why:
            reasons[name] = why
    return inputs, reasons


def scorecard_section(source: Source, as_of: date | str, **_: object) -> dict:
    """Report section ``scorecard``: claim id -> ``{value, rule, verdict}`` (fractions)."""
    inputs, reasons = gather(source, as_of)
    out: dict[str, Any] = {}
    for claim in CLAIMS:
        value, verdict = evaluate(claim, inputs)
        out[claim.id] = {"value": None if value is None else round(float(value), 6),
                         "rule": f"{claim.metric} {claim.rule.text(claim.unit)}", "verdict": verdict}
        if verdict == "no_data":
            missing = [reasons[n] for n in claim.needs if n in reasons]
            out[claim.id]["reason"] = "; ".join(missing) or "this source has no value for this date"
    return out
