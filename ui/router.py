"""Keeps every page behind the router in app.py, even on a server's very first request.

Streamlit treats an app with a ``pages/`` folder as a legacy multipage app until the first
``st.navigation`` call. If a fresh server's first request is a deep link (``/technicals``),
it runs that page file alone, without app.py's sidebar. The page then asks for a rerun with
the legacy mode switched off, which runs app.py and routes to the same page.
"""
from __future__ import annotations

import streamlit as st


def leave_legacy_pages() -> None:
    """Switch Streamlit's legacy ``pages/`` mode off for this process, so every request runs
    app.py (a server that warms itself does this before its first request: no reroute)."""
    try:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
    except (ImportError, AttributeError):  # a future Streamlit without the legacy mode
        pass


def require_router(context_key: str) -> None:
    """Call first in every page: reroute through app.py when it did not run."""
    if context_key in st.session_state:
        return
    leave_legacy_pages()
    st.rerun()
