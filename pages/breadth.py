"""Breadth: how many members of an index are above their averages, at Russell 2000 scale."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.breadth.figures import advance_decline_figure, breadth_figure, concentration_figure
from analytics.breadth.measures import MAGNIFICENT_7, MCCLELLAN_SLOW, SMA_WINDOWS, equal_weight_basket
from analytics.breadth.universes import UNIVERSE_INDEX, parse_symbol_csv
from analytics.catalog import EQUAL_WEIGHT_SP500, LARGE_CAP
from analytics.errors import DashboardError
from analytics.performance.returns import rebase
from analytics.timeseries import lags_behind
from ui.loaders import load_prices
from ui.member_loaders import load_breadth, load_member_panel, load_members, load_universe
from ui.messages import source_banner
from ui.sidebar import page_context
from ui.state import bound
from ui.widgets import csv_download, view_link

UNIVERSES = {"S&P 500": "sp500", "Russell 2000": "russell2000", "Nasdaq-100": "nasdaq100",
             "Custom list": "custom"}
WINDOW_LABELS = [str(w) for w in SMA_WINDOWS]

ctx = page_context()
st.title("Breadth")
source_banner(ctx.info)
st.caption("The thesis leaned on breadth: the share of stocks above their 50-day average recovered "
           f"sharply in November 2023. Computed here from each member's prices, as of **{ctx.as_of:%Y-%m-%d}**.")

left, middle, right = st.columns([3, 2, 2])
with left:
    label = bound(st.segmented_control, "universe", "Universe", list(UNIVERSES), default="S&P 500") or "S&P 500"
with middle:
    shown_windows = bound(st.multiselect, "ma", "Averages", WINDOW_LABELS, default=["50"],
                          help="Which moving averages to draw (all three are in the table).")
with right:
    years = bound(st.slider, "years", "Chart years", 1, 10, 2)

name = UNIVERSES[label]
if name == "custom":
    upload = st.file_uploader("Your list: a CSV with a symbol (or ticker) column", type=["csv", "txt"])
    st.caption("An uploaded list stays in this browser session; it is not part of a shared link.")
    if upload is None:
        st.info("Upload a CSV to compute breadth for your own list.")
        st.stop()
    try:
        symbols, rejected = parse_symbol_csv(upload.getvalue().decode("utf-8", errors="replace"))
    except DashboardError as exc:
        st.error(f"That file can't be used: {exc}.")
        st.stop()
    if rejected:
        st.warning(f"Ignored {len(rejected)} cells that are not tickers: {', '.join(rejected[:10])}.")
    members_as_of, index_symbol = None, ctx.benchmark
else:
    try:
        universe = load_universe(ctx.spec, name)
    except DashboardError as exc:
        st.error(f"The {label} member list is not available from this source: {exc}.")
        st.stop()
    symbols, members_as_of, index_symbol = list(universe.symbols), universe.as_of, UNIVERSE_INDEX[name]
    if universe.note:
        st.info(universe.note)

members = load_members(ctx.spec, tuple(symbols), label)
if not members.loaded:
    st.error(f"None of the {len(symbols)} {label} members has prices from {ctx.info.label}. "
             "Refresh them with `python -m analytics refresh --universe " + name + "` on a connected machine.")
    st.stop()
if ctx.as_of < members.first:
    st.warning(f"{label} member prices here start on **{members.first:%Y-%m-%d}**, after the as-of date "
               f"{ctx.as_of:%Y-%m-%d}: there is no breadth to compute yet. Move the as-of date to "
               f"{members.first:%Y-%m-%d} or later (they run to {members.last:%Y-%m-%d}).")
    view_link("breadth")
    st.stop()
if members_as_of is None:
    st.warning("Survivorship bias: the member list has no date, so it may hold companies that joined "
               "after the as-of date and lack those that left.")
elif members_as_of > ctx.as_of:
    st.warning(f"Survivorship bias: members are those of {members_as_of:%Y-%m-%d}, after the as-of date. "
               "Companies that left the index since are missing, so breadth reads a little high.")
if members.failed:
    with st.expander(f"{len(members.failed)} of {len(symbols)} members have no prices here (left out)"):
        st.dataframe(pd.DataFrame({"symbol": list(members.failed), "reason": list(members.failed.values())}),
                     hide_index=True)

breadth = load_breadth(ctx.spec, members.loaded, ctx.as_of)
latest = breadth.latest()
# Charts end where the member prices end, so a late as-of date never leaves them blank.
end = pd.Timestamp(ctx.as_of)
if breadth.through is not None and lags_behind(breadth.through, ctx.as_of):
    end = breadth.through
    st.warning(f"{label} member prices here end on **{end:%Y-%m-%d}**, well before the as-of date "
               f"{ctx.as_of:%Y-%m-%d}: every breadth figure and chart below is as of {end:%Y-%m-%d}.")
cols = st.columns(len(SMA_WINDOWS) + 2)
for column, window in zip(cols, SMA_WINDOWS):
    value = latest[f"pct_above_{window}dma"]
    column.metric(f"Above {window}-day", f"{value:.1%}" if value is not None else "n/a",
                  help="Members with enough history for the average count in the denominator.")
    column.caption(f"of {latest[f'members_{window}dma']} members with {window} days of history"
                   if value is not None else f"n/a: no member has {window} days of prices by then")
cols[-2].metric("McClellan", f"{latest['mcclellan']:+.1f}" if latest["mcclellan"] is not None else "n/a",
                help="EMA19 minus EMA39 of daily advancers minus decliners.")
if latest["mcclellan"] is None:
    cols[-2].caption(f"n/a: its 39-day average needs {MCCLELLAN_SLOW} days of member prices")
highs_lows_known = latest["new_highs"] is not None
cols[-1].metric("New 52-week highs / lows",
                f"{latest['new_highs']} / {latest['new_lows']}" if highs_lows_known else "n/a")
cols[-1].caption(f"of {latest['members_52w']} members with 52 weeks of prices" if highs_lows_known
                 else "n/a: no member has 52 weeks of prices by then")
ad, hl = breadth.ad, breadth.highs_lows

start = end - pd.DateOffset(years=years)
if pd.Timestamp(members.first) > start:
    st.caption(f"{label} member prices start on {members.first:%Y-%m-%d}, so breadth lines begin there "
               f"(each average also needs its own number of days before its first reading).")
index_batch = load_prices(ctx.spec, (index_symbol,))
index_close = (index_batch.frames[index_symbol]["close"].loc[start:end]
               if index_symbol in index_batch.frames else None)
if index_close is None:
    st.warning(f"No prices for {index_symbol}, so the chart shows breadth alone.")
chosen = {int(w): breadth.above[int(w)].loc[start:] for w in shown_windows} or {50: breadth.above[50].loc[start:]}
st.plotly_chart(breadth_figure(index_close, index_symbol, chosen, label), key="breadth_chart")
table = pd.concat({f"pct_above_{w}dma": breadth.above[w]["pct"] for w in SMA_WINDOWS}
                  | {f"members_{w}dma": breadth.above[w]["members"] for w in SMA_WINDOWS}, axis=1)
csv_download(table.loc[start:], f"breadth_{name}", ctx.as_of,
             {c: "fraction" if c.startswith("pct") else "members counted" for c in table.columns},
             ctx.info.label, universe=label)

st.plotly_chart(advance_decline_figure(ad.loc[start:], hl.loc[start:]), key="ad_chart")

if name == "sp500":
    st.subheader("Concentration")
    panel = load_member_panel(ctx.spec, members.loaded, ctx.as_of)
    # Every line is rebased on one day: the window's start, or the first day with member prices.
    base = max(start, panel.index[0])
    mag7 = [s for s in MAGNIFICENT_7 if s in panel.columns]
    lines = {}
    if mag7:
        lines["Magnificent 7, equal-weighted"] = equal_weight_basket(panel, mag7, base)
        rest = [s for s in panel.columns if s not in MAGNIFICENT_7]
        lines["Rest of the S&P 500, equal-weighted"] = equal_weight_basket(panel, rest, base)
    pair = load_prices(ctx.spec, (EQUAL_WEIGHT_SP500, LARGE_CAP))
    if EQUAL_WEIGHT_SP500 in pair.frames and LARGE_CAP in pair.frames:
        closes = pair.closes()
        ratio = (closes[EQUAL_WEIGHT_SP500] / closes[LARGE_CAP]).dropna().loc[:end]
        if len(ratio.loc[:base]):
            lines["RSP/SPY ratio"] = rebase(ratio.to_frame("r"), base, end)["r"]
        else:
            st.caption(f"RSP/SPY has no price on or before {base:%Y-%m-%d}, so it is left out.")
    else:
        st.caption("RSP/SPY is missing from this source.")
    if lines:
        st.plotly_chart(concentration_figure(lines), key="concentration_chart")
        st.caption(f"Every line is rebased to 100 on {base:%Y-%m-%d}. Baskets rebalance daily to equal "
                   "weights; they show how much of the index's gain came from seven stocks, not what an "
                   "investor could have held without costs.")

view_link("breadth")
