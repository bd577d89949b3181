"""Scorecard glue: each input section cached per source, date and section.

Under load the scorecard was most of a server's work: for every viewer's own date it
computed each page's section again, beside the page's own copy of the same numbers. Here
the costly sections read what the pages already share (the Macro page's view, the
Technicals page's indicator frames, the Valuation page's sector table) or what no date
changes (member breadth over the whole history, cut per date; fund ratios and the bottom-up
P/E), so a new date costs a cut and a table instead of four recomputations. Each runner
gives the numbers the analytics section gives alone (tests/unit/scorecard/test_shared.py).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from analytics.breadth.report import breadth_inputs, breadth_section
from analytics.catalog import SMALL_CAP
from analytics.macro.report import macro_section
from analytics.report_values import not_in_future
from analytics.scorecard.gather import input_runner, run_section
from analytics.sections import TOPIC_SECTIONS
from analytics.technicals.report import technicals_section
from analytics.timeseries import to_timestamp
from analytics.valuation.report import valuation_section, valuation_undated
from ui.fund_loaders import load_sector_performance
from ui.loaders import DATA_TTL_S, load_indicator_frames, load_prices
from ui.macro_loaders import load_macro_view
from ui.source import get_source

#: Member lists whose whole-history breadth is kept (the scorecard reads one, sp500).
BREADTH_INPUTS_KEPT = 4


@st.cache_resource(ttl=DATA_TTL_S, show_spinner=False, max_entries=BREADTH_INPUTS_KEPT)
def _breadth_inputs(spec: str, universe: str):
    """Members, their prices read once and their breadth over every date, shared by every
    session and date (read-only: each date takes a cut of it)."""

    return breadth_inputs(get_source(spec), universe)


@st.cache_resource(ttl=DATA_TTL_S, show_spinner=False, max_entries=4)
def _valuation_undated(spec: str) -> dict:
    """The valuation numbers no date changes (fund ratios, holdings weights, bottom-up P/E)."""

    return valuation_undated(get_source(spec))


def warm_undated(spec: str) -> None:
    """Compute the undated valuation numbers into the process's cache (the server's warm-up
    does, so no first viewer waits on them: on a cold replica reading S3 they read every IWM
    holding's stored earnings, about 2,000 objects)."""
    _valuation_undated(spec)


def _macro(spec: str) -> Callable[..., dict]:
    def run(source, as_of, **options):

        not_in_future(as_of)  # before building a view, as the section alone does
        return macro_section(source, as_of, view=load_macro_view(spec, as_of), **options)
    return run


def _breadth(spec: str) -> Callable[..., dict]:
    def run(source, as_of, universe="sp500", **options):

        return breadth_section(source, as_of, universe=universe, inputs=_breadth_inputs(spec, universe), **options)
    return run


def _technicals(spec: str) -> Callable[..., dict]:
    def run(source, as_of, **options):

        frames = None
        bars = load_prices(spec, (SMALL_CAP,)).frames.get(SMALL_CAP)
        # Only where the section would compute them; elsewhere it raises its own error.
        if bars is not None and len(bars) and bars.index[0] <= to_timestamp(as_of) <= to_timestamp(date.today()):
            frames = load_indicator_frames(spec, SMALL_CAP, as_of)
        return technicals_section(source, as_of, frames=frames, **options)
    return run


def _valuation(spec: str) -> Callable[..., dict]:
    def run(source, as_of, **options):

        not_in_future(as_of)
        return valuation_section(source, as_of, undated=_valuation_undated(spec),
                                 sector_table=load_sector_performance(spec, as_of), **options)
    return run


#: Sections run from shared results instead of the analytics section computing everything.
SHARED_RUNNERS: dict[str, Callable[[str], Callable[..., dict]]] = {
    "macro": _macro, "breadth": _breadth, "technicals": _technicals, "valuation": _valuation,
}


@st.cache_data(ttl=DATA_TTL_S, show_spinner=False, max_entries=512)
def load_section(spec: str, as_of: date, name: str) -> tuple[dict | None, str]:
    """One input section of the scorecard for one date, or ``None`` and why not."""
    shared = SHARED_RUNNERS.get(name)
    return run_section(get_source(spec), as_of, name,
                       shared(spec) if shared else input_runner(name, TOPIC_SECTIONS))
