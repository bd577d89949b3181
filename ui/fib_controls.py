"""The Technicals page's Fibonacci and Elliott-wave controls, drawn, or read back from the
session's state before they are drawn.

A drag on the chart or a slider move reruns the page's Fibonacci fragment, and the viewer is
waiting for its tables. Drawing the controls first (five inputs, two or three sliders over a
few hundred trading days each, their nudge buttons) took most of the run before the tables
went out, and in the browser the tables then rendered in one batch with the controls and the
charts. So when every control already holds a value in the session's state (every run after
the first), the page reads :func:`settings` back from that state first and sends the tables,
then draws the controls with :func:`settings` as always. Should the drawn controls disagree
(an anchor outside a new lookback, say), :func:`early_missed` reruns the fragment once with
the controls drawn first: a table cannot be drawn twice in one run (its key). The screen is
the same; the tables arrive first.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import streamlit as st

from analytics.technicals import elliott, fibonacci
from analytics.technicals.view import FIB_MODES, anchor_days, auto_anchors, chart_start, three_point_defaults
from ui.anchors import anchor_slider, nearest_on_or_before
from ui.state import bound

RATIO_OPTIONS = [fibonacci.ratio_key(r) for r in fibonacci.RATIO_CHOICES]
DEFAULT_RATIO_KEYS = [fibonacci.ratio_key(r) for r in fibonacci.DEFAULT_RATIOS]
SNAP_LABELS = {"High/low": "high/low", "Close": "close"}
ANCHOR_KEYS = {"Auto": (), "Manual": ("fib_high", "fib_low"), "3-point": ("fib_a", "fib_b", "fib_c")}
THREE_POINT_LABELS = ("A (start of the move)", "B (end of the move)", "C (end of the pullback)")
#: Set by :func:`early_missed` for the one rerun it asks for.
_MISSED = "_fib_early_missed"


@dataclass(frozen=True)
class FibSettings:
    """What the controls hold: the Fibonacci mode, lookback, ratios and snap basis, the anchor
    dates in effect (the Auto ones in Auto mode) and the zigzag settings. ``days`` are the
    trading days an anchor may take; ``auto`` is the lookback's largest drawdown, if any."""

    mode: str
    years: int
    ratios: tuple[float, ...]
    basis: fibonacci.SnapBasis
    dates: tuple[date, ...]
    zz_pct: float
    show_candidate: bool
    days: tuple[date, ...]
    auto: tuple | None

    @property
    def levels_key(self) -> tuple:
        """What the Fibonacci levels are computed from."""
        return (self.mode, self.years, self.ratios, self.basis, self.dates)

    @property
    def key(self) -> tuple:
        """Everything the tables are computed from."""
        return (*self.levels_key, self.zz_pct, self.show_candidate)


class _NotYet(LookupError):
    """A control has no value in the session's state yet (its first run)."""


def _from_state(_widget, key: str, _label: str, *args, **kwargs):
    if key not in st.session_state:
        raise _NotYet(key)
    return st.session_state[key]


def _anchor_from_state(_label: str, key: str, days, default: date) -> date:
    # As anchor_slider: a value that is not one of the days gives way to the default.
    value = st.session_state.get(key)
    return value if value in days else nearest_on_or_before(days, default)


def _zz_threshold() -> float:
    """The zigzag threshold in effect (its slider is drawn below the anchors)."""
    return float(st.session_state.get("zz", elliott.DEFAULT_THRESHOLD_PCT))


def settings(bars: pd.DataFrame, as_of: date, *, draw: bool) -> FibSettings | None:
    """The controls' values: drawn (``draw``), or read back from the session's state without
    drawing anything (``None`` when a control has no value there yet)."""
    pick: Callable = bound if draw else _from_state
    anchor = anchor_slider if draw else _anchor_from_state

    def columns(spec):  # read back: no layout, the same number of places
        return st.columns(spec) if draw else [nullcontext()] * (spec if isinstance(spec, int) else len(spec))

    try:
        return _settings(bars, as_of, pick, anchor, columns)
    except _NotYet:
        return None


