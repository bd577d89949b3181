"""The thesis, claim by claim: each claim of the article as a rule on live data, as of any date."""
from __future__ import annotations

import time
from datetime import date

import streamlit as st

from analytics.catalog import THESIS_DATE
from analytics.scorecard.gather import SECTION_ORDER
from analytics.scorecard.rules import CLAIMS
from analytics.scorecard.table import scorecard_frame, tally
from ui.forward import render_what_happened_next
from ui.messages import source_banner
from ui.scorecard import load_section
from ui.sidebar import page_context
from ui.tables import text_table
from ui.widgets import csv_download, view_link

#: Sections drawn before anything else: cheap to compute, so the card is never empty long.
FIRST_SECTIONS = ("performance", "technicals")
SLOW_SECTIONS = ("valuation", "macro", "breadth")
#: A partial card is drawn when its sections took longer than this to load; cached ones do not
#: (the whole card then comes in one draw, after the first chart).
PARTIAL_CARD_AFTER_S = 0.25
METRIC_HEADER = "metric (what is measured)"
EVIDENCE_TEXT = "open the page ↗"

ctx = page_context()
st.title("The thesis, claim by claim")
source_banner(ctx.info)
st.caption("On 2023-11-28 the article argued that small caps (IWM) would beat the S&P 500 (SPY) and the "
           "Nasdaq-100 (QQQ). Each row turns one of its claims into a rule on a measured value, as of "
           f"**{ctx.as_of:%Y-%m-%d}**, the article's date and the latest data. Use the sidebar to replay "
           "the article's date or step the date and watch the verdicts change.")

article = date.fromisoformat(THESIS_DATE)
dates = {f"as of {ctx.as_of:%Y-%m-%d}": ctx.as_of, f"article {article:%Y-%m-%d}": article,
         f"latest {ctx.last_date:%Y-%m-%d}": ctx.last_date}
verdict_label = next(iter(dates))
inputs = {label: {"as_of": f"{day:%Y-%m-%d}"} for label, day in dates.items()}
reasons: dict[str, str] = {}
summary, card, notes = st.empty(), st.empty(), st.container()
card.caption("Loading the scorecard…")


def draw(pending: tuple[str, ...]) -> None:
    frame = scorecard_frame(inputs, verdict_label, pending).rename(columns={"metric": METRIC_HEADER})
    with card:
        text_table(frame, links={"evidence": EVIDENCE_TEXT}, unbroken=("verdict", "rule"))
    if pending:
        summary.caption(f"Loading {', '.join(pending)}…")
    else:
        counts = tally(inputs[verdict_label])
        with summary.container():
            columns = st.columns(3)
            for column, (verdict, label) in zip(columns, (("supports", "claims supported"),
                                                          ("against", "against"), ("no_data", "without data"))):
                column.metric(label, f"{counts[verdict]} of {len(CLAIMS)}",
                              help=f"Verdicts as of {ctx.as_of:%Y-%m-%d}")


next_box = st.container()
pending = list(SECTION_ORDER)
since_drawn = time.perf_counter()
for name in SECTION_ORDER:
    for label, day in dates.items():
        inputs[label][name], why = load_section(ctx.spec, day, name)
        if why and label == verdict_label:
            reasons[name] = why
    pending.remove(name)
    # A partial card only when its sections were slow to come (computed, not cached): each
    # redraw is a table render in the browser, in the way of the first chart.
    slow = time.perf_counter() - since_drawn > PARTIAL_CARD_AFTER_S
    if not pending or (slow and (name == FIRST_SECTIONS[-1] or name in SLOW_SECTIONS)):
        draw(tuple(pending))
        since_drawn = time.perf_counter()
    if name == FIRST_SECTIONS[-1]:
        # The first chart is not held up by the costly rows: it is drawn before they load.
        with next_box:
            render_what_happened_next(ctx)

with notes:
    if reasons:
        with st.expander(f"Why {len(reasons)} input{'s are' if len(reasons) > 1 else ' is'} missing on "
                         f"{ctx.as_of:%Y-%m-%d}"):
            for why in reasons.values():
                st.markdown(f"- {why}")
    st.caption(f"Each verdict applies the claim's rule to its value {verdict_label}. "
               "Rules and thresholds live in one module (`analytics/scorecard/rules.py`); a value is "
               "'n/a' when the data does not reach its date, and fund ratios count only from the day "
               "they were fetched (no look-ahead).")
    csv_download(scorecard_frame(inputs, verdict_label).drop(columns="evidence"), "scorecard", ctx.as_of,
                 {label: "as shown" for label in dates}, ctx.info.label)

view_link("scorecard")
