"""(Test oracle, copied from analytics/scorecard at the move to thesis files.)

The inputs of the scorecard: the report sections its claims read, as of one date.

Reusing the report's sections means every value on the scorecard is the number the headless
report gives for the same date, and each page shows. A section that cannot be computed for
the date (data starts later, a source lacks it) becomes ``None`` with a one-line reason, so
its claims read ``no_data`` and the rest still get a verdict.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from analytics.data.base import Source
from analytics.errors import DashboardError, DataUnavailableError
from analytics.seasonality import crypto
from analytics.timeseries import STALE_AFTER_BUSINESS_DAYS, lags_behind, to_timestamp
from tests.unit.theses.oracle.rules import BREADTH_MONTH_DAYS

#: Options each section runs with for the scorecard (breadth: a month of history is enough).
SECTION_OPTIONS: dict[str, dict[str, Any]] = {
    "breadth": {"universe": "sp500", "lookback_days": BREADTH_MONTH_DAYS + 5},
}
#: Claims grouped by cost: the cheap sections fill the card first, breadth (hundreds of
#: members) and macro (the event study) after.
SECTION_ORDER = ("performance", "technicals", "seasonality", "crypto", "valuation", "macro", "breadth")


def crypto_section(source: Source, as_of: date | str, **_: object) -> dict:
    """The alt-season measure: the alt basket's change against BTC over the last 3 months."""
    batch = source.prices([crypto.BTC, *crypto.CANDIDATE_ALTS])
    if crypto.BTC not in batch.frames or not crypto.alts_present(batch.closes()):
        raise DataUnavailableError("no BTC and alt-coin prices in this source")
    return {"alts_vs_btc_3m": crypto.alts_leading(batch.closes(), as_of)}


def input_runner(name: str, sections: Mapping[str, Callable[..., dict]]) -> Callable[..., dict]:
    """The function computing one input section: the report's (from the ``sections`` registry
    handed in, so the scorecard never imports the report that calls it), or the scorecard's own
    ``crypto``. ``KeyError`` for a name that is neither."""
    if name == "crypto":
        return crypto_section
    return sections[name]


def data_date(section: dict) -> str | None:
    """The day a section's figures are as of: its ``date``, or for price sections the oldest
    of its last closes (``close_date``); ``None`` when the section has neither."""
    if section.get("date"):
        return str(section["date"])
    closes = [d for d in (section.get("close_date") or {}).values() if d]
    return min(closes) if closes else None


def run_section(source: Source, as_of: date | str, name: str,
                runner: Callable[..., dict]) -> tuple[dict | None, str]:
    """One section as of ``as_of``, or ``None`` and why not (one line, no traceback).

    ``runner`` computes it: :func:`input_runner`'s, or a server's version that reads results it
    shares with the pages (the same numbers).

    A section whose data ends well before ``as_of`` (more than ``STALE_AFTER_BUSINESS_DAYS``
    business days) is not a reading of that date: its claims read "no data" and the reason
    names the last date, instead of a verdict on, say, two-year-old member prices.
    """
    try:
        section = runner(source, as_of, **SECTION_OPTIONS.get(name, {}))
    except (DashboardError, ValueError, KeyError, ImportError, AttributeError) as exc:
        return None, f"{name}: {exc}" if str(exc) else f"{name}: not available"
    last = data_date(section)
    if last and lags_behind(last, as_of, STALE_AFTER_BUSINESS_DAYS):
        return None, f"{name}: its data ends on {last}, well before {to_timestamp(as_of):%Y-%m-%d}"
    return section, ""


def gather(source: Source, as_of: date | str, sections: Mapping[str, Callable[..., dict]],
           names: Iterable[str] = SECTION_ORDER) -> tuple[dict[str, Any], dict[str, str]]:
    """Every input section for ``as_of`` (computed by the ``sections`` registry's functions) and
    the reasons of those that failed."""
    inputs: dict[str, Any] = {"as_of": f"{to_timestamp(as_of):%Y-%m-%d}"}
    reasons: dict[str, str] = {}
    for name in names:
        inputs[name], why = run_section(source, as_of, name, input_runner(name, sections))
        if why:
            reasons[name] = why
    return inputs, reasons
