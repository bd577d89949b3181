"""The shared sidebar: as-of date, benchmark, and the source badge. Drawn on every page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import streamlit as st

from analytics.catalog import BENCHMARK_CHOICES, LARGE_CAP, THESIS_DATE, THESIS_SYMBOLS
from analytics.data.base import PriceBatch, SourceInfo
from analytics.errors import DashboardError, hide_paths
from ui.choices import available, lacking_caption
from ui.loaders import load_prices
from ui.ranged import Span, ranged
from ui.router import require_router
from ui.source import get_source
from ui.state import bound, start_view

#: Live data whose last bar is older than this many days (weekends included) is called stale.
STALE_AFTER_DAYS = 4
#: Any day from here to today can be replayed, also before a symbol's or a series' first
#: observation: the pages then say what is missing (macro history reaches back that far).
EARLIEST_AS_OF = date(1990, 1, 1)
BADGE_COLORS = {"live": "green", "cache": "orange", "snapshot": "blue", "demo": "violet"}
_CONTEXT = "_page_context"
_DRAWN = "_sidebar_drawn"
_BENCHMARK = "bench"


@dataclass(frozen=True)
class PageContext:
    """What every page needs from the sidebar."""

    spec: str
    info: SourceInfo
    as_of: date
    first_date: date
    last_date: date
    benchmark_box: object = None

    @property
    def benchmark(self) -> str:
        """The benchmark select, drawn in the sidebar only by the pages that use it."""
        return benchmark_control(self)


def _freshness(info: SourceInfo, batch: PriceBatch, last: date) -> tuple[str, bool]:
    if info.kind == "demo":
        return f"Synthetic series through {last:%Y-%m-%d}.", False
    parts = [f"Data through {last:%Y-%m-%d}"]
    fetched = batch.fetched_at or info.fetched_at
    if fetched:
        verb = "snapshot taken" if info.kind == "snapshot" else "updated"
        parts.append(f"{verb} {fetched:%Y-%m-%d %H:%M}")
    stale = batch.stale or info.stale or (
        info.kind in ("live", "cache") and (datetime.now().date() - last).days > STALE_AFTER_DAYS
    )
    return " · ".join(parts) + ".", stale


def render_sidebar(spec: str) -> PageContext:
    """Draw the sidebar and return the page context; stops the page with a message on failure."""
    try:
        info = get_source(spec).info()
        batch = load_prices(spec, THESIS_SYMBOLS)
    except DashboardError as exc:
        st.error(f"The data source `{hide_paths(spec)}` could not be opened: {exc}")
        st.stop()
    # The span of dates with a close, read off each series (every page run passes here: a
    # joined frame of decades of closes only to read its two ends cost more than the rest).
    spans = [(close.first_valid_index(), close.last_valid_index())
             for close in (batch.frames[s]["close"] for s in THESIS_SYMBOLS if s in batch.frames)]
    spans = [span for span in spans if span[0] is not None]
    if not spans:
        reasons = "; ".join(f"{s}: {why}" for s, why in batch.failed.items())
        st.error(f"No prices for IWM, SPY or QQQ from {info.label} ({reasons}).")
        st.stop()
    first, last = min(a for a, _ in spans).date(), max(b for _, b in spans).date()

    st.session_state[_DRAWN] = {}
    start_view()
    low, high = min(EARLIEST_AS_OF, first), max(last, date.today())
    with st.sidebar:
        as_of = bound(
            st.date_input, "as_of", "As of", value=last, min_value=low, max_value=high,
            help="Every number on every page uses only data dated on or before this day. "
                 f"Prices here run from {first:%Y-%m-%d} to {last:%Y-%m-%d}.",
        )
        replay_controls(as_of or last, low, high, last)
        benchmark_box = st.container()
        st.divider()
        st.badge(info.label, color=BADGE_COLORS.get(info.kind, "gray"))
        text, stale = _freshness(info, batch, last)
        st.caption(text)
        if stale:
            st.badge("stale", color="red", help="A refresh failed or the cache is old; numbers may lag.")
    context = PageContext(spec, info, as_of or last, first, last, benchmark_box)
    st.session_state[_CONTEXT] = context
    return context


#: The sidebar's date steps: label -> calendar offset (a step lands on that calendar day;
#: every page then uses the last data on or before it).
DATE_STEPS = {"−1m": pd.DateOffset(months=-1), "−1w": pd.DateOffset(weeks=-1),
              "+1w": pd.DateOffset(weeks=1), "+1m": pd.DateOffset(months=1)}


def _set_as_of(day: date) -> None:
    st.session_state["as_of"] = day


def replay_controls(as_of: date, low: date, high: date, last: date) -> None:
    """Replay the article's date on every page, and step the date a week or a month."""
    thesis = date.fromisoformat(THESIS_DATE)
    st.button("Replay the article's date", icon=":material/history:", on_click=_set_as_of, args=(thesis,),
              disabled=as_of == thesis, width="stretch",
              help=f"Sets the as-of date to {THESIS_DATE} on every page: what could be known that day.")
    columns = st.columns(2) + st.columns(2)  # two rows: the sidebar is too narrow for four
    for column, (label, offset) in zip(columns, DATE_STEPS.items()):
        target = min(max((pd.Timestamp(as_of) + offset).date(), low), min(high, max(last, low)))
        column.button(label, key=f"as_of_step_{label}", on_click=_set_as_of, args=(target,), width="stretch",
                      disabled=target == as_of, help=f"As of {target:%Y-%m-%d}")


def benchmark_control(context: PageContext) -> str:
    """Draw the sidebar's benchmark select (once per run) and return its value.

    Only pages that measure IWM against a benchmark call this, so the sidebar never shows a
    control that does nothing on the page on screen.
    """
    if _BENCHMARK in st.session_state.get(_DRAWN, {}):
        return st.session_state[_DRAWN][_BENCHMARK]
    choices, lacking = available(context.spec, BENCHMARK_CHOICES)
    with context.benchmark_box or st.sidebar:
        value = ranged(st.selectbox, "bench", "Benchmark", Span.among(choices), LARGE_CAP,
                       empty=f"No benchmark: this source has none of {', '.join(BENCHMARK_CHOICES)}.",
                       help="What IWM is measured against in ratios and excess returns.")
        lacking_caption(lacking, "benchmarks")
    st.session_state.setdefault(_DRAWN, {})[_BENCHMARK] = value or LARGE_CAP
    return value or LARGE_CAP


def page_context() -> PageContext:
    """The context the sidebar stored for this run (pages call this, never the sidebar)."""
    require_router(_CONTEXT)
    return st.session_state[_CONTEXT]


def as_of_timestamp(context: PageContext) -> pd.Timestamp:
    return pd.Timestamp(context.as_of)
