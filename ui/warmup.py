"""Warm a freshly started server before its first viewer: import our modules (and with them
pandas, Plotly, the indicator library, the object-store client), the parts of Streamlit a
first page loads lazily, and open the data source. ``serve.py`` runs it in the server's
start-up, before the server takes connections.

A cold process spent two to three seconds of the first viewer's page on this: importing
pandas, Plotly, the indicator library and the object-store client, opening the store,
compiling Streamlit's emoji catalog for the page icon, mapping modules to files for its
first element's call-stack check, Plotly's first figure from pandas data, and rerunning a
deep link through app.py. Run beside the first page, in a thread, the imports shared the one interpreter lock
with it and the page still waited about as long. Run before the server listens, the health
check answers only once the replica is warm: a load balancer, compose's ``service_healthy``
or a rolling deploy sends no viewer to it before (about three seconds on 2 cores), and the
viewer's page starts on a warm process. Capped at ``READY_WITHIN_S``: a slower warm-up goes
on in the background and the server starts anyway.
"""
from __future__ import annotations

import asyncio
import importlib
import inspect
import logging
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Our own packages; importing their modules imports their libraries too.
PACKAGES = ("ui", "analytics")
#: Streamlit modules a first page imports on first use: the emoji catalog (its regular
#: expression compiles in about 0.4 s) for the page icon, the icon names for the navigation.
STREAMLIT_LAZY = ("streamlit.emojis", "streamlit.material_icon_names")
#: Longest the server's start waits for the warm-up before it takes connections anyway.
READY_WITHIN_S = 60.0

log = logging.getLogger(__name__)


def our_modules(root: Path = ROOT) -> list[str]:
    """Every module of ``ui`` and ``analytics`` (pages import some lazily, inside functions)."""
    names = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return [n for n in names if n != __name__ and not n.endswith("__main__")]


def _first_figure() -> None:
    """Serialize one tiny figure from pandas data, as a page's first chart does: Plotly
    imports its dataframe layer (narwhals' pandas namespace) only then."""
    import pandas as pd
    import plotly.graph_objects as go

    go.Figure(go.Scatter(x=pd.Index([0, 1]), y=pd.Series([1.0, 2.0]))).to_dict()


def warm(spec: str | None = None) -> dict[str, float]:
    """Import the pages' modules, then build the source (``spec``: as the app would pick it).

    Returns the seconds each step took. A failure is logged (its type only: a source's error
    can name a store URL) and never raised: the first viewer then meets it on the page, with
    the page's own message.
    """
    timings: dict[str, float] = {}
    began = time.perf_counter()
    for name in (*our_modules(), *STREAMLIT_LAZY):
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 (a page's own import error is shown by the page)
            log.warning("warm-up: importing %s failed (%s)", name, type(exc).__name__)
    from ui.router import leave_legacy_pages

    leave_legacy_pages()
    # Streamlit's first element of a process asks for the call stack (a check for running
    # outside ``streamlit run``): inspect then maps every loaded module to its file, about
    # 0.4 s on 2 cores. Built here (a source line per frame is what makes it map them), that
    # map is only topped up later.
    inspect.stack(context=1)
    _first_figure()
    timings["imports_s"] = time.perf_counter() - began
    began = time.perf_counter()
    try:
        from ui.source import get_source, source_spec

        source = get_source(spec or source_spec())
        source.info()
        warm_source = getattr(source, "warm", None)  # a store-backed source opens its store
        if warm_source is not None:
            warm_source()
    except Exception as exc:  # noqa: BLE001
        log.warning("warm-up: opening the source failed (%s)", type(exc).__name__)
    timings["source_s"] = time.perf_counter() - began
    began = time.perf_counter()
    try:  # what no date changes, computed once per process: the landing page's costliest part
        from ui.source import source_spec
        from ui.theses import warm_undated

        warm_undated(spec or source_spec())
    except Exception as exc:  # noqa: BLE001
        log.warning("warm-up: the undated valuation failed (%s)", type(exc).__name__)
    timings["undated_s"] = time.perf_counter() - began
    log.info("warm-up done: %s", ", ".join(f"{k} {v:.2f}" for k, v in timings.items()))
    return timings


def start(spec: str | None = None) -> threading.Thread:
    """Run :func:`warm` in a daemon thread (a server shutting down does not wait for it)."""
    thread = threading.Thread(target=warm, args=(spec,), name="warm-up", daemon=True)
    thread.start()
    return thread


async def ready(spec: str | None = None, within_s: float = READY_WITHIN_S) -> bool:
    """Warm the process (in a thread, so the event loop stays free), waiting at most
    ``within_s`` seconds. Returns whether the warm-up finished in time; when it did not, it
    goes on in its thread and the caller proceeds."""
    thread = start(spec)
    deadline = time.monotonic() + within_s
    while thread.is_alive() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    if thread.is_alive():
        log.warning("warm-up still running after %.0f s: taking connections anyway", within_s)
    return not thread.is_alive()
