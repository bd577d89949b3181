"""Overview: has IWM kept up with SPY and QQQ? Rebased growth, returns, relative strength."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analytics.catalog import EQUAL_WEIGHT_SP500, LARGE_CAP, SMALL_CAP, THESIS_DATE, THESIS_SYMBOLS
from analytics.performance.figures import ratio_figure, rebased_figure
from analytics.performance.returns import (
    RANGE_PRESETS,
    outperformance,
    range_start,
    ratio_signal,
    ratio_window_start,
    rebase,
    rebase_date,
    relative_strength,
    returns_table,
)
from ui.choices import available, lacking_caption
from ui.loaders import load_prices
from ui.messages import show_price_problems, source_banner
from ui.sidebar import page_context
from ui.state import bound, valid_symbols
from ui.widgets import csv_download, date_picker, pct, pp, view_link

SUGGESTED = list(THESIS_SYMBOLS) + [EQUAL_WEIGHT_SP500, "DIA", "^RUT", "^GSPC", "^NDX"]

ctx = page_context()
st.title("Small caps vs large caps")
source_banner(ctx.info)
st.caption(f"The thesis (2023-11-28): after a mega-cap-led 2023, IWM should outperform SPY and QQQ. "
           f"Everything below is as of **{ctx.as_of:%Y-%m-%d}**.")

suggested, lacking = available(ctx.spec, SUGGESTED)
top, side = st.columns([3, 2])
with top:
    symbols = bound(
        st.multiselect, "symbols", "Symbols", suggested, default=[s for s in THESIS_SYMBOLS if s in suggested],
        accept_new_options=True, placeholder="Add any Yahoo ticker",
        help="Type a ticker and press Enter to add it (e.g. DIA, MDY, ^RUT).",
    )
    lacking_caption(lacking, "suggestions")
    preset = bound(
        st.segmented_control, "range", "Chart range", RANGE_PRESETS, default="YTD",
        help=f"Thesis: since the article ({THESIS_DATE}). Custom: from the date on the right.",
    ) or "YTD"
with side:
    low = min(ctx.first_date, ctx.as_of)
    since = date_picker("Returns since", "since", low, ctx.as_of, date.fromisoformat(THESIS_DATE))
    custom_start = date_picker("Custom chart start", "start", low, ctx.as_of,
                               date.fromisoformat(THESIS_DATE), disabled=preset != "Custom")

chosen = valid_symbols(symbols) or list(THESIS_SYMBOLS)
# The headline metrics always show the thesis trio, whichever symbols are charted.
benchmark = ctx.benchmark
wanted = tuple(dict.fromkeys(chosen + list(THESIS_SYMBOLS) + [benchmark, EQUAL_WEIGHT_SP500]))
batch = load_prices(ctx.spec, wanted)
show_price_problems(batch, chosen + [benchmark], as_of=ctx.as_of)
closes = batch.closes(list(wanted))
shown = [s for s in chosen if s in closes.columns and closes[s].loc[:str(ctx.as_of)].notna().any()]
if not shown:
    st.warning(f"None of the chosen symbols has a price on or before {ctx.as_of:%Y-%m-%d} in this source "
               f"(its prices run from {ctx.first_date:%Y-%m-%d} to {ctx.last_date:%Y-%m-%d}). "
               "Move the as-of date later.")
    view_link("overview")
    st.stop()

every = returns_table(closes, ctx.as_of, since=since)
table = every.loc[shown]
excess = outperformance(every, SMALL_CAP, benchmark)

metrics = st.columns(len(THESIS_SYMBOLS) + 1)
for column, symbol in zip(metrics, THESIS_SYMBOLS):
    column.metric(f"{symbol} YTD", pct(every.loc[symbol, "YTD"]) if symbol in every.index else "n/a")
metrics[-1].metric(f"IWM − {benchmark} YTD", pp(excess.get("YTD")),
                   help="Difference of the two year-to-date price returns, in percentage points.")

start = range_start(preset, ctx.as_of, custom=custom_start)
rebased = rebase(closes[shown], start, ctx.as_of)
if len(rebased) < 2:
    st.info(f"The {preset} range starts on {start:%Y-%m-%d}, on or after the as-of date, so there "
            "is no path to draw. Move the as-of date later or pick a longer range.")
else:
    base = rebase_date(rebased)
    st.plotly_chart(rebased_figure(rebased, base), key="rebased")
    if base > start + pd.Timedelta(days=7):
        late = ", ".join(s for s in shown if closes[s].first_valid_index() >= base)
        st.caption(f"Every line is rebased on {base:%Y-%m-%d}, the first day {late} has a price "
                   f"(the {preset} range would start on {start:%Y-%m-%d}).")
    csv_download(rebased, "rebased", ctx.as_of, f"index, 100 = close on {rebased.index[0]:%Y-%m-%d}",
                 ctx.info.label, range=preset)

st.subheader("Returns")
st.caption(f"Price returns (no dividends) to the last close on or before {ctx.as_of:%Y-%m-%d}. "
           "YTD starts at the previous year's last close."
           + (" The 'since' column is n/a: its date is the as-of date; pick an earlier one above."
              if since >= ctx.as_of else ""))
shown_table = table.rename(columns={"since": f"since {since:%Y-%m-%d}"})
# Shown as text so that a window with no data reads "n/a" (a number column shows "None");
# the CSV below keeps the numbers.
st.dataframe(shown_table.map(lambda value: pct(value, 2)), key="returns",
             column_config={c: st.column_config.TextColumn(alignment="right") for c in shown_table.columns})
csv_download(shown_table, "returns", ctx.as_of, "price return, fraction", ctx.info.label)

left, right = st.columns(2)
window = ratio_window_start(start, ctx.as_of)
for column, (num, den, why) in zip(
    (left, right),
    ((SMALL_CAP, benchmark, "small caps against the benchmark"),
     (EQUAL_WEIGHT_SP500, LARGE_CAP, "the average S&P 500 stock against the cap-weighted index")),
):
    with column:
        if num == den:
            st.info(f"{num}/{den} is the benchmark against itself; pick another benchmark.")
            continue
        missing = [s for s in (num, den) if s not in closes.columns]
        if missing:
            st.warning(f"{num}/{den} ({why}) can't be drawn: no data for "
                       + ", ".join(f"{s} ({batch.failed.get(s, 'no data')})" for s in missing) + ".")
            continue
        strength = relative_strength(closes, num, den, ctx.as_of)
        if len(strength) < 2:
            st.info(f"{num}/{den} ({why}): the two have no common prices on or before "
                    f"{ctx.as_of:%Y-%m-%d}, so there is no ratio to draw.")
            continue
        signal = ratio_signal(strength)
        st.plotly_chart(ratio_figure(strength.loc[window:], num, den), key=f"ratio_{num}_{den}")
        if signal["ratio"] is not None:
            st.markdown(
                f"{num}/{den} ({why}) is **{signal['ratio']:.4f}**, {abs(signal['gap']):.1%} "
                f"{'above' if signal['gap'] >= 0 else 'below'} its 50-day average"
                + (f", which is {signal['trend']}." if signal["trend"] else ".")
            )
        else:
            st.caption(f"{num}/{den} is {strength['ratio'].iloc[-1]:.4f}; its 50-day average is n/a: "
                       f"only {len(strength)} common trading days by {ctx.as_of:%Y-%m-%d}.")
        csv_download(strength.loc[window:], f"ratio_{num}_{den}", ctx.as_of, f"{num} close / {den} close",
                     ctx.info.label)

view_link("overview")
