"""The verdict journal under the scorecard: the watch job's last records and flips of a thesis.

The journal is written by ``python -m analytics watch`` (:mod:`analytics.scorecard.journal`);
the page only reads it, through the shared store, cached for a minute (the job runs daily).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.errors import DashboardError
from analytics.scorecard.journal import journal_flips, read_journal
from analytics.scorecard.table import VERDICT_TEXT
from ui.tables import text_table
from ui.theses import plain, thesis_store

#: Records shown in the expander (the latest dates first).
RECORDS_SHOWN = 30
#: Seconds a journal read is reused: the watch job writes once a day.
JOURNAL_TTL_S = 60


@st.cache_data(ttl=JOURNAL_TTL_S, show_spinner=False, max_entries=16)
def _journal(store_url: str, thesis_id: str) -> tuple[pd.DataFrame, list[tuple]]:
    # The store's address is part of the key: a test (or a reconfigured app) with another
    # store never reads this one's journal from the cache.
    store = thesis_store()
    flips = [(f.date, f.claim, f.old, f.new, f.value) for f in journal_flips(store, thesis_id)]
    return read_journal(store, thesis_id), flips


def journal_records(thesis_id: str) -> list[dict]:
    """The journal's ``{date, claim, verdict}`` records of a thesis (none without a store or a
    journal), for "What changed", which prefers them to the timeline's on the dates they cover."""
    try:
        journal, _ = _journal(thesis_store().url, thesis_id)
    except (DashboardError, OSError, ValueError):
        return []
    return [{"date": d, "claim": c, "verdict": v}
            for d, c, v in zip(journal["date"], journal["claim"], journal["verdict"], strict=True)]


def _value(value: float | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.4g}"


def journal_expander(thesis_id: str) -> None:
    """A small expander with the journal's latest records and its verdict changes; nothing
    when the thesis has no journal yet (or the store cannot be read)."""
    try:
        journal, flips = _journal(thesis_store().url, thesis_id)
    except (DashboardError, OSError, ValueError):  # no store, or an unreadable journal: the card stands
        return
    if journal.empty:
        return
    last = journal.iloc[::-1].head(RECORDS_SHOWN)
    with st.expander(f"Journal: {journal['date'].nunique()} dates recorded by the watch job, "
                     f"{len(flips)} verdict change{'s' * (len(flips) != 1)}"):
        if flips:
            st.markdown("\n".join(
                f"- {day:%Y-%m-%d} `{plain(claim)}`: {VERDICT_TEXT.get(old, old)} → {VERDICT_TEXT.get(new, new)} "
                f"(value {_value(value)})" for day, claim, old, new, value in reversed(flips[-RECORDS_SHOWN:])))
        frame = pd.DataFrame({
            "date": [f"{d:%Y-%m-%d}" for d in last["date"]],
            "claim": last["claim"].tolist(),
            "value": [_value(v) for v in last["value"]],
            "verdict": [VERDICT_TEXT.get(v, v) for v in last["verdict"]],
            "version": [h[:12] for h in last["content_hash"]],
        }).set_index("date")
        text_table(frame, unbroken=("verdict",))
