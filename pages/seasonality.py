"""Seasonality & crypto: monthly returns by year, the Santa-rally window, altcoins against IWM."""
from __future__ import annotations

import streamlit as st

from analytics.catalog import CRYPTO_SYMBOLS, INDEX_SYMBOLS, LARGE_CAP, SMALL_CAP, THESIS_SYMBOLS
from analytics.seasonality import crypto, windows
from analytics.seasonality.crypto_figures import lead_lag_figure, rebased_figure, rolling_corr_figure
from analytics.seasonality.figures import monthly_heatmap, santa_bars
from ui.choices import available, lacking_caption
from ui.loaders import load_prices
from ui.messages import show_price_problems, source_banner
from ui.ranged import Span, ranged
from ui.seasonality_loaders import (
    CRYPTO_LOAD,
    load_crypto_view,
    load_monthly_returns,
    load_santa_table,
    no_window_sentence,
    santa_years,
)
from ui.sidebar import page_context
from ui.state import bound, valid_symbols
from ui.widgets import csv_download, pct, view_link

QUICK_SYMBOLS = list(THESIS_SYMBOLS) + list(INDEX_SYMBOLS) + list(CRYPTO_SYMBOLS)
SANTA_SYMBOLS = (SMALL_CAP, LARGE_CAP)

ctx = page_context()
st.title("Seasonality & crypto")
source_banner(ctx.info)
st.caption("Two supporting arguments of the thesis: the year-end \"Santa rally\" and altcoins gaining on "
           f"Bitcoin as a sign of risk appetite. As of **{ctx.as_of:%Y-%m-%d}**: only data dated on or "
           "before it is used.")


def _clear_other() -> None:
    st.session_state["sea_other"] = ""


# --- Santa rally -------------------------------------------------------------------------------
st.subheader("Santa rally: the last 5 trading days of December and the first 2 of January")
santa_batch = load_prices(ctx.spec, SANTA_SYMBOLS)
show_price_problems(santa_batch, SANTA_SYMBOLS, as_of=ctx.as_of)
table = load_santa_table(ctx.spec, SANTA_SYMBOLS, ctx.as_of)
years, default_from = santa_years(table)
first_year = ranged(st.slider, "sea_from", "Count windows from December of", years, default_from,
                    empty=no_window_sentence(santa_batch.frames, ctx.as_of), say=st.info,
                    help="Each window is labelled by its December: the 2023 window runs from late "
                         "December 2023 into early January 2024. The default is the first year both "
                         "IWM and SPY have.")
last_year = years.high
stats = [windows.stats_in(table, s, first_year, last_year) for s in SANTA_SYMBOLS]
beat = windows.beat_rate_in(table, SMALL_CAP, LARGE_CAP, first_year, last_year)
metric_cols = st.columns(len(stats) + 1)
for column, stat in zip(metric_cols, stats):
    with column:
        st.metric(f"{stat.symbol} Santa hit rate", "n/a" if stat.hit_rate is None else f"{stat.hit_rate:.0%}",
                  help="Share of completed windows with a positive return.")
        st.caption(f"{stat.years} windows, {stat.first_year}–{stat.last_year}; mean {pct(stat.mean, 2)}, "
                   f"median {pct(stat.median, 2)}." if stat.years else stat.reason + ".")
with metric_cols[-1]:
    st.metric("IWM beat SPY", "n/a" if beat.share is None else f"{beat.share:.0%}",
              help="Share of the same December years in which IWM's window return exceeded SPY's.")
    st.caption(f"{beat.beats} of {beat.years} windows." if beat.years else "No window both have.")
