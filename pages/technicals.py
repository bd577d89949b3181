"""Technicals: candles, averages, MACD, RSI, Fibonacci targets on sliders, Elliott-wave pivots."""
from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from analytics.catalog import INDEX_SYMBOLS, SMALL_CAP, THESIS_SYMBOLS
from analytics.technicals import elliott, indicators
from analytics.technicals.figures import indicator_figure, price_figure
from analytics.technicals.view import FIB_TABLE_UNITS, INDICATOR_UNITS, FibResult, chart_start, fib_result, wave_view
from ui import fib_controls, fib_drag, fib_tables
from ui.choices import available, lacking_caption
from ui.loaders import load_indicator_frames, load_prices
from ui.messages import show_price_problems, source_banner
from ui.ranged import Span, ranged
from ui.sidebar import page_context
from ui.state import bound, in_fragment_rerun, valid_symbols
from ui.widgets import csv_download, pct, view_link

QUICK_SYMBOLS = list(THESIS_SYMBOLS) + list(INDEX_SYMBOLS)

ctx = page_context()
st.title("Technicals")
source_banner(ctx.info)
st.caption("The article's technical case: a 1.618 extension of IWM's drawdown near 300, the 50-week "
           f"average as a cap, MACD turning up, RSI with room to run. As of **{ctx.as_of:%Y-%m-%d}**.")


def _clear_other() -> None:
    st.session_state["sym_other"] = ""


quick_symbols, lacking = available(ctx.spec, QUICK_SYMBOLS)
pick, other, interval_box = st.columns([4, 2, 2])
with pick:
    quick = ranged(st.pills, "sym", "Symbol", Span.among(quick_symbols), SMALL_CAP, on_change=_clear_other,
                   empty="This source has none of the quick picks: type a ticker.")
    lacking_caption(lacking, "quick picks")
with other:
    typed = bound(st.text_input, "sym_other", "Other ticker", placeholder="e.g. MDY")
with interval_box:
    interval = bound(st.segmented_control, "bars", "Bars", ("Daily", "Weekly"), default="Daily") or "Daily"
symbol = (valid_symbols([typed]) if typed.strip() else []) or [quick or SMALL_CAP]
symbol = symbol[0]

batch = load_prices(ctx.spec, (symbol,))
show_price_problems(batch, as_of=ctx.as_of)
if symbol not in batch.frames:
    view_link("technicals")
    st.stop()
bars = batch.frames[symbol].loc[: str(ctx.as_of)]
if len(bars) < indicators.MIN_BARS:
    full = batch.frames[symbol]
    st.warning(f"{symbol} has {len(bars)} bar{'s' if len(bars) != 1 else ''} on or before {ctx.as_of:%Y-%m-%d}; "
               f"its prices here run from {full.index[0]:%Y-%m-%d} to {full.index[-1]:%Y-%m-%d}. "
               f"Move the as-of date to {full.index[min(indicators.MIN_BARS, len(full)) - 1]:%Y-%m-%d} "
               "or later for candles and indicators.")
    view_link("technicals")
    st.stop()
daily, weekly = load_indicator_frames(ctx.spec, symbol, ctx.as_of)
shown = weekly if interval == "Weekly" else daily

# --- signals -----------------------------------------------------------------------------------
state = indicators.macd_state(shown)
rsi = shown[f"RSI_{indicators.RSI_LENGTH}"]
rsi_rank = indicators.rsi_percentile(rsi)
close, sma_50w, gap = indicators.close_vs_weekly_sma(daily)
macd_col, rsi_col, signal_col = st.columns(3)
unit = "week" if interval == "Weekly" else "bar"
with macd_col:
    if state is None:
        st.metric("MACD (12, 26, 9)", "n/a", help="Needs at least 34 bars.")
    else:
        st.metric("MACD (12, 26, 9)", f"{'above' if state.above else 'below'} signal",
                  f"{state.hist:+.3f} histogram", delta_color="normal")
        since = state.bars_since_cross
        crossed = ("since the start of the data" if since is None else f"crossed on this {unit}" if since == 0
                   else f"for {since} {unit}{'s' if since > 1 else ''}")
        flip = (f" A close {'below' if state.above else 'above'} **{state.flip_close:,.2f}** on the next "
                f"{unit} would flip it." if state.flip_close else "")
        st.caption(f"MACD {state.macd:.3f} vs signal {state.signal:.3f}, {crossed}.{flip}")
