"""Start loading the chart library the moment a page opens, not when its first chart arrives.

Streamlit's frontend fetches and compiles its Plotly module (4.7 MB of plotly.js) only when
the first chart element reaches the browser, after the page's data work on the server; on a
2-core host that compile takes a second or two, and it was the largest part of a first
chart's wait. The first element of every run (app.py, top of the sidebar) is a tiny module
script in an ``st.html`` element (no iframe: it runs in the app's document) that imports the
same module by the same URL while the server is still computing, so when the chart arrives
the module is already in the browser's module map. A plain script, not a Custom Component:
a component first loads Streamlit's component module and its Arrow readers, which held the
import back (the landing page's first chart came 0.5 s sooner in an interleaved A/B of 10
loads, 3.58 s against 4.07 s, the bare one-chart app 2.88 s). The module's file name is read
from the installed Streamlit; if it is not found, nothing is put on the page and charts load
as before.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st

#: Streamlit's code-split Plotly chart module, beside its entry script.
CHUNK_GLOB = "PlotlyChart.*.js"

#: Run once per page load (a rerun finds the import under way or done). ``{chunk}`` is filled in.
_SCRIPT = """<script type="module">
if (!window.__dashboardPlotlyPreload) {
  const entry = document.querySelector('script[type="module"][src*="/static/js/"]');
  // The same absolute URL Streamlit's own dynamic import resolves to, so the module is shared.
  if (entry) window.__dashboardPlotlyPreload = import(new URL("{chunk}", entry.src).href).catch(() => null);
}
</script>"""


@lru_cache(maxsize=1)
def chunk_name() -> str | None:
    """File name of Streamlit's Plotly chart module, or ``None`` when this build has none."""
    static = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(static.glob(CHUNK_GLOB))
    return found[0].name if found else None


def preload_charts() -> None:
    """Put the preloader on the page (a script alone: nothing shown)."""
    name = chunk_name()
    if name:
        st.html(_SCRIPT.replace("{chunk}", name), unsafe_allow_javascript=True)