if not table.empty:
    frame = windows.stats_frame(stats)
    shown = frame.copy()
    for column in ("hit_rate", "median", "mean", "mean_ci90_low", "mean_ci90_high"):
        shown[column] = shown[column] * 100
    st.dataframe(shown, key="santa_stats", column_config={
        "hit_rate": st.column_config.NumberColumn("hit rate", format="%.0f%%"),
        "median": st.column_config.NumberColumn("median", format="%+.2f%%"),
        "mean": st.column_config.NumberColumn("mean", format="%+.2f%%"),
        "mean_ci90_low": st.column_config.NumberColumn("mean, 90% interval low", format="%+.2f%%"),
        "mean_ci90_high": st.column_config.NumberColumn("mean, 90% interval high", format="%+.2f%%"),
        "first_year": st.column_config.NumberColumn("from", format="%d"),
        "last_year": st.column_config.NumberColumn("to", format="%d"),
    })
    st.caption(f"Return from the close before the window to the close of its last day, each symbol on its own "
               f"trading days; each window counted by its December. The 90% interval of the mean is a "
               f"percentile bootstrap ({windows.BOOTSTRAP_RESAMPLES:,} resamples, seed "
               f"{windows.BOOTSTRAP_SEED}). A window not complete by the as-of date is left out.")
    csv_download(frame, "santa_stats", ctx.as_of, windows.STATS_UNITS, ctx.info.label,
                 from_year=first_year, to_year=last_year, window="last 5 December + first 2 January trading days")
    santa_closes = santa_batch.closes(list(SANTA_SYMBOLS))
    latest = windows.santa_windows(santa_closes[SMALL_CAP], ctx.as_of).tail(1) \
        if SMALL_CAP in santa_closes.columns else None
    if latest is not None and len(latest):
        row = latest.iloc[0]
        st.caption(f"Latest window counted: **{latest.index[0]}**, from the close of {row.base_date:%Y-%m-%d} to "
                   f"{row.end:%Y-%m-%d} (IWM {pct(row['return'], 2)}); it is not the month after any date, "
                   "only these seven trading days.")
    span = table.loc[first_year:last_year]
    st.plotly_chart(santa_bars(span, SANTA_SYMBOLS), key="santa_chart")
    csv_download(span, "santa_windows", ctx.as_of, {c: "fraction" for c in span.columns}, ctx.info.label,
                 year="December year of the window")

# --- Monthly returns heatmap -------------------------------------------------------------------
st.subheader("Monthly returns by year")
quick_symbols, lacking = available(ctx.spec, QUICK_SYMBOLS)
pick, other = st.columns([4, 2])
with pick:
    quick = ranged(st.pills, "sea_sym", "Symbol", Span.among(quick_symbols), SMALL_CAP, on_change=_clear_other,
                   empty="This source has none of the quick picks: type a ticker.")
    lacking_caption(lacking, "quick picks")
with other:
    typed = bound(st.text_input, "sea_other", "Other ticker", placeholder="e.g. MDY")
symbol = ((valid_symbols([typed]) if typed.strip() else []) or [quick or SMALL_CAP])[0]
batch = load_prices(ctx.spec, (symbol,))
# IWM and SPY were already named above, if they start late or stop early.
show_price_problems(batch, [] if symbol in SANTA_SYMBOLS else [symbol], as_of=ctx.as_of)
if symbol in batch.frames:
    monthly = load_monthly_returns(ctx.spec, symbol, ctx.as_of)
    if monthly.empty:
        full = batch.frames[symbol]
        st.info(f"No month of {symbol} is complete enough to measure by {ctx.as_of:%Y-%m-%d}: a month's return "
                f"needs the previous month's close, and {symbol}'s prices here start on {full.index[0]:%Y-%m-%d}.")
    else:
        grid, partial = windows.monthly_table(monthly)
        st.plotly_chart(monthly_heatmap(grid, partial, symbol), key="monthly_heatmap")
        partial_rows = monthly[monthly["partial"]]
        notes = "; ".join(f"{p:%b %Y} runs to {r.end_date:%Y-%m-%d}" for p, r in partial_rows.iterrows())
        st.caption("Return = last close of the month / last close of the month before − 1. "
                   + (f"\\* partial month: {notes}." if notes else "Every month shown is complete."))
        csv_download(monthly.reset_index(drop=True), f"{symbol}_monthly_returns", ctx.as_of,
                     {"return": "fraction", "partial": "true = month not over by the as-of date or the data's end"},
                     ctx.info.label, symbol=symbol)