def _settings(bars, as_of, pick, anchor, columns) -> FibSettings:
    fib_row = columns([2, 2, 3, 2])
    with fib_row[0]:
        mode = pick(st.segmented_control, "fib", "Anchors", FIB_MODES, default="Auto",
                    help="Auto: the largest drawdown in the lookback. Manual: pick the swing high and low "
                         "(high first: a fall; low first: a rise). 3-point: trend-based extension "
                         "C + r × (B − A).") or "Auto"
    with fib_row[1]:
        years = pick(st.slider, "fib_years", "Lookback (years)", 1, 10, fibonacci.DEFAULT_LOOKBACK_YEARS,
                     help="Window searched for the largest peak-to-trough fall; anchors are picked in it.")
    with fib_row[2]:
        ratio_keys = pick(st.multiselect, "ratios", "Ratios", RATIO_OPTIONS, default=DEFAULT_RATIO_KEYS)
    with fib_row[3]:
        snap = pick(st.segmented_control, "fib_snap", "Anchor on", tuple(SNAP_LABELS), default="High/low",
                    help="An anchor's price: its bar's high or low (the swing's extreme), or its close. "
                         "A handle dragged on the chart lands on the nearest bar.") or "High/low"
    auto = auto_anchors(bars, as_of, years)
    # Anchors step through the trading days of the lookback window.
    days = anchor_days(bars, as_of, years)
    auto_high = auto[0].date.date() if auto else days[0]
    auto_low = auto[1].date.date() if auto else days[-1]
    anchor_row = columns(3)
    if mode == "Auto":
        dates = (auto_high, auto_low)
    elif mode == "Manual":
        dates = []
        for column, label, key, default in zip(anchor_row, ("Swing high", "Swing low"), ANCHOR_KEYS[mode],
                                               (auto_high, auto_low)):
            with column:
                dates.append(anchor(label, key, days, default))
        dates = tuple(dates)
    else:
        swings = elliott.zigzag(bars.loc[chart_start(as_of, years, []):], _zz_threshold())
        defaults = three_point_defaults(swings, *(auto or (None, None))) or (auto_high, auto_low, days[-1])
        dates = []
        for label, key, default, column in zip(THREE_POINT_LABELS, ANCHOR_KEYS[mode], defaults, anchor_row):
            with column:
                dates.append(anchor(label, key, days, getattr(default, "date", lambda: default)()))
        dates = tuple(dates)
    return FibSettings(mode=mode, years=int(years), ratios=tuple(sorted(float(r) for r in ratio_keys)),
                       basis=SNAP_LABELS[snap], dates=dates, zz_pct=0.0, show_candidate=False,
                       days=tuple(days), auto=auto)


def wave_settings(fib: FibSettings, *, draw: bool) -> FibSettings | None:
    """``fib`` with the zigzag threshold and the candidate toggle, drawn (``draw``) or read
    back from the session's state (``None`` when not there yet)."""
    pick: Callable = bound if draw else _from_state
    try:
        if draw:
            zz_col, waves_toggle = st.columns([3, 2], vertical_alignment="bottom")
        else:
            zz_col = waves_toggle = nullcontext()
        with zz_col:
            zz_pct = pick(st.slider, "zz", "Zigzag threshold (%)", 2.0, 30.0, elliott.DEFAULT_THRESHOLD_PCT, 0.5,
                          help="A pivot needs a reversal of at least this much. Smaller: more, smaller waves.")
        with waves_toggle:
            show = pick(st.toggle, "waves", "Label the latest candidate count", value=False,
                        help="A count that passes all three rules is always labelled; a failing "
                             "candidate only when this is on.")
    except _NotYet:
        return None
    return replace(fib, zz_pct=float(zz_pct), show_candidate=bool(show))


def early_settings(bars: pd.DataFrame, as_of: date) -> FibSettings | None:
    """Every control's value read back from the session's state, nothing drawn; ``None`` on a
    first run, or on the run :func:`early_missed` asked for."""
    if st.session_state.pop(_MISSED, False):
        return None
    early = settings(bars, as_of, draw=False)
    return early and wave_settings(early, draw=False)


def early_missed() -> None:
    """The values read back were not the ones drawn: rerun this fragment, controls first."""
    st.session_state[_MISSED] = True
    st.rerun(scope="fragment")
