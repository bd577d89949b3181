"""Warm a freshly started server before its first viewer: import our modules (and with them
pandas, Plotly, the indicator library, the object-store client) and open the data source, in a background thread started when the server starts (``serve.py``).

A cold process spent about two seconds of the first viewer's page importing pandas, Plotly,
the indicator library and the object-store client, and opening the store; the browser spends
as long loading Streamlit's own scripts, so the two now overlap. The health check answers at
once: a viewer who arrives before the warm-up is done waits only for the part not yet done
(imports and ``st.cache_resource`` both let a second caller wait for the first).
"""
from __future__ import annotations

import importlib
import logging
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Our own packages; importing their modules imports their libraries too.
PACKAGES = ("ui", "analytics")

log = logging.getLogger(__name__)


def our_modules(root: Path = ROOT) -> list[str]:
    """Every module of ``ui`` and ``analytics`` (pages import some lazily, inside functions)."""
    names = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return [n for n in names if n != __name__ and not n.endswith("__main__")]


def warm(spec: str | None = None) -> dict[str, float]:
    """Import the pages' modules, then build the source (``spec``: as the app would pick it).

    Returns the seconds each step took. A failure is logged (its type only: a source's error
    can name a store URL) and never raised: the first viewer then meets it on the page, with
    the page's own message.
    """
    timings: dict[str, float] = {}
    began = time.perf_counter()
    for name in our_modules():
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 (a page's own import error is shown by the page)
            log.warning("warm-up: importing %s failed (%s)", name, type(exc).__name__)
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
    log.info("warm-up done: %s", ", ".join(f"{k} {v:.2f}" for k, v in timings.items()))
    return timings


def start(spec: str | None = None) -> threading.Thread:
    """Run :func:`warm` in a daemon thread (a server shutting down does not wait for it)."""
    thread = threading.Thread(target=warm, args=(spec,), name="warm-up", daemon=True)
    thread.start()
    return thread
