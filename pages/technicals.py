"""Technicals: candles, averages, MACD, RSI, Fibonacci targets on sliders, Elliott-wave pivots."""
from __future__ import annotations

import streamlit as st

from analytics import elliott, fibonacci, indicators
from analytics.catalog import INDEX_SYMBOLS, SMALL_CAP, THESIS_SYMBOLS
from analytics.figures.technicals import indicator_figure, price_figure
from analytics.technicals import (
    FIB_MODES,
    FIB_TABLE_UNITS,
    INDICATOR_UNITS,
    anchor_days,
    auto_anchors,
    chart_start,
    fib_result,
    three_point_defaults,
    wave_view,
)
from ui.loaders import load_indicator_frames, load_prices
from ui.messages import show_price_problems, source_banner
from ui.sidebar import page_context
from ui.anchors import anchor_slider
from ui import fib_drag
from ui.choices import available, lacking_caption
from ui.state import bound, valid_symbols
from ui.widgets import csv_download, pct, view_link

QUICK_SYMBOLS = list(THESIS_SYMBOLS) + list(INDEX_SYMBOLS)
RATIO_OPTIONS = [fibonacci.ratio_key(r) for r in fibonacci.RATIO_CHOICES]
DEFAULT_RATIO_KEYS = [fibonacci.ratio_key(r) for r in fibonacci.DEFAULT_RATIOS]
SNAP_LABELS = {"High/low": "high/low", "Close": "close"}

ctx = page_context()
st.title("Technicals")
source_banner(ctx.info)
st.caption("The article's technical case: a 1.618 extension of IWM's drawdown near 300, the 50-week "
           f"average as a cap, MACD turning up, RSI with room to run. As of **{ctx.as_of:%Y-%m-%d}**.")


def zz_default() -> float:
    """The zigzag threshold in effect (the slider is drawn further down the page)."""
    return float(st.session_state.get("zz", elliott.DEFAULT_THRESHOLD_PCT))


def _clear_other() -> None:
    st.session_state["sym_other"] = ""


