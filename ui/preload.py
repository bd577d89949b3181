"""Start loading the chart library the moment a page opens, not when its first chart arrives.

Streamlit's frontend fetches and compiles its Plotly module (4.7 MB of plotly.js) only when
the first chart element reaches the browser, after the page's data work on the server; on a
2-core host that compile takes a second or two, and it was the largest part of a first
chart's wait. A tiny Custom Components v2 script (no iframe: it runs in the app's document)
imports the same module by the same URL while the server is still computing, so when the
chart arrives the module is already in the browser's module map. The module's file name is
read from the installed Streamlit; if it is not found, nothing is mounted and charts load as
before.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st

#: Streamlit's code-split Plotly chart module, beside its entry script.
CHUNK_GLOB = "PlotlyChart.*.js"

_JS = """
export default function (component) {
  const chunk = component.data && component.data.chunk;
  if (!chunk || window.__dashboardPlotlyPreload) return;
  const entry = document.querySelector('script[type="module"][src*="/static/js/"]');
  if (!entry) return;
  // The same absolute URL Streamlit's own dynamic import resolves to, so the module is shared.
  window.__dashboardPlotlyPreload = import(new URL(chunk, entry.src).href).catch(() => null);
}
"""


@lru_cache(maxsize=1)
def chunk_name() -> str | None:
    """File name of Streamlit's Plotly chart module, or ``None`` when this build has none."""
    static = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(static.glob(CHUNK_GLOB))
    return found[0].name if found else None


@lru_cache(maxsize=1)
def _component():
    return st.components.v2.component("dashboard_plotly_preload", js=_JS)


def preload_charts() -> None:
    """Mount the preloader (an empty element: nothing shown)."""
    name = chunk_name()
    if name:
        _component()(data={"chunk": name}, key="plotly_preload")
