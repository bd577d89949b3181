"""Overview: has IWM kept up with SPY and QQQ? Rebased growth, returns, relative strength."""
from __future__ import annotations

from datetime import date

import streamlit as st

from analytics.catalog import EQUAL_WEIGHT_SP500, LARGE_CAP, SMALL_CAP, THESIS_DATE, THESIS_SYMBOLS
from analytics.figures.overview import ratio_figure, rebased_figure
from analytics.performance import (
    RANGE_PRESETS,
    outperformance,
    ratio_signal,
    ratio_window_start,
    range_start,
    rebase,
    relative_strength,
    returns_table,
)
from ui.loaders import load_prices
from ui.messages import show_price_problems, source_banner
from ui.sidebar import page_context
from ui.state import BIND, check_choice_param, check_date_param, valid_symbols
from ui.widgets import csv_download, pct

SUGGESTED = list(THESIS_SYMBOLS) + [EQUAL_WEIGHT_SP500, "DIA", "^RUT", "^GSPC", "^NDX"]

ctx = page_context()
st.title("Small caps vs large caps")
source_banner(ctx.info)
st.caption(f"The thesis (2023-11-28): after a mega-cap-led 2023, IWM should outperform SPY and QQQ. "
           f"Everything below is as of **{ctx.as_of:%Y-%m-%d}**.")

top, side = st.columns([3, 2])
with top:
    symbols = st.multiselect(
        "Symbols", SUGGESTED, default=list(THESIS_SYMBOLS), key="symbols", bind=BIND,
        accept_new_options=True, placeholder="Add any Yahoo ticker",
        help="Type a ticker and press Enter to add it (e.g. DIA, MDY, ^RUT).",
    )
    check_choice_param("range", "chart range", RANGE_PRESETS, "YTD")
    preset = st.segmented_control(
        "Chart range", RANGE_PRESETS, default="YTD", key="range", bind=BIND,
        help=f"Thesis: since the article ({THESIS_DATE}). Custom: from the date on the right.",
    ) or "YTD"
with side:
    check_date_param("since", "'since' date", ctx.first_date, ctx.as_of, THESIS_DATE)
    since = st.date_input("Returns since", value=min(date.fromisoformat(THESIS_DATE), ctx.as_of),
                          min_value=ctx.first_date, max_value=ctx.as_of, key="since", bind=BIND)
    check_date_param("start", "custom start", ctx.first_date, ctx.as_of, THESIS_DATE)
    custom_start = st.date_input("Custom chart start", value=date.fromisoformat(THESIS_DATE),
                                 min_value=ctx.first_date, max_value=ctx.as_of, key="start",
                                 bind=BIND, disabled=preset != "Custom")

chosen = valid_symbols(symbols) or list(THESIS_SYMBOLS)
# The headline metrics always show the thesis trio, whichever symbols are charted.
wanted = tuple(dict.fromkeys(chosen + list(THESIS_SYMBOLS) + [ctx.benchmark, EQUAL_WEIGHT_SP500]))
batch = load_prices(ctx.spec, wanted)
show_price_problems(batch, chosen + [ctx.benchmark], as_of=ctx.as_of)
closes = batch.closes(list(wanted))
shown = [s for s in chosen if s in closes.columns]
if not shown:
    st.error("None of the chosen symbols has data from this source.")
    st.stop()

every = returns_table(closes, ctx.as_of, since=since)
table = every.loc[shown]
excess = outperformance(every, SMALL_CAP, ctx.benchmark)

metrics = st.columns(len(THESIS_SYMBOLS) + 1)
for column, symbol in zip(metrics, THESIS_SYMBOLS):
    column.metric(f"{symbol} YTD", pct(every.loc[symbol, "YTD"]) if symbol in every.index else "n/a")
metrics[-1].metric(f"IWM − {ctx.benchmark} YTD", pct(excess.get("YTD")),
                   help="Difference of the two year-to-date price returns, in percentage points.")

start = range_start(preset, ctx.as_of, custom=custom_start)
rebased = rebase(closes[shown], start, ctx.as_of)
if len(rebased) < 2:
    st.info(f"The {preset} range starts on {start:%Y-%m-%d}, on or after the as-of date, so there "
            "is no path to draw. Move the as-of date later or pick a longer range.")
else:
    st.plotly_chart(rebased_figure(rebased, rebased.index[0]), key="rebased")
    csv_download(rebased, "rebased", ctx.as_of)

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
csv_download(shown_table, "returns", ctx.as_of)

left, right = st.columns(2)
window = ratio_window_start(start, ctx.as_of)
for column, (num, den, why) in zip(
    (left, right),
    ((SMALL_CAP, ctx.benchmark, "small caps against the benchmark"),
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
        signal = ratio_signal(strength)
        st.plotly_chart(ratio_figure(strength.loc[window:], num, den), key=f"ratio_{num}_{den}")
        if signal["ratio"] is not None:
            st.markdown(
                f"{num}/{den} ({why}) is **{signal['ratio']:.4f}**, {abs(signal['gap']):.1%} "
                f"{'above' if signal['gap'] >= 0 else 'below'} its 50-day average"
                + (f", which is {signal['trend']}." if signal["trend"] else ".")
            )
        csv_download(strength.loc[window:], f"ratio_{num}_{den}", ctx.as_of)
