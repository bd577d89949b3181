"""The registry of report sections: one name, one function ``(source, as_of, **options) -> dict``.

Each topic keeps its section in its own ``report.py``; this module only names them, for the
report and the CLI (which run them) and the scorecard (which reads them as its inputs, handed
in here so that it never imports the report that calls it).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from analytics.breadth.report import breadth_section
from analytics.data.base import Source
from analytics.macro.report import macro_section
from analytics.performance.forward_report import forward_section
from analytics.performance.report import performance_section
from analytics.scorecard.report import scorecard_section
from analytics.seasonality.report import seasonality_section
from analytics.technicals.report import technicals_section
from analytics.valuation.report import valuation_section

Section = Callable[..., dict]

#: The topics' sections, in the report's order: what the scorecard's claims read.
TOPIC_SECTIONS: dict[str, Section] = {
    "performance": performance_section,
    "technicals": technicals_section,
    "breadth": breadth_section,
    "macro": macro_section,
    "valuation": valuation_section,
    "forward": forward_section,
    "seasonality": seasonality_section,
}


def _scorecard(source: Source, as_of: date | str, **options: object) -> dict:
    """The scorecard over the topics' sections."""
    return scorecard_section(source, as_of, TOPIC_SECTIONS, **options)


#: Every report section by name.
SECTIONS: dict[str, Section] = {**TOPIC_SECTIONS, "scorecard": _scorecard}
