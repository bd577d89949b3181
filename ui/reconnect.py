"""A replica lost: the viewer's browser reconnects through the proxy to another replica, the
page runs again there at the same URL, and the viewer is told so in one line.

Behind the proxy a session lives in one replica. When that replica dies, Streamlit's frontend
reconnects (the proxy's sticky cookie then names a live replica), and the new replica opens a
new session: it knows nothing of the old one, but every view is in its link and the browser
sends its URL and its widgets' values with the next run, so the page comes back the same.

Two pieces make that visible at once:

* Streamlit's frontend asks for a run on reconnecting only when the app has an auto-rerun
  (otherwise it keeps showing the last page, now served by nobody, until the next click). An
  empty fragment with ``run_every`` (:func:`rerun_on_reconnect`) is that auto-rerun; it costs
  one empty fragment run per session every ``KEEPALIVE``.
* A session's first run normally comes from a fresh page load, with no widget values. A first
  run that brings them comes from a browser that was already showing this page from another
  server (or from this one before a restart): :func:`restored_connection` says so, and
  :func:`note_restored_connection` tells the viewer in one line.
"""
from __future__ import annotations

from datetime import timedelta

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

#: How often the empty fragment runs in an idle session.
KEEPALIVE = timedelta(minutes=10)
_SEEN = "_dashboard_session_seen"
MESSAGE = "Connection restored: this page is now served by another server, with the same view and numbers."


def restored_connection() -> bool:
    """True on a session's first run when the browser brought widget values with it."""
    if _SEEN in st.session_state:
        return False
    st.session_state[_SEEN] = True
    ctx = get_script_run_ctx()
    try:  # Streamlit's own record of the values this run's request carried
        return len(ctx.session_state._state._new_widget_state) > 0
    except AttributeError:  # another Streamlit version: say nothing rather than guess
        return False


@st.fragment(run_every=KEEPALIVE)
def rerun_on_reconnect() -> None:
    """An empty auto-rerunning fragment: the frontend reruns the page when it reconnects."""


def note_restored_connection() -> None:
    """Call first in every run: the one-line notice after a reconnection, and the auto-rerun."""
    if restored_connection():
        st.toast(MESSAGE, icon="🔌", duration="long")
    rerun_on_reconnect()
