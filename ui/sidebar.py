"""The shared sidebar: as-of date, benchmark, and the source badge. Drawn on every page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import streamlit as st

from analytics.catalog import BENCHMARK_CHOICES, LARGE_CAP, THESIS_SYMBOLS
from analytics.data.base import PriceBatch, SourceInfo
from analytics.errors import DashboardError
from ui.loaders import load_prices
from ui.router import require_router
from ui.source import get_source
from ui.state import BIND, check_choice_param, check_date_param

#: Live data whose last bar is older than this many days (weekends included) is called stale.
STALE_AFTER_DAYS = 4
BADGE_COLORS = {"live": "green", "cache": "orange", "snapshot": "blue", "demo": "violet"}
_CONTEXT = "_page_context"


@dataclass(frozen=True)
class PageContext:
    """What every page needs from the sidebar."""

    spec: str
    info: SourceInfo
    as_of: date
    benchmark: str
    first_date: date
    last_date: date


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
        st.error(f"The data source `{spec}` could not be opened: {exc}")
        st.stop()
    closes = batch.closes(list(THESIS_SYMBOLS)).dropna(how="all")
    if closes.empty:
        reasons = "; ".join(f"{s}: {why}" for s, why in batch.failed.items())
        st.error(f"No prices for IWM, SPY or QQQ from {info.label} ({reasons}).")
        st.stop()
    first, last = closes.index[0].date(), closes.index[-1].date()

    with st.sidebar:
        check_date_param("as_of", "as-of date", first, last, f"the latest data ({last})")
        as_of = st.date_input(
            "As of", value=last, min_value=first, max_value=last, key="as_of", bind=BIND,
            help="Every number on every page uses only data dated on or before this day.",
        )
        check_choice_param("bench", "benchmark", BENCHMARK_CHOICES, LARGE_CAP)
        benchmark = st.selectbox(
            "Benchmark", BENCHMARK_CHOICES, index=BENCHMARK_CHOICES.index(LARGE_CAP), key="bench",
            bind=BIND, help="What IWM is measured against in ratios and excess returns.",
        )
        st.divider()
        st.badge(info.label, color=BADGE_COLORS.get(info.kind, "gray"))
        text, stale = _freshness(info, batch, last)
        st.caption(text)
        if stale:
            st.badge("stale", color="red", help="A refresh failed or the cache is old; numbers may lag.")
        if info.detail:
            st.caption(info.detail)
    context = PageContext(spec, info, as_of or last, benchmark or LARGE_CAP, first, last)
    st.session_state[_CONTEXT] = context
    return context


def page_context() -> PageContext:
    """The context the sidebar stored for this run (pages call this, never the sidebar)."""
    require_router(_CONTEXT)
    return st.session_state[_CONTEXT]


def as_of_timestamp(context: PageContext) -> pd.Timestamp:
    return pd.Timestamp(context.as_of)