with rsi_col:
    last_rsi = rsi.dropna()
    st.metric(f"RSI {indicators.RSI_LENGTH}", f"{last_rsi.iloc[-1]:.1f}" if len(last_rsi) else "n/a")
    if rsi_rank is not None:
        st.caption(f"Higher than or equal to {rsi_rank:.0%} of the last "
                   f"{min(len(last_rsi), indicators.RSI_PERCENTILE_LOOKBACK)} readings; 70 is overbought.")
with signal_col:
    st.metric("Close vs 50-week average", pct(gap), help="Positive: above the average.")
    st.caption(f"Close {close:,.2f}; 50-week average {sma_50w:,.2f}." if sma_50w == sma_50w else
               f"Close {close:,.2f}; the 50-week average needs 50 weeks of prices (n/a before then).")

# --- Fibonacci and Elliott controls ------------------------------------------------------------
class FibView(NamedTuple):
    """What the fragment draws for one set of control values."""

    settings: fib_controls.FibSettings
    fib: FibResult
    window: object
    pivots: object
    latest: object
    passing: object
    count: object


def fib_view(s: fib_controls.FibSettings, ctx, bars, shown, interval: str, fib: FibResult | None = None) -> FibView:
    """The levels (``fib`` when already computed for these settings), the chart's window and the
    wave counts in it."""
    if fib is None:
        fib = fib_result(bars, ctx.as_of, s.mode, s.dates, s.ratios, s.basis)
    # Weekly bars are few: show the whole lookback. Daily: from just before the first anchor.
    window = shown.loc[chart_start(ctx.as_of, s.years, fib.anchors, whole_lookback=interval == "Weekly"):]
    pivots, latest, passing = wave_view(window, s.zz_pct)
    return FibView(s, fib, window, pivots, latest, passing, passing or (latest if s.show_candidate else None))


def tables(view: FibView, ctx, symbol: str):
    """The level, sensitivity and wave tables; returns the place kept for the pinned link
    (written once the controls of this run are drawn: the link holds their values)."""
    fib, latest, passing, count = view.fib, view.latest, view.passing, view.count
    link = None
    levels_col, waves_col = st.columns([3, 2])
    with levels_col:
        st.markdown("**Fibonacci levels**")
        if fib.table is not None:
            # One HTML block the drag handles redraw in the browser the moment an anchor drops.
            fib_tables.draw(fib, view.settings.dates)
            anchors = fib_tables.anchors_text(fib)
            csv_download(fib.table, "fibonacci_levels", ctx.as_of, FIB_TABLE_UNITS, ctx.info.label,
                         symbol=symbol, mode=view.settings.mode, anchors=anchors, formula=fib.reading)
            csv_download(fib.sensitivity, "fibonacci_sensitivity", ctx.as_of, "price", ctx.info.label,
                         symbol=symbol, mode=view.settings.mode, anchors=anchors,
                         rows="one anchor moved k trading days", columns="ratio")
        # With the date pinned, Auto anchors are fixed too: the link holds every control.
        link = st.empty()
    with waves_col:
        st.markdown(f"**Elliott waves** (zigzag {view.settings.zz_pct:g}%: {len(view.pivots)} pivots)")
        if latest is None:
            st.info("Fewer than six pivots in view: no impulse to count. Lower the threshold or lengthen the lookback.")
        else:
            for title, wave in (("Latest candidate", latest), ("Latest count passing all rules", passing)):
                if wave is None:
                    st.warning("No count in view passes all three rules.")
                    continue
                if wave is passing and passing is latest:
                    continue
                span = f"{wave.pivots.index[0]:%Y-%m-%d} → {wave.pivots.index[-1]:%Y-%m-%d}"
                st.markdown(f"*{title}*: {wave.direction} impulse, {span}")
                st.markdown("\n".join(f"- {':green-badge[pass]' if ok else ':red-badge[fail]'} {elliott.RULES[rule]}"
                                      for rule, ok in wave.rules.items()))
            if not latest.pivots.iloc[-1:]["confirmed"].all() or (count is not None and not count.correction.empty):
                st.caption("The last pivot is provisional until price reverses by the threshold.")
    return link


