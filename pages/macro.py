"""Macro: the Fed, global rate cuts, inflation, recession risk, and what Fed cycles did to small caps."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.macro import tables
from analytics.macro.event_study import HIGHLIGHT_YEAR, LARGE_INDEX, SMALL_INDEX
from analytics.macro.fed import EVENT_KINDS, EVENT_LABELS
from analytics.macro.figures import (
    cuts_bar_figure,
    cuts_priced_figure,
    fed_funds_figure,
    global_rates_figure,
    inflation_figure,
    sp500_figure,
)
from analytics.macro.global_rates import CUT_WINDOWS_MONTHS, MIN_CUT_PP
from analytics.macro.risk_figures import event_paths_figure, recession_figure
from analytics.macro.series import CATALOGUE, FED_FUNDS_FUTURE, INFLATION_TARGET, TARGET_RANGE_START
from analytics.macro.view import INFLATION_SERIES
from ui.loaders import memo_figure
from ui.macro_loaders import load_macro_view
from ui.messages import source_banner
from ui.sidebar import page_context
from ui.state import bound
from ui.widgets import csv_download, pct, view_link

LIGHT_BADGES = {"green": "green", "amber": "orange", "red": "red", "n/a": "gray"}


def gaps(series_ids, chart: str) -> None:
    """Say which inputs of ``chart`` are missing, not started or ended."""
    for text in view.inputs.gaps(series_ids):
        st.caption(f":material/info: {chart}: {text}")


def chart(key: str, build) -> None:
    """Draw a figure, built once per date and chart-years setting (see ``memo_figure``)."""
    st.plotly_chart(memo_figure(key, ctx.spec, ctx.as_of, (years,), build), key=key)


def table(key: str, build) -> pd.DataFrame:
    """A table, built once per date and chart-years setting (see ``memo_figure``)."""
    return memo_figure(f"table_{key}", ctx.spec, ctx.as_of, (years,), build)


def download(name: str, build) -> None:
    """The CSV of the chart above (units in the headers), its frame built on the click."""
    csv_download(lambda: table(name, build), name, ctx.as_of)


def figure_metric(column, label: str, key: str, fmt: str, help_text: str = "") -> None:
    figure = view.figures.get(key)
    if figure is None:
        column.metric(label, "n/a", help=f"No {label.lower()} published by {ctx.as_of:%Y-%m-%d} in this source.")
        return
    column.metric(f"{label}, {figure.period_label}", fmt.format(figure.value), help=help_text or None)


ctx = page_context()
st.title("Macro")
source_banner(ctx.info)
st.caption("The thesis' macro case: the Fed has stopped hiking, markets price cuts, other central banks "
           "are already cutting, inflation is coming down, and past pauses were good for stocks; the risk is "
           "a recession, which hits small caps hardest. Each claim below is a live chart, as of "
           f"**{ctx.as_of:%Y-%m-%d}**, using only figures published by then.")

view = load_macro_view(ctx.spec, ctx.as_of)
as_of = pd.Timestamp(ctx.as_of)
years = bound(st.slider, "mac_years", "Chart years", 1, 40, 10,
              help="How far back the rate, inflation and recession charts go (the S&P 500 chart shows all).")
start = as_of - pd.DateOffset(years=years)
methods = set(view.inputs.methods.values())
st.caption("Monthly figures count from their publication: "
           + ("ALFRED vintages (as FRED published them that day)." if "vintage" in methods else
              "the catalogue's release lag (e.g. CPI for a month from the 15th of the next), today's revised values."))

top, bottom = st.columns(3), st.columns(3)
figure_metric(top[0], "Fed funds", "DFF", "{:.2f}%", "Effective federal funds rate (DFF).")
upper_key = "DFEDTARU" if view.figures.get("DFEDTARU") else "DFEDTAR"
figure_metric(top[1], "Target (upper)" if upper_key == "DFEDTARU" else "Target", upper_key, "{:.2f}%",
              "The top of the FOMC's range (DFEDTARU) since 2008-12-16, its single target (DFEDTAR) before.")
figure_metric(top[2], "10y − 2y", "T10Y2Y", "{:+.2f} pt")
figure_metric(bottom[0], "CPI", "CPIAUCSL_YOY", "{:+.1%} y/y")
figure_metric(bottom[1], "Core PCE", "PCEPILFE_YOY", "{:+.1%} y/y")
figure_metric(bottom[2], "Unemployment", "UNRATE", "{:.1f}%")
if view.hike is not None:
    st.markdown(f"**Fed cycle:** {view.hike.describe()}.")
else:
    st.caption("No hike in the target series by this date (the target series is missing or starts later).")

st.header("The Fed and the market")
gspc = view.closes[LARGE_INDEX].dropna() if LARGE_INDEX in view.closes else pd.Series(dtype="float64")
if len(gspc):
    chart("mac_sp500", lambda: sp500_figure(gspc, view.recessions))
    st.caption(f"^GSPC from {gspc.index[0]:%Y-%m-%d} to {gspc.index[-1]:%Y-%m-%d} in this source.")
    download("macro_sp500", lambda: tables.sp500_table(view))
else:
    st.warning(f"S&P 500 chart: no ^GSPC prices by {ctx.as_of:%Y-%m-%d} in this source"
               f" ({view.price_failed.get(LARGE_INDEX, 'its history starts later')}).")
if LARGE_INDEX in view.price_ended:
    st.caption(f":material/info: ^GSPC ends on {view.price_ended[LARGE_INDEX]:%Y-%m-%d} in this source.")
gaps(["USREC"], "Recession shading")
if len(gspc) and "USREC" in view.inputs.spans and view.inputs.spans["USREC"][0] > gspc.index[0]:
    st.caption(f"NBER recessions are shaded from {view.inputs.spans['USREC'][0]:%Y-%m}, where this source's "
               "USREC starts; NBER dates recessions months after the fact, so the shading is hindsight.")

if view.inputs.get("DFF") is None and view.target.spliced.empty:
    st.warning("IWM vs fed funds chart: no fed funds or target series for this date.")
else:
    chart("mac_fed", lambda: fed_funds_figure(view.closes.get("IWM"), view.inputs.get("DFF"), view.target.single,
                                     view.target.upper, view.target.lower, view.recessions, start, as_of))
    download("macro_fed_funds", lambda: tables.fed_table(view, start))
if "IWM" not in view.closes or view.closes["IWM"].dropna().empty:
    st.caption(f":material/info: IWM vs fed funds: no IWM prices by {ctx.as_of:%Y-%m-%d} "
               f"({view.price_failed.get('IWM', 'IWM lists on 2000-05-26')}).")
gaps(["DFF", "DFEDTAR"] if as_of < pd.Timestamp(TARGET_RANGE_START) else ["DFF", "DFEDTARU", "DFEDTARL"],
     "IWM vs fed funds")

st.header("Global rate cuts")
counts = view.counts
left, right = st.columns([2, 1])
rates = {b.bank.name: b.rate for b in view.banks if b.status in ("current", "ended") and b.rate is not None}
with left:
    if rates or view.inputs.get("DFF") is not None:
        chart("mac_global", lambda: global_rates_figure(rates, view.inputs.get("DFF"), start, as_of))
        download("macro_policy_rates", lambda: tables.rates_table(view, start))
    else:
        st.warning("Policy-rate chart: no central-bank rate in this source for this date.")
with right:
    chart("mac_cuts_bar", lambda: cuts_bar_figure(counts.tracked, counts.cut, counts.cutters))
    st.caption(f"Of the **{counts.tracked}** tracked banks with a current rate: "
               + "; ".join(f"{counts.cut[m]} cut in the last {m} months ({', '.join(counts.cutters[m]) or 'none'})"
                           for m in CUT_WINDOWS_MONTHS)
               + f". A cut is a fall of {MIN_CUT_PP:.2f} pt or more between two observations.")
if counts.left_out:
    st.warning(f"No current rate for {len(counts.left_out)} of the {len(view.banks)} tracked banks on this date, "
               "so they are left out of the chart's counts. "
               + " ".join(f"{reason.capitalize()}: {', '.join(names)}." for reason, names in
                          counts.left_out_by_reason.items()))

st.header("Inflation")
labels = {sid: CATALOGUE[sid].title for sid in INFLATION_SERIES}
if view.inflation:
    chart("mac_inflation", lambda: inflation_figure(view.inflation, labels, INFLATION_TARGET, view.recessions,
                                                    start, as_of))
    latest = [f"{labels[sid]}, {f.period_label}: {pct(f.value)} y/y" for sid in INFLATION_SERIES
              if (f := view.figures.get(f"{sid}_YOY")) is not None]
    st.caption(" · ".join(latest) + f". Target {INFLATION_TARGET:g}% (the Fed's goal is for PCE inflation).")
    download("macro_inflation", lambda: tables.inflation_table(view, start))
else:
    st.warning(f"Inflation chart: no price index with twelve months of history published by {ctx.as_of:%Y-%m-%d}.")
gaps(INFLATION_SERIES, "Inflation")

st.header("Cuts priced in")
st.caption("The 2-year Treasury yield is roughly the average fed funds rate the market expects over two years: "
           "below today's fed funds (negative here), it is pricing cuts.")
if view.cuts_priced is not None:
    dff_now = view.figures["DFF"].value if view.figures.get("DFF") else None
    future = view.futures_implied
    marker = (future[0], future[1] - dff_now) if future is not None and dff_now is not None else None
    chart("mac_priced", lambda: cuts_priced_figure(view.cuts_priced, marker, start, as_of))
    download("macro_cuts_priced", lambda: tables.cuts_priced_table(view, start))
else:
    st.warning("Cuts-priced-in chart: needs both DGS2 and DFF for this date.")
gaps(["DGS2", "DFF"], "Cuts priced in")
if view.futures_implied is not None:
    day, implied = view.futures_implied
    st.markdown(f"Fed funds futures front month ({FED_FUNDS_FUTURE}) on {day:%Y-%m-%d}: implied rate "
                f"**{implied:.2f}%** (100 − price).")
else:
    st.caption(f"Fed funds futures ({FED_FUNDS_FUTURE}, implied rate = 100 − price): not available from this "
               f"source ({view.price_failed.get(FED_FUNDS_FUTURE, 'no price by this date')}).")

st.header("Recession risk")
signals = view.recession.signals
light_cols = st.columns(len(signals))
for column, signal in zip(light_cols, signals):
    with column:
        st.badge(signal.light.upper(), color=LIGHT_BADGES[signal.light])
        st.metric(signal.short, signal.display, help=f"{signal.name}. Threshold {signal.threshold}. "
                                                     f"Rule: {signal.rule}.")
        st.caption(f"{signal.period or 'no data'} · threshold {signal.threshold}"
                   + (f" · {signal.note}" if signal.note else ""))
st.dataframe(table("signals", lambda: tables.signals_table(view)), hide_index=True, key="mac_signals")
if view.recession.frames:
    chart("mac_recession", lambda: recession_figure(view.recession.frames, view.recessions, start, as_of,
                                     view.recession.frames.get("ICSA_ALARM")))
    download("macro_recession", lambda: tables.recession_table(view, start))
for series_id, spells in view.recession.spells.items():
    if spells:
        st.caption(f"{series_id} inversions: " + "; ".join(
            f"{s.start:%Y-%m-%d} to {s.end:%Y-%m-%d}" if s.end is not None else f"{s.start:%Y-%m-%d} to now"
            for s in spells[-4:]))
gaps(["SAHMREALTIME", "UNRATE", "ICSA", "T10Y2Y", "T10Y3M", "BAMLH0A0HYM2"], "Recession panel")

st.header("Fed cycles and small caps")
st.caption(f"Every last hike (known only once a cut confirms it) and first cut since 1990, and what {SMALL_INDEX} "
           f"(Russell 2000) and {LARGE_INDEX} (S&P 500) did over the next 1, 3, 6 and 12 months, from the last "
           "close on or before the event. Horizons that end after the as-of date are shown as incomplete and left "
           "out of the statistics.")
if view.paths:
    chart("mac_paths", lambda: event_paths_figure(view.paths, HIGHLIGHT_YEAR, EVENT_KINDS, EVENT_LABELS))
    cycle = ", ".join(e.label.lower() for e in view.paths if e.known_from.year == HIGHLIGHT_YEAR)
    st.caption(f"Red: the {HIGHLIGHT_YEAR} cycle ({cycle or 'not in this source'}). Above 100, small caps beat "
               "large caps after the event. Dotted: under 12 months old on the as-of date. Hover a line for its date.")
elif view.events:
    st.warning(f"Event paths: no {SMALL_INDEX}/{LARGE_INDEX} prices around any of the {len(view.events)} events.")
else:
    st.warning("Event study: no last hike or first cut known by this date in this source.")
if view.events:
    stats = table("stats", lambda: tables.stats_table(view))
    st.dataframe(stats, hide_index=True, key="mac_stats",
                 column_config={c: st.column_config.NumberColumn(format="%+.1f") for c in stats.columns
                                if "%" in c or "(pt)" in c})
    csv_download(stats, "macro_event_stats", ctx.as_of)
    with st.expander(f"Every event and horizon ({len(view.events)} events)"):
        events = table("events", lambda: tables.events_table(view))
        st.dataframe(events, hide_index=True, key="mac_events",
                     column_config={c: st.column_config.NumberColumn(format="%+.1f")
                                    for c in events.columns if "%" in c or "(pt)" in c})
        csv_download(events, "macro_events", ctx.as_of)
    no_prices = tables.events_without_prices(view)
    if no_prices:
        st.caption(f":material/info: No {SMALL_INDEX}/{LARGE_INDEX} prices for the events of {', '.join(no_prices)} "
                   "in this source: left out.")
gaps(["DFEDTAR"] if as_of < pd.Timestamp(TARGET_RANGE_START) else ["DFEDTAR", "DFEDTARU"], "Event study")

view_link("macro")
