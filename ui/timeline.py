"""The scorecard's timeline on the page: cached per thesis and span, drawn under the card.

The timeline shares the pages' cached prices, member breadth and fund data (its macro facts
are the claims' subset of the Macro view, :func:`analytics.macro.view.policy_facts`, the
same functions on the same series), so a warm page run only draws it. Clicking a column
sets the as-of date as the sidebar's Replay buttons do (``st.session_state["as_of"]``, bound
to ``?as_of=``): the whole dashboard replays that date, the thesis staying in the URL.
"""
from __future__ import annotations

from datetime import date
from threading import Lock
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from analytics.scorecard.figures import timeline_figure
from analytics.scorecard.timeline import (
    RECENT_DAYS,
    Timeline,
    every_for,
    flips,
    journal_first,
    merged,
    recent_flips,
    thesis_timeline,
    timeline_dates,
    timeline_frame,
    timeline_records,
)
from analytics.theses.metrics import Loaders
from analytics.theses.model import Thesis
from ui.loaders import DATA_TTL_S
from ui.source import get_source
from ui.theses import load_thesis, page_loaders, plain
from ui.widgets import csv_download

#: Timelines kept: a few theses over a few as-of dates.
TIMELINES_KEPT = 32
#: The chart's key: its selection is read from ``st.session_state`` by the click callback.
TIMELINE_KEY = "scorecard_timeline"


@st.cache_resource(ttl=DATA_TTL_S, show_spinner=False, max_entries=TIMELINES_KEPT)
def _columns(spec: str, thesis_id: str, text: str, last_date: date) -> dict:
    """Every column computed so far for a thesis on a source's data (to ``last_date``), as
    ``{"timeline": Timeline | None, "lock": Lock}``, grown by each request: stepping or
    clicking back reuses the columns a later as-of date computed (columns are point in time)."""
    return {"timeline": None, "lock": Lock()}


@st.cache_resource(ttl=DATA_TTL_S, show_spinner=False, max_entries=TIMELINES_KEPT)
def load_timeline(spec: str, thesis_id: str, text: str, start: date, end: date, every: str,
                  last_date: date) -> Timeline:
    """The thesis' timeline, shared by every session (read only: a claim's model does not
    pickle, and a copy per rerun would cost more than drawing it)."""
    loaders = page_loaders(spec)
    # The claims' macro facts, not the page's whole view per date (a tenth of its cost).
    shared = Loaders(prices=loaders.prices, breadth=loaders.breadth, fund_data=loaders.fund_data)
    store = _columns(spec, thesis_id, text, last_date)
    with store["lock"]:
        known = store["timeline"]
    timeline = thesis_timeline(get_source(spec), load_thesis(thesis_id, text), timeline_dates(start, end, every),
                               shared, known)
    with store["lock"]:
        store["timeline"] = merged(store["timeline"], timeline)
    return timeline


def selected_day(points: list[dict]) -> date | None:
    """The date of the first clicked point (its ``x``, ``YYYY-MM-DD``), or ``None``."""
    for point in points or []:
        x = point.get("x") or (point.get("customdata") or [None])[0]
        if x:
            return pd.Timestamp(str(x)[:10]).date()
    return None


def _replay_clicked() -> None:
    # A callback, so the as-of is set before the sidebar's date input is drawn on the rerun.
    state = st.session_state.get(TIMELINE_KEY)
    day = selected_day(state.selection.points if state is not None else [])
    if day is not None:
        st.session_state["as_of"] = day


def replay_link(thesis: Thesis, day: pd.Timestamp) -> str:
    """The scorecard's address on ``day`` for ``thesis`` (what a person would type): the app's
    root, since the scorecard is its default page (``/scorecard`` is "page not found")."""
    return "/?" + urlencode({"as_of": f"{day:%Y-%m-%d}", "thesis": thesis.id})


def render_timeline(spec: str, thesis: Thesis, text: str, as_of: date, last_date: date,
                    source_label: str) -> list[dict]:
    """The heatmap, its download and its notes; its ``{date, claim, verdict}`` records (none
    before ``published``)."""
    st.subheader("Timeline: every claim since the thesis was argued")
    if as_of < thesis.published:
        st.info(f"No timeline yet: {as_of:%Y-%m-%d} is before the thesis was argued "
                f"({thesis.published:%Y-%m-%d}); step the date forward to see its verdicts week by week.")
        return []
    every = every_for(thesis.published, as_of)
    with st.spinner("Computing the scorecard on every week since the thesis was argued…"):
        timeline = load_timeline(spec, thesis.id, text, thesis.published, as_of, every, last_date)
    records = timeline_records(timeline)
    found = flips(records)
    st.plotly_chart(timeline_figure(timeline, found), key=TIMELINE_KEY, on_select=_replay_clicked,
                    selection_mode="points", config={"displayModeBar": False})
    st.caption(f"One column per {every} from {thesis.published:%Y-%m-%d} to {as_of:%Y-%m-%d}, each the "
               "scorecard of its date from the data known then (green supports, red against, grey no data; a "
               "ring marks a flip). Above: how many claims support the thesis, and the trade's relative "
               f"performance ({thesis.trade.long} over each leg, 1 on the first date). Click a column to replay "
               "the whole dashboard at that date.")
    csv_download(lambda: timeline_frame(timeline), "scorecard_timeline", as_of,
                 {"value": "the metric's unit", "verdict": "supports / against / no_data"}, source_label,
                 thesis=thesis.id, every=every)
    return records


def render_what_changed(box, thesis: Thesis, records: list[dict], as_of: date,
                        journal: list[dict] | None = None) -> None:
    """The flips of the last :data:`RECENT_DAYS` days in ``box`` (at the top of the page), each
    with its date and a link that replays it.

    ``journal``: the watch job's records (``{date, claim, verdict}``); on the dates they cover
    they replace the timeline's columns, so a flip the job recorded (and alerted on) is the one
    shown, and the timeline fills the dates the job did not run.
    """
    recent = recent_flips(flips(journal_first(records, journal or [])), as_of)
    texts = {c.id: c.text for c in thesis.claims}
    with box.container():
        if not recent:
            st.caption(f"What changed: no claim flipped in the {RECENT_DAYS // 7} weeks to {as_of:%Y-%m-%d}.")
            return
        lines = [f"- [{f.date:%Y-%m-%d}]({replay_link(thesis, f.date)}): {plain(texts.get(f.claim, f.claim))}: "
                 f"{f.before.replace('_', ' ')} → **{f.after.replace('_', ' ')}**" for f in recent]
        st.markdown(f"**What changed in the {RECENT_DAYS // 7} weeks to {as_of:%Y-%m-%d}**\n" + "\n".join(lines))

