"""Controls whose range comes from the data.

A year slider over the completed Santa windows, an anchor over a lookback's trading days, a
date input from a series' first day to the as-of date: at the edges of the data such a range
is empty or holds a single value, and Streamlit refuses both (a slider whose ends are equal
raises, a select slider without options too), while a default outside the range silently
widens a slider and a link value outside it is silently replaced by the default. Every such
control of every page is drawn through :func:`ranged`, which handles the three cases alike:

- no value: the control is not drawn; one sentence says why (and names a link value for it);
- one value: it is shown as text, not as a control that cannot move;
- a default or a link value outside the range: clamped to the nearest end (for ordered
  options, the last one on or before it), and the link warning says so.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from ui.state import bound, link_values, link_warning, remember

#: How each option control takes its default (the bounded ones, st.slider and st.date_input,
#: all take ``value`` with ``min_value`` and ``max_value``).
DEFAULT_ARGUMENT = {"select_slider": "value", "selectbox": "index", "radio": "index",
                    "pills": "default", "segmented_control": "default"}
#: A link value is quoted up to this many characters (links can be long).
QUOTED_CHARS = 60


@dataclass(frozen=True)
class Span:
    """What the data allows a control to take: ``low`` to ``high`` (a slider over numbers or
    dates, a date input) or one of ``options`` (``ordered``: sorted values such as trading days,
    between which a value can fall; else labels such as tickers)."""

    low: Any = None
    high: Any = None
    options: tuple = ()
    bounded: bool = True
    ordered: bool = False

    @classmethod
    def between(cls, low: Any, high: Any) -> Span:
        """``low`` to ``high``; empty when either is missing or ``low`` is after ``high``."""
        return cls(low=low, high=high, ordered=True)

    @classmethod
    def among(cls, options: Sequence[Any], *, ordered: bool = False) -> Span:
        """One of ``options`` (``ordered``: given in ascending order)."""
        options = tuple(options)
        return cls(low=options[0] if options else None, high=options[-1] if options else None,
                   options=options, bounded=False, ordered=ordered)

    @property
    def empty(self) -> bool:
        """Whether no value is allowed."""
        if not self.bounded:
            return not self.options
        return self.low is None or self.high is None or self.low > self.high

    @property
    def single(self) -> bool:
        """Whether exactly one value is allowed."""
        return not self.empty and (len(self.options) == 1 if not self.bounded else self.low == self.high)

    @property
    def only(self) -> Any:
        """The one value of a single-valued span."""
        return self.options[0] if not self.bounded else self.low

    def holds(self, value: Any) -> bool:
        """Whether ``value`` is allowed."""
        if not self.bounded:
            return value in self.options
        try:
            return self.low <= value <= self.high
        except TypeError:
            return False

    def clamp(self, value: Any) -> Any:
        """``value`` moved into the span: the nearest end, or between two ordered options the
        one on or before it; the first option for a label that is not one (a ticker has no
        nearest) or a value that cannot be compared with the span."""
        if self.holds(value):
            return value
        if not self.ordered:
            return self.low
        try:
            if value < self.low:
                return self.low
            if value > self.high:
                return self.high
        except TypeError:
            return self.low
        return [option for option in self.options if option <= value][-1]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if isinstance(value, date) else str(value)


def _parse(raw: str, like: Any) -> Any:
    """``raw`` read as a value of ``like``'s type; ``None`` when it is not one."""
    try:
        if isinstance(like, bool):
            return None
        if isinstance(like, date):
            return date.fromisoformat(raw.strip())
        if isinstance(like, int):
            number = float(raw)
            return int(number) if math.isfinite(number) and number.is_integer() else None
        if isinstance(like, float):
            number = float(raw)
            return number if math.isfinite(number) else None
    except ValueError:
        return None
    return None


def _link_outside(key: str, span: Span) -> tuple[str, bool, Any] | None:
    """The link's value for ``key``, whether it lies beyond the span's ends, and where it
    clamps to, when it is a value of the span's kind (a number, a date) that the span does not
    hold; else ``None`` (an unreadable value is for :func:`ui.state.bound` to report)."""
    raw = link_values(key)
    if len(raw) != 1 or span.empty:
        return None
    parsed = _parse(raw[0], span.low) if span.ordered else None
    if parsed is None or span.holds(parsed):
        return None
    return raw[0], not span.low <= parsed <= span.high, span.clamp(parsed)


def ranged(widget: Callable[..., Any], key: str, label: str, span: Span, default: Any, *,
           empty: str, say: Callable[[str], Any] = st.caption, fmt: Callable[[Any], str] = _text,
           keep_state: bool = False, **kwargs: Any) -> Any:
    """Draw ``widget`` (URL-bound as ``key``) over ``span``, whatever the data left in it.

    Parameters
    ----------
    widget
        ``st.slider`` or ``st.date_input`` for a :meth:`Span.between`; ``st.select_slider``,
        ``st.selectbox``, ``st.radio``, ``st.pills`` or ``st.segmented_control`` for a
        :meth:`Span.among`.
    key, label
        The URL parameter and the control's label, as for :func:`ui.state.bound`.
    span
        What the data allows.
    default
        The value shown without a link; clamped into the span (``None`` keeps an option
        control without a default).
    empty
        The sentence shown instead of the control when the span is empty, by ``say`` (a
        caption unless the page gives ``st.info``, where nothing else on it says so).
    fmt
        How a value is written in the text and the warnings.
    keep_state
        Leave the default out when the session's state already holds a value of the span (a
        callback such as a nudge button set it: Streamlit warns when both are given).
    **kwargs
        Passed to the widget (``help``, ``step``, ``format_func``, ...).

    Returns
    -------
    The value in effect: the control's, the single value, or ``None`` when the span is empty.
    """
    raw = link_values(key)
    if span.empty:
        say(empty)
        if raw:
            link_warning(f"The link's “{label}” value `{', '.join(raw)[:QUOTED_CHARS]}` is ignored: "
                         "the data leaves nothing to choose from here (the page says why).")
        return None
    if span.single:
        value = span.only
        st.markdown(f"{label}: **{fmt(value)}**", help=kwargs.get("help"))
        remember(key, value)
        if raw and raw != [_text(value)]:
            link_warning(f"The link's “{label}” value `{', '.join(raw)[:QUOTED_CHARS]}` is not "
                         f"{fmt(value)}, the only one the data allows here; showing {fmt(value)}.")
        return value
    if default is not None:
        default = span.clamp(default)
    outside = _link_outside(key, span)
    if outside is not None:
        given, beyond, default = outside
        where = "is outside the data" if beyond else f"is not one of its {len(span.options)} values"
        link_warning(f"The link's “{label}” value `{given[:QUOTED_CHARS]}` {where} ({fmt(span.low)} to "
                     f"{fmt(span.high)}); showing {fmt(default)}, the nearest"
                     + ("." if beyond else " on or before it."))
    if keep_state and span.holds(st.session_state.get(key)) and outside is None:
        start = {}
    elif span.bounded:
        start = {"value": default}
    elif default is None:
        start = {}
    elif DEFAULT_ARGUMENT.get(widget.__name__) == "index":
        start = {"index": span.options.index(default)}
    else:
        start = {DEFAULT_ARGUMENT.get(widget.__name__, "value"): default}
    if span.bounded:
        return bound(widget, key, label, min_value=span.low, max_value=span.high, reported=outside is not None,
                     **start, **kwargs)
    return bound(widget, key, label, options=list(span.options), reported=outside is not None, **start, **kwargs)