def charts(view: FibView, ctx, bars, symbol: str, interval: str) -> None:
    s, fib = view.settings, view.fib
    price = price_figure(view.window, symbol, interval == "Weekly", fib.levels, fib.anchors, view.count)
    st.plotly_chart(price, key="price_chart")
    # Handles on the anchors: a drag moves the sliders above (and Auto to Manual).
    fib_drag.handles("price_chart", price, mode=s.mode, mode_key="fib", bars=bars,
                     dates=s.dates if fib.anchors or s.mode != "Auto" else (), days=s.days,
                     keys=fib_controls.ANCHOR_KEYS["3-point" if s.mode == "3-point" else "Manual"],
                     ratios=s.ratios, basis=s.basis)
    st.plotly_chart(indicator_figure(view.window, interval == "Weekly"), key="indicator_chart")
    csv_download(view.window, f"{symbol}_{interval.lower()}_indicators", ctx.as_of, INDICATOR_UNITS, ctx.info.label,
                 symbol=symbol, bars=interval)


# A fragment: moving a Fibonacci or zigzag control, or dragging an anchor, reruns only this part.
@st.fragment
def fibonacci_and_waves(ctx, bars, shown, symbol: str, interval: str) -> None:
    st.subheader("Fibonacci targets and Elliott waves")
    controls, chart_box, table_box = st.container(), st.container(), st.container()
    # A rerun of this fragment alone (a control here moved, or an anchor was dragged): the
    # tables the viewer waits for go out first, from the values the controls hold
    # (ui/fib_controls.py). Should the drawn controls differ, the fragment runs once more.
    early = fib_controls.early_settings(bars, ctx.as_of) if in_fragment_rerun() else None
    view = fib_view(early, ctx, bars, shown, interval) if early else None
    link = None
    if view is not None:
        with table_box:
            link = tables(view, ctx, symbol)
    with controls:
        drawn = fib_controls.settings(bars, ctx.as_of, draw=True)
        if drawn.mode == "Auto" and drawn.auto is None:
            st.warning(f"{symbol} never fell during the last {drawn.years} years: no drawdown to measure.")
        fib = (view.fib if view is not None and view.settings.levels_key == drawn.levels_key
               else fib_result(bars, ctx.as_of, drawn.mode, drawn.dates, drawn.ratios, drawn.basis))
        if fib.problem and not (drawn.mode == "Auto" and drawn.auto is None):
            st.warning(f"No Fibonacci levels: {fib.problem}")
        elif fib.reading:
            st.caption(fib.reading)
        drawn = fib_controls.wave_settings(drawn, draw=True)
    if view is not None and view.settings.key != drawn.key:
        fib_controls.early_missed()  # the next run draws the controls first
    if view is None:
        view = fib_view(drawn, ctx, bars, shown, interval, fib)
        with table_box:
            link = tables(view, ctx, symbol)
    if link is not None:
        with link:
            view_link("technicals")
    with chart_box:
        charts(view, ctx, bars, symbol, interval)


fibonacci_and_waves(ctx, bars, shown, symbol, interval)