quick_symbols, lacking = available(ctx.spec, QUICK_SYMBOLS)
pick, other, interval_box = st.columns([4, 2, 2])
with pick:
    quick = bound(st.pills, "sym", "Symbol", quick_symbols or [SMALL_CAP], default=SMALL_CAP,
                  on_change=_clear_other)
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
# A fragment: moving a Fibonacci or zigzag control reruns only this part of the page.
@st.fragment
def fibonacci_and_waves(ctx, bars, shown, symbol: str, interval: str, typed: str) -> None:
    st.subheader("Fibonacci targets and Elliott waves")
    fib_row = st.columns([2, 2, 3, 2])
    with fib_row[0]:
        mode = bound(st.segmented_control, "fib", "Anchors", FIB_MODES, default="Auto",
                     help="Auto: the largest drawdown in the lookback. Manual: pick the swing high and low "
                          "(high first: a fall; low first: a rise). 3-point: trend-based extension "
                          "C + r × (B − A).") or "Auto"
    with fib_row[1]:
        years = bound(st.slider, "fib_years", "Lookback (years)", 1, 10, fibonacci.DEFAULT_LOOKBACK_YEARS,
                      help="Window searched for the largest peak-to-trough fall; anchors are picked in it.")
    with fib_row[2]:
        ratio_keys = bound(st.multiselect, "ratios", "Ratios", RATIO_OPTIONS, default=DEFAULT_RATIO_KEYS)
    with fib_row[3]:
        snap = bound(st.segmented_control, "fib_snap", "Anchor on", tuple(SNAP_LABELS), default="High/low",
                     help="An anchor's price: its bar's high or low (the swing's extreme), or its close. "
                          "A handle dragged on the chart lands on the nearest bar.") or "High/low"
    ratios = sorted(float(r) for r in ratio_keys)
    basis = SNAP_LABELS[snap]

    auto = auto_anchors(bars, ctx.as_of, years)
    # Anchors step through the trading days of the lookback window.
    days = anchor_days(bars, ctx.as_of, years)
    auto_high = auto[0].date.date() if auto else days[0]
    auto_low = auto[1].date.date() if auto else days[-1]
    anchor_row = st.columns(3)
    if mode == "Auto":
        if auto is None:
            st.warning(f"{symbol} never fell during the last {years} years: no drawdown to measure.")
        dates = (auto_high, auto_low)
    elif mode == "Manual":
        with anchor_row[0]:
            high_date = anchor_slider("Swing high", "fib_high", days, auto_high)
        with anchor_row[1]:
            low_date = anchor_slider("Swing low", "fib_low", days, auto_low)
        dates = (high_date, low_date)
    else:
        swings = elliott.zigzag(bars.loc[chart_start(ctx.as_of, years, []):], zz_default())
        defaults = three_point_defaults(swings, *(auto or (None, None))) or (auto_high, auto_low, days[-1])
        labels = ("A (start of the move)", "B (end of the move)", "C (end of the pullback)")
        picked = []
        for label, key, default, column in zip(labels, ("fib_a", "fib_b", "fib_c"), defaults, anchor_row):
            with column:
                picked.append(anchor_slider(label, key, days, getattr(default, "date", lambda: default)()))
        dates = tuple(picked)
    fib = fib_result(bars, ctx.as_of, mode, dates, ratios, basis)
    if fib.problem and not (mode == "Auto" and auto is None):
        st.warning(f"No Fibonacci levels: {fib.problem}")
    elif fib.reading:
        st.caption(fib.reading)

    zz_col, waves_toggle = st.columns([3, 2], vertical_alignment="bottom")
    with zz_col:
        zz_pct = bound(st.slider, "zz", "Zigzag threshold (%)", 2.0, 30.0, elliott.DEFAULT_THRESHOLD_PCT, 0.5,
                       help="A pivot needs a reversal of at least this much. Smaller: more, smaller waves.")
    with waves_toggle:
        show_candidate = bound(st.toggle, "waves", "Label the latest candidate count", value=False,
                               help="A count that passes all three rules is always labelled; a failing "
                                    "candidate only when this is on.")

    # Weekly bars are few: show the whole lookback. Daily: from just before the first anchor.
    start = chart_start(ctx.as_of, years, fib.anchors, whole_lookback=interval == "Weekly")
    window = shown.loc[start:]
    pivots, latest, passing = wave_view(window, zz_pct)
    count = passing or (latest if show_candidate else None)
    def charts() -> None:
        price = price_figure(window, symbol, interval == "Weekly", fib.levels, fib.anchors, count)
        st.plotly_chart(price, key="price_chart")
        # Handles on the anchors: a drag moves the sliders above (and Auto to Manual).
        fib_drag.handles("price_chart", price, mode=mode, mode_key="fib", bars=bars,
                         dates=dates if fib.anchors or mode != "Auto" else (), days=days,
                         keys=("fib_a", "fib_b", "fib_c") if mode == "3-point" else ("fib_high", "fib_low"),
                         ratios=ratios, basis=basis)
        st.plotly_chart(indicator_figure(window, interval == "Weekly"), key="indicator_chart")
        csv_download(window, f"{symbol}_{interval.lower()}_indicators", ctx.as_of, INDICATOR_UNITS, ctx.info.label,
                     symbol=symbol, bars=interval)

    chart_box = st.container()
    # After a drag the chart already shows the new levels (the handles' overlay stands in for
    # them): the tables, which the viewer is waiting for, go out before the charts are redrawn.
    tables_first = fib_drag.released()
    if not tables_first:
        with chart_box:
            charts()

    # --- tables ------------------------------------------------------------------------------------
    levels_col, waves_col = st.columns([3, 2])
    with levels_col:
        st.markdown("**Fibonacci levels**")
        if fib.table is not None:
            anchors_text = " → ".join(f"{a.kind} {a.price:,.2f} on {a.date:%Y-%m-%d}" for a in fib.anchors)
            st.caption(f"Anchors: {anchors_text}. Progress = best price since the last anchor, as a share "
                       "of the way from the origin to the target (100% = reached).")
            table = fib.table.copy()
            table["move_from_close"] *= 100
            table["progress"] *= 100
            st.dataframe(table, key="fib_levels", column_config={
                "target": st.column_config.NumberColumn("target", format="%.2f"),
                "move_from_close": st.column_config.NumberColumn("move from close", format="%+.1f%%"),
                "best_since_anchor": st.column_config.NumberColumn("best since anchor", format="%.2f"),
                "progress": st.column_config.ProgressColumn("progress", format="%.0f%%", min_value=0, max_value=100),
            })
            csv_download(fib.table, "fibonacci_levels", ctx.as_of, FIB_TABLE_UNITS, ctx.info.label,
                         symbol=symbol, mode=mode, anchors=anchors_text, formula=fib.reading)
            st.markdown("**Sensitivity: targets when one anchor moves a few trading days**")
            st.dataframe(fib.sensitivity.round(2), key="fib_sensitivity")
        # With the date pinned, Auto anchors are fixed too: the link holds every control.
        view_link("technicals")
    with waves_col:
        st.markdown(f"**Elliott waves** (zigzag {zz_pct:g}%: {len(pivots)} pivots)")
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
    if tables_first:
        with chart_box:
            charts()


fibonacci_and_waves(ctx, bars, shown, symbol, interval, typed)
