"""ui.ranged.ranged in AppTest: an empty range draws no control and says why, a single value is
text, and a default or link value outside the range is clamped (the link warning says so)."""
from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

TIMEOUT = 30
EMPTY = "No window is complete yet."


def _script(kind: str, low, high, default, empty: str) -> None:
    import streamlit as st

    from ui.ranged import Span, ranged
    from ui.state import url_warnings_box, view_settings

    url_warnings_box()
    if kind == "slider":
        value = ranged(st.slider, "n", "From", Span.between(low, high), default, empty=empty)
    elif kind == "date":
        value = ranged(st.date_input, "n", "Since", Span.between(low, high), default, empty=empty)
    elif kind == "days":
        value = ranged(st.select_slider, "n", "Anchor", Span.among(low, ordered=True), default, empty=empty)
    else:
        value = ranged(st.selectbox, "n", "Benchmark", Span.among(low), default, empty=empty)
    st.session_state["_got"] = value
    st.session_state["_view"] = view_settings()


def _app(kind: str, low, high=None, default=None, link: str | None = None) -> AppTest:
    at = AppTest.from_function(_script, args=(kind, low, high, default, EMPTY), default_timeout=TIMEOUT)
    if link is not None:
        at.query_params["n"] = link
    at = at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _warnings(at: AppTest) -> str:
    return " ".join(str(w.value) for w in at.warning)


def test_an_empty_range_draws_nothing_and_says_why():
    at = _app("slider", 2001, 2000, 2000)
    assert not at.slider and at.session_state["_got"] is None
    assert EMPTY in [c.value for c in at.caption] and not at.warning
    at = _app("slider", 2001, 2000, 2000, link="1995")
    assert "`1995` is ignored" in _warnings(at)


def test_a_single_value_is_text_and_counts_in_the_pinned_link():
    at = _app("slider", 2000, 2000, 1993)
    assert not at.slider and at.session_state["_got"] == 2000
    assert "From: **2000**" in [m.value for m in at.markdown]
    assert at.session_state["_view"] == {"n": "2000"} and not at.warning
    at = _app("slider", 2000, 2000, 2000, link="1995")
    assert "“From” value `1995` is not 2000, the only one" in _warnings(at)
    assert not _app("slider", 2000, 2000, 2000, link="2000").warning


def test_a_default_outside_is_clamped_without_a_warning():
    at = _app("slider", 2000, 2010, 1990)
    assert (at.slider(key="n").value, at.slider(key="n").min, at.slider(key="n").max) == (2000, 2000, 2010)
    assert not at.warning


def test_a_link_value_outside_is_clamped_and_said():
    at = _app("slider", 2000, 2010, 2005, link="1980")
    assert at.slider(key="n").value == 2000
    assert "“From” value `1980` is outside the data (2000 to 2010); showing 2000, the nearest." in _warnings(at)
    assert _app("slider", 2000, 2010, 2005, link="2030").slider(key="n").value == 2010
    at = _app("slider", 2000, 2010, 2005, link="2007")
    assert at.slider(key="n").value == 2007 and not at.warning


def test_an_unreadable_link_value_keeps_the_usual_warning():
    at = _app("slider", 2000, 2010, 2005, link="abc")
    assert at.slider(key="n").value == 2005
    assert "“From” value `abc` is not from 2000 to 2010; showing 2005." in _warnings(at)


def test_dates_one_day_is_text_and_a_link_outside_clamps():
    day = date(2000, 1, 3)
    at = _app("date", day, day, date(2023, 11, 28))
    assert not at.date_input and "Since: **2000-01-03**" in [m.value for m in at.markdown]
    at = _app("date", day, date(2001, 9, 17), date(2023, 11, 28), link="1990-01-01")
    assert at.date_input(key="n").value == day and "outside the data" in _warnings(at)
    assert _app("date", day, date(2001, 9, 17), date(2023, 11, 28)).date_input(key="n").value == date(2001, 9, 17)


def test_trading_days_snap_a_weekend_link_to_the_day_before():
    days = [date(2024, 1, 4), date(2024, 1, 5), date(2024, 1, 8)]
    at = _app("days", days, default=date(2024, 1, 7), link="2024-01-06")
    assert at.select_slider(key="n").value == date(2024, 1, 5)
    assert "is not one of its 3 values (2024-01-04 to 2024-01-08); showing 2024-01-05, the nearest on or before" \
        in _warnings(at)
    at = _app("days", days[:1], default=date(2024, 1, 7))
    assert not at.select_slider and at.session_state["_got"] == days[0]


def test_labels_fall_back_to_the_first_and_a_lone_label_is_text():
    at = _app("labels", ["QQQ", "DIA"], default="SPY")
    assert at.selectbox(key="n").value == "QQQ"
    at = _app("labels", ["QQQ", "DIA"], default="SPY", link="XYZ")
    assert "“Benchmark” value `XYZ`" in _warnings(at)
    at = _app("labels", ["SPY"], default="SPY")
    assert not at.selectbox and "Benchmark: **SPY**" in [m.value for m in at.markdown]
    at = _app("labels", [], default="SPY")
    assert not at.selectbox and at.session_state["_got"] is None
