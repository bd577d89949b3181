"""The registry of report sections: one name, one function ``(source, as_of, **options) -> dict``.

Each topic keeps its section in its own ``report.py``; this module only names them, for the
report and the CLI (which run them). ``scorecard``, ``timeline`` and ``forward`` follow a thesis (the
``thesis`` option: an id, a path or a :class:`~analytics.theses.model.Thesis`; default the
article's): its claims, and its trade.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from analytics.breadth.report import breadth_section
from analytics.data.base import Source
from analytics.macro.report import macro_section
from analytics.performance.forward import Trade
from analytics.performance.forward_report import forward_section
from analytics.performance.report import performance_section
from analytics.scorecard.report import as_thesis, scorecard_section, timeline_section
from analytics.seasonality.report import seasonality_section
from analytics.technicals.report import technicals_section
from analytics.valuation.report import valuation_section

Section = Callable[..., dict]

#: The topics' own sections (the pages' numbers), in the report's order.
TOPIC_SECTIONS: dict[str, Section] = {
    "performance": performance_section,
    "technicals": technicals_section,
    "breadth": breadth_section,
    "macro": macro_section,
    "valuation": valuation_section,
    "seasonality": seasonality_section,
}


def thesis_trade(thesis: object = None) -> Trade:
    """The ``trade`` of a thesis (object, id or path; ``None``: the article's) as the forward
    section's legs."""
    trade = as_thesis(thesis).trade  # type: ignore[arg-type]
    return Trade(trade.long, tuple(trade.against))


def _forward(source: Source, as_of: date | str, thesis: object = None, **options: object) -> dict:
    """What the thesis' trade did after the date (``--thesis``; default the article's)."""
    return forward_section(source, as_of, trade=thesis_trade(thesis), **options)


#: Every report section by name; ``scorecard`` and ``forward`` read the ``thesis`` option.
SECTIONS: dict[str, Section] = {
    **{name: TOPIC_SECTIONS[name] for name in ("performance", "technicals", "breadth", "macro", "valuation")},
    "forward": _forward, "seasonality": seasonality_section, "scorecard": scorecard_section,
    "timeline": timeline_section,
}

#: What a report without ``--section`` holds: every section but ``timeline``, which evaluates
#: the card on every week since the thesis was argued (asked for by name).
DEFAULT_SECTIONS: tuple[str, ...] = tuple(name for name in SECTIONS if name != "timeline")
