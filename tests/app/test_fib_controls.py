"""The Fibonacci controls read back from the session's state (ui/fib_controls.py) are the
values the drawn controls then hold, in every mode and after every kind of change; where an
anchor falls out of a shorter lookback, both fall back to the same default."""
from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

TIMEOUT = 60
AS_OF = "2023-11-28"


def _script(as_of: str) -> None:
    from datetime import date

    import streamlit as st

    from analytics.data.demo import DemoSource
    from ui import fib_controls

    day = date.fromisoformat(as_of)
    bars = DemoSource().prices(["IWM"]).frames["IWM"].loc[:as_of]
    early = fib_controls.settings(bars, day, draw=False)
    early = early and fib_controls.wave_settings(early, draw=False)
    drawn = fib_controls.wave_settings(fib_controls.settings(bars, day, draw=True), draw=True)
    st.session_state["_early"], st.session_state["_drawn"] = early, drawn


def app() -> AppTest:
    at = AppTest.from_function(_script, args=(AS_OF,), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def same(at: AppTest) -> bool:
    early, drawn = at.session_state["_early"], at.session_state["_drawn"]
    return early is not None and early.key == drawn.key and early.days == drawn.days


def test_the_first_run_has_nothing_to_read_back():
    at = app()
    assert at.session_state["_early"] is None
    assert at.session_state["_drawn"].mode == "Auto" and len(at.session_state["_drawn"].dates) == 2


def test_read_back_equals_drawn_through_manual_3_point_ratios_snap_and_waves():
    at = app()
    at.run()
    assert same(at)  # Auto, second run
    at.button_group(key="fib").set_value("Manual").run()
    assert same(at) and at.session_state["_drawn"].mode == "Manual"
    low = at.select_slider(key="fib_low")
    days = at.session_state["_drawn"].days
    low.set_value(days[len(days) // 2]).run()
    assert same(at) and at.session_state["_drawn"].dates[1] == days[len(days) // 2]
    at.button(key="fib_low_back").click().run()  # a nudge: its callback writes the state
    assert same(at) and at.session_state["_drawn"].dates[1] == days[len(days) // 2 - 1]
    at.multiselect(key="ratios").set_value(["1.618", "2.618"]).run()
    assert same(at) and at.session_state["_drawn"].ratios == (1.618, 2.618)
    at.button_group(key="fib_snap").set_value("Close").run()
    assert same(at) and at.session_state["_drawn"].basis == "close"
    at.slider(key="zz").set_value(12.5).run()
    at.toggle(key="waves").set_value(True).run()
    assert same(at) and at.session_state["_drawn"].zz_pct == 12.5 and at.session_state["_drawn"].show_candidate
    at.button_group(key="fib").set_value("3-point").run()
    at.run()
    assert same(at) and len(at.session_state["_drawn"].dates) == 3


def test_an_anchor_outside_a_shorter_lookback_falls_back_to_the_same_default_both_ways():
    at = app()
    at.button_group(key="fib").set_value("Manual").run()
    at.slider(key="fib_years").set_value(10).run()
    at.select_slider(key="fib_high").set_value(at.session_state["_drawn"].days[0]).run()
    assert same(at)
    at.slider(key="fib_years").set_value(1).run()  # the swing high is now before the window
    drawn = at.session_state["_drawn"]
    assert drawn.dates[0] >= date.fromisoformat(AS_OF).replace(year=2022) and drawn.dates[0] in drawn.days
    assert same(at)


def _early_script(as_of: str) -> None:
    from datetime import date

    import streamlit as st

    from analytics.data.demo import DemoSource
    from ui import fib_controls

    bars = DemoSource().prices(["IWM"]).frames["IWM"].loc[:as_of]
    st.session_state["_early"] = fib_controls.early_settings(bars, date.fromisoformat(as_of))
    fib_controls.wave_settings(fib_controls.settings(bars, date.fromisoformat(as_of), draw=True), draw=True)


def test_after_a_miss_the_next_run_draws_the_controls_first():
    at = AppTest.from_function(_early_script, args=(AS_OF,), default_timeout=TIMEOUT).run()
    assert at.session_state["_early"] is None  # first run
    at.run()
    assert at.session_state["_early"] is not None
    at.session_state["_fib_early_missed"] = True  # as early_missed() leaves it for its rerun
    at.run()
    assert at.session_state["_early"] is None and "_fib_early_missed" not in at.session_state
    at.run()
    assert at.session_state["_early"] is not None