# --- Crypto ------------------------------------------------------------------------------------
st.subheader("Altcoins against Bitcoin, and against IWM")
crypto_batch = load_prices(ctx.spec, CRYPTO_LOAD)
crypto_closes = crypto_batch.closes(list(CRYPTO_LOAD))
present = [s for s in CRYPTO_LOAD if s in crypto_batch.frames]
show_price_problems(crypto_batch, [s for s in present if s not in SANTA_SYMBOLS], as_of=ctx.as_of)
window = bound(st.segmented_control, "cr_window", "Window", list(crypto.WINDOW_YEARS), default="3Y",
               help="Span of the rebased chart, the rolling correlation and the lead-lag table.") or "3Y"
view = load_crypto_view(ctx.spec, ctx.as_of, window)
firsts = crypto.first_dates(crypto_closes, [crypto.BTC, *crypto.CANDIDATE_ALTS])
basket_note = ("The source has only ETH among the alts, so the alt basket is ETH/BTC."
               if view.alts == (crypto.ETH,) else
               f"Alt basket: equal weights of {', '.join(view.alts)}, rebalanced daily." if view.alts else "")
st.caption(f"Alts tried: {', '.join(crypto.CANDIDATE_ALTS)}. "
           + (f"Not in this source: {', '.join(view.missing_alts)}. " if view.missing_alts else "")
           + "Data starts: " + "; ".join(f"{s} {d:%Y-%m-%d}" for s, d in firsts.items()) + ". " + basket_note)
lead_cols = st.columns(2)
for column, measure in zip(lead_cols, (crypto.ETH_BTC, crypto.BASKET_BTC)):
    with column:
        value = view.leading[measure]
        st.metric(f"{measure}, last {crypto.LEADING_MONTHS} months", pct(value),
                  help="Change of the measure over the last 3 calendar months: positive = alts gained on Bitcoin.")
        if value is None:
            st.caption(f"Needs {crypto.LEADING_MONTHS} months of {measure} before the as-of date.")
        elif measure == crypto.BASKET_BTC and view.alts == (crypto.ETH,):
            st.caption("The basket holds ETH alone here, so this is ETH/BTC.")
if not view.measures:
    alt_starts = [d for s, d in firsts.items() if s != crypto.BTC]
    st.info(f"No altcoin measure on or before {ctx.as_of:%Y-%m-%d}: it needs BTC-USD and at least one alt"
            + (f"; the first alt here starts on {min(alt_starts):%Y-%m-%d}." if alt_starts
               else ", and this source has no alt."))
if len(view.paths):
    st.plotly_chart(rebased_figure(view.paths), key="crypto_rebased")
    csv_download(view.paths, "crypto_rebased", ctx.as_of, crypto.UNITS["rebased"], ctx.info.label,
                 window=window, alignment="IWM trading days, each coin's last close on or before the day")
if len(view.corr):
    st.plotly_chart(rolling_corr_figure(view.corr, crypto.ROLLING_CORR_DAYS), key="crypto_corr")
    csv_download(view.corr, "crypto_rolling_correlation", ctx.as_of, crypto.UNITS["corr"], ctx.info.label,
                 window=window, returns="daily, on IWM trading days")
n_pairs = int(view.leads.filter(like="n_").min().min()) if len(view.leads) else 0
band = crypto.chance_band(n_pairs)
if len(view.leads):
    st.plotly_chart(lead_lag_figure(view.leads, band), key="crypto_lead_lag")
    st.dataframe(view.leads.round(3), key="crypto_lead_table")
    csv_download(view.leads, "crypto_lead_lag", ctx.as_of,
                 {c: "correlation (-1 to 1)" if c.startswith("corr_") else "weeks paired" for c in view.leads.columns},
                 ctx.info.label, window=window, returns="weekly, Friday closes",
                 lead="alt measure's week t-k against IWM's week t")
st.caption("Correlation, not causation: a value at lead k says the alt measure's weekly return k weeks "
           "earlier moved with IWM's on these dates; it does not say one market moves the other."
           + (f" With N = {n_pairs} weeks, a correlation within ±{band:.2f} (2/√N) of zero is what chance alone "
              "gives." if band else "")
           + " Daily figures use IWM's trading days with each coin's last close on or before that day "
             "(a weekend's move falls on Monday).")
view_link("seasonality")
