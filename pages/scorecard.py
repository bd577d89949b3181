"""A thesis, claim by claim: each claim as a rule on live data, as of any date."""
from __future__ import annotations

import time

import streamlit as st

from analytics.scorecard.card import by_cost
from analytics.scorecard.table import rule_text, scorecard_frame, tally
from analytics.theses.model import describe
from ui.forward import render_what_happened_next
from ui.journal import journal_expander, journal_records
from ui.messages import source_banner
from ui.sidebar import page_context
from ui.tables import text_table
from ui.theses import link_target, load_claims, plain, replay_button, thesis_picker, thesis_trade, thesis_upload
from ui.timeline import render_timeline, render_what_changed
from ui.widgets import csv_download, view_link

#: A partial card is drawn when its claims took longer than this to load; cached ones do not
#: (the whole card then comes in one draw, after the first chart).
PARTIAL_CARD_AFTER_S = 0.25
METRIC_HEADER = "metric (what is measured)"
EVIDENCE_TEXT = "open the page ↗"

ctx = page_context()
st.title("The thesis, claim by claim")
source_banner(ctx.info)
picker, replay = st.columns([4, 1], vertical_alignment="bottom")
with picker:
    thesis, text = thesis_picker()
thesis_upload()
with replay:
    replay_button(thesis, ctx.as_of)

# A thesis file's words are anyone's (an upload): shown as written, never as markdown.
author = f" by {plain(thesis.source.author)}" if thesis.source and thesis.source.author else ""
link = f" ([source]({link_target(thesis.source.url)}))" if thesis.source and thesis.source.url else ""
st.caption(f"**{plain(thesis.title)}**: argued on {thesis.published:%Y-%m-%d}{author}{link}; the trade is "
           f"{thesis.trade.long} against {', '.join(thesis.trade.against)}. Each row turns one claim into a "
           f"rule on a measured value, as of **{ctx.as_of:%Y-%m-%d}**, the day it was argued and the latest "
           "data. Use the sidebar to step the date and watch the verdicts change.")
# Filled from the timeline, computed after the card (the card is not held up by it).
changed = st.empty()
with st.expander(f"The {len(thesis.claims)} claims in words"):
    st.markdown("\n".join(f"- **{plain(c.text)}**: {plain(describe(c))} (`{c.metric}`, rule `{rule_text(c)}`)"
                          for c in thesis.claims))

argued = thesis.published
dates = {f"as of {ctx.as_of:%Y-%m-%d}": ctx.as_of, f"argued {argued:%Y-%m-%d}": argued,
         f"latest {ctx.last_date:%Y-%m-%d}": ctx.last_date}
days = {label: f"{day:%Y-%m-%d}" for label, day in dates.items()}
verdict_label = next(iter(dates))
results: dict[str, dict] = {label: {} for label in dates}
groups = by_cost(thesis.claims)
summary, card, notes = st.empty(), st.empty(), st.container()
card.caption("Loading the scorecard…")


def draw(pending: tuple[str, ...]) -> None:
    frame = scorecard_frame(thesis, results, verdict_label, days, pending).rename(columns={"metric": METRIC_HEADER})
    with card:
        text_table(frame, links={"evidence": EVIDENCE_TEXT}, unbroken=("verdict", "rule"))
    if pending:
        summary.caption(f"Loading {len(pending)} more claim{'s' if len(pending) > 1 else ''}…")
    else:
        counts = tally(results[verdict_label])
        with summary.container():
            columns = st.columns(3)
            for column, (verdict, label) in zip(columns, (("supports", "claims supported"),
                                                          ("against", "against"), ("no_data", "without data"))):
                column.metric(label, f"{counts[verdict]} of {len(thesis.claims)}",
                              help=f"Verdicts as of {ctx.as_of:%Y-%m-%d}")


timeline_box = st.container()
next_box = st.container()
pending = [c.id for c in thesis.claims]
since_drawn = time.perf_counter()
first_group = next(iter(groups))
for name, claims in groups.items():
    ids = tuple(c.id for c in claims)
    by_day = {day: load_claims(ctx.spec, day, thesis.id, ids, text) for day in set(dates.values())}
    for label, day in dates.items():
        results[label].update(by_day[day])
    pending = [p for p in pending if p not in ids]
    # A partial card only when its claims were slow to come (computed, not cached): each
    # redraw is a table render in the browser, in the way of the first chart.
    slow = time.perf_counter() - since_drawn > PARTIAL_CARD_AFTER_S
    if not pending or (slow and name in (first_group, "macro", "breadth")):
        draw(tuple(pending))
        since_drawn = time.perf_counter()
    if name == first_group:
        # The first chart is not held up by the costly rows: it is drawn before they load.
        with next_box:
            render_what_happened_next(ctx, thesis_trade(thesis))

with notes:
    missing = {r.claim.text: r.reason for r in results[verdict_label].values() if r.verdict == "no_data"}
    if missing:
        with st.expander(f"Why {len(missing)} claim{'s have' if len(missing) > 1 else ' has'} no value on "
                         f"{ctx.as_of:%Y-%m-%d}"):
            st.markdown("\n".join(f"- {plain(claim_text)}: {plain(why)}" for claim_text, why in missing.items()))
    origin = f"the uploaded thesis file `{thesis.id}`" if text else f"the thesis file `theses/{thesis.id}.yaml`"
    st.caption(f"Each verdict applies the claim's rule to its value {verdict_label}. The claims, metrics and "
               f"rules are {origin}; a value is 'n/a' when the data does not reach its date, and fund ratios "
               "count only from the day they were fetched (no look-ahead).")
    csv_download(scorecard_frame(thesis, results, verdict_label, days).drop(columns="evidence"),
                 "scorecard", ctx.as_of, {label: "as shown" for label in dates}, ctx.info.label, thesis=thesis.id)
    journal_expander(thesis.id)

with timeline_box:
    records = render_timeline(ctx.spec, thesis, text, ctx.as_of, ctx.last_date, ctx.info.label)
if ctx.as_of >= thesis.published:
    render_what_changed(changed, thesis, records, ctx.as_of, journal_records(thesis.id))

view_link("scorecard")
