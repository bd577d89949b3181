"""The "What happened next" section: what a thesis' trade did after the as-of date.

The scorecard page calls :func:`render_what_happened_next` with its page context and the
thesis' trade (the long leg, each leg it is measured against, and long/against for each);
the numbers come from :mod:`analytics.performance.forward` (the report's ``forward`` section).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.catalog import LARGE_CAP, SMALL_CAP
from analytics.data.base import ADJ_CLOSE
from analytics.performance.forward import FORWARD_SYMBOLS, LATEST, RATIO_NAME, Trade
from analytics.performance.forward_figures import (
    FIB_TOUCH_UNITS,
    RETURNS_UNITS,
    display_frame,
    fib_touch_display,
    fib_touch_frame,
    forward_figure,
    rebased_frame,
    returns_frame,
)
from analytics.technicals import fibonacci
from ui.loaders import load_forward_view, load_prices
from ui.ranged import Span, ranged
from ui.tables import text_table
from ui.widgets import csv_download

BASIS_CHOICES = {"Price": "price", "Total return": "total"}


def render_what_happened_next(ctx, trade: Trade | None = None) -> None:
    """Forward returns from ``ctx.as_of`` (price and total) of the trade's legs, each rebased
    to 100 at that date through the latest data, and when each default Fibonacci target of the
    long leg was first touched (``trade=None``: IWM, SPY, QQQ and IWM/SPY). Says what is
    missing (a symbol not yet listed, no data after the date, no adjusted closes) and draws
    the rest; never raises for a date outside the data."""
    st.subheader("What happened next")
    symbols = trade.symbols if trade else FORWARD_SYMBOLS
    batch = load_prices(ctx.spec, symbols)
    frames = {s: batch.frames[s] for s in symbols if s in batch.frames}
    if not frames:
        reasons = "; ".join(f"{s}: {why}" for s, why in batch.failed.items())
        st.warning(f"No prices for {', '.join(symbols)} from {ctx.info.label} ({reasons}).")
        return
    stamp = pd.Timestamp(ctx.as_of)
    view = (load_forward_view(ctx.spec, ctx.as_of, trade.long, trade.against) if trade
            else load_forward_view(ctx.spec, ctx.as_of))
    _coverage_notes(frames, batch.failed, stamp, symbols)
    if trade:
        ratios = ", ".join(f"{a}/{b}" for a, b in trade.pairs)
        meaning = f"{ratios}: the change in {trade.long}'s price over each other leg's (positive: {trade.long} did better)."
    else:
        meaning = (f"{RATIO_NAME}: the change in {SMALL_CAP}'s price over {LARGE_CAP}'s (positive: small caps "
                   "did better).")
    st.caption(f"From the last close on or before {ctx.as_of:%Y-%m-%d} to the last close on or before the "
               "same day 1, 3, 6 and 12 calendar months later, and to the latest bar. A horizon the data "
               f"has not reached reads “not yet”, never a partial return. {meaning}")

    # The chart goes to the browser before the tables above it (the first chart a viewer of the
    # landing page waits for): a container keeps the tables' place on screen.
    tables = st.container()
    _chart(ctx, frames, stamp, view.fib, symbols)
    with tables:
        _return_tables(ctx, frames, view)
    _fib_touches(ctx, view.fib)


def _return_tables(ctx, frames: dict[str, pd.DataFrame], view) -> None:
    price_frame = returns_frame(view.price)
    st.markdown("**Price return**")
    text_table(display_frame(view.price))
    csv_download(price_frame, "forward_price_returns", ctx.as_of, RETURNS_UNITS, ctx.info.label,
                 basis="close (split-adjusted)", base_date=_first(price_frame["base_date"]))

    total_frame = returns_frame(view.total)
    st.markdown("**Total return** (dividends reinvested: the source's adjusted close)")
    text_table(display_frame(view.total))
    _total_caption(frames, view)
    csv_download(total_frame, "forward_total_returns", ctx.as_of, RETURNS_UNITS, ctx.info.label,
                 basis="adj_close (split+dividend adjusted)", base_date=_first(total_frame["base_date"]))


def _first(column: pd.Series) -> str:
    days = column.dropna()
    return str(days.iloc[0]) if len(days) else "none"


def _coverage_notes(frames: dict[str, pd.DataFrame], failed: dict[str, str], stamp: pd.Timestamp,
                    symbols=FORWARD_SYMBOLS) -> None:
    for symbol, why in failed.items():
        if symbol in symbols:
            st.warning(f"No prices for **{symbol}** ({why}): its row reads n/a.")
    late = {s: f.index[0] for s, f in frames.items() if f.index[0] > stamp}
    if late:
        starts = "; ".join(f"**{s}** from {first:%Y-%m-%d}" for s, first in late.items())
        st.warning(f"No close on or before {stamp:%Y-%m-%d} for {starts}: nothing to measure forward "
                   "from, so those rows read n/a.")
    last = max(f.index[-1] for f in frames.values())
    if last <= stamp:
        st.info(f"The prices end {last:%Y-%m-%d}, on or before the as-of date: nothing has happened next "
                "yet, so every horizon reads “not yet”. Move the as-of date earlier to see what followed.")


def _total_caption(frames: dict[str, pd.DataFrame], view) -> None:
    lacking = [s for s, f in frames.items() if ADJ_CLOSE not in f or f[ADJ_CLOSE].isna().all()]
    if lacking:
        st.caption(f"This source has no adjusted closes for {', '.join(lacking)}: their total returns "
                   "read n/a.")
    ends = {s: r[LATEST].end_date for s, r in view.total.items() if s in frames and r[LATEST].end_date is not None}
    price_ends = {s: r[LATEST].end_date for s, r in view.price.items() if r[LATEST].end_date is not None}
    early = {s: d for s, d in ends.items() if price_ends.get(s) is not None and d < price_ends[s]}
    if early:
        day = max(early.values())
        st.caption(f"The adjusted closes end {day:%Y-%m-%d}, before the closes "
                   f"({max(price_ends.values()):%Y-%m-%d}): “latest” total returns run to {day:%Y-%m-%d}, "
                   "and a horizon past it reads “not yet”.")


def _chart(ctx, frames: dict[str, pd.DataFrame], stamp: pd.Timestamp, fib, symbols=FORWARD_SYMBOLS) -> None:
    has_total = any(ADJ_CLOSE in f and f[ADJ_CLOSE].notna().any() for f in frames.values())
    choices = list(BASIS_CHOICES) if has_total else ["Price"]
    label = ranged(st.segmented_control, "fwd_basis", "Chart basis", Span.among(choices), "Price", empty="",
                   help="Price: quoted closes. Total return: adjusted closes, dividends reinvested.") or "Price"
    basis = BASIS_CHOICES[label]
    rebased = rebased_frame(frames, stamp, symbols, basis)
    drawn = rebased.dropna(how="all")
    if drawn.empty or drawn.index.max() <= stamp:
        st.info(f"No {'adjusted ' if basis == 'total' else ''}closes after {stamp:%Y-%m-%d} to chart yet.")
        return
    st.plotly_chart(forward_figure(drawn, stamp, basis, fib), key="fwd_chart")
    close = "adjusted close" if basis == "total" else "close"
    csv_download(drawn, f"forward_rebased_{basis}", ctx.as_of, f"index, 100 = {close} on {stamp:%Y-%m-%d}",
                 ctx.info.label, basis=basis)


def _fib_touches(ctx, fib) -> None:
    st.markdown(f"**Fibonacci targets of {fib.symbol}**: the Technicals page's default view on "
                f"{ctx.as_of:%Y-%m-%d} (Auto anchors, {fibonacci.DEFAULT_LOOKBACK_YEARS}-year lookback), "
                "and the first day after it that a bar reached each target (its high for a target above "
                "the close, its low for one below).")
    if fib.problem and not fib.touches:
        st.info(f"No targets: {fib.problem}.")
        return
    if fib.reading:
        st.caption(fib.reading)
    frame = fib_touch_frame(fib)
    text_table(fib_touch_display(frame))
    if fib.last_bar is not None:
        st.caption(f"Touches are looked for through {fib.last_bar:%Y-%m-%d}, the last {fib.symbol} bar; "
                   "“not yet” means no bar had reached the target by then.")
    anchors = {f"{a.kind}": f"{a.date:%Y-%m-%d} {a.price:.2f}" for a in fib.anchors}
    csv_download(frame, "forward_fib_touches", ctx.as_of, FIB_TOUCH_UNITS, ctx.info.label,
                 symbol=fib.symbol, mode="Auto", lookback_years=fibonacci.DEFAULT_LOOKBACK_YEARS, **anchors)
