"""The headless report: the numbers behind each page as one JSON object.

``python -m analytics report --source S --as-of YYYY-MM-DD --section performance``. Ratios
and returns are fractions. Each section is a function ``(source, as_of, **options) -> dict``
that lives beside its topic; this module only dispatches.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from analytics.breadth.report import breadth_section
from analytics.data.base import Source
from analytics.performance.forward_report import forward_section
from analytics.macro.report import macro_section
from analytics.performance.report import performance_section
from analytics.scorecard.gather import scorecard_section
from analytics.seasonality.report import seasonality_section
from analytics.technicals.report import technicals_section
from analytics.timeseries import to_timestamp
from analytics.valuation.report import valuation_section

JSONable = dict | list | str | float | int | None


SECTIONS: dict[str, Callable[..., dict]] = {
    "performance": performance_section,
    "technicals": technicals_section,
    "breadth": breadth_section,
    "macro": macro_section,
    "valuation": valuation_section,
    "forward": forward_section,
    "seasonality": seasonality_section,
    "scorecard": scorecard_section,
}


def build_report(source: Source, as_of: date | str, sections: Sequence[str],
                 **options: object) -> dict[str, JSONable]:
    """Run each named section with ``options``; unknown names raise ``ValueError`` naming them."""
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    info = source.info()
    report: dict[str, JSONable] = {
        "as_of": f"{to_timestamp(as_of):%Y-%m-%d}",
        "source": {
            "kind": info.kind,
            "label": info.label,
            "detail": info.detail,
            "fetched_at": info.fetched_at.isoformat(timespec="seconds") if info.fetched_at else None,
            "stale": info.stale,
        },
    }
    for name in sections or list(SECTIONS):
        report[name] = SECTIONS[name](source, as_of, **options)
    return report
