"""The reconnection notice (ui/reconnect.py) rests on one piece of Streamlit's session state:
if an upgrade moves it, this fails instead of the notice going quiet."""
from __future__ import annotations

from streamlit.runtime.state.session_state import SessionState
from streamlit.testing.v1 import AppTest

from ui import reconnect


def test_streamlit_still_keeps_the_runs_incoming_widget_values_where_the_notice_reads_them():
    state = SessionState()
    assert len(state._new_widget_state) == 0


def _app():
    from ui.reconnect import note_restored_connection

    note_restored_connection()


def test_a_fresh_session_is_not_told_its_connection_was_restored():
    at = AppTest.from_function(_app)
    at.run()
    assert not at.exception and not at.toast
    at.run()  # a rerun of the same session neither
    assert not at.exception and not at.toast


def test_the_notice_is_one_line():
    assert "\n" not in reconnect.MESSAGE and len(reconnect.MESSAGE) < 120
