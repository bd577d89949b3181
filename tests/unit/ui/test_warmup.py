"""Server warm-up (ui/warmup.py, started by serve.py): what it imports, that it opens the
source and its store, and that a failure is logged without the source's details."""
from __future__ import annotations

import logging

import pytest

from ui import warmup


@pytest.fixture(autouse=True)
def _imported_before_any_fake():
    """warm() imports every module of ours: one first imported while a test's fake
    ``get_source`` is in place would keep the fake for good (``from ui.source import
    get_source``) and hand it to every later AppTest in this worker."""
    import importlib

    for name in warmup.our_modules():
        importlib.import_module(name)


@pytest.fixture(autouse=True)
def _keep_pages_mode(monkeypatch):
    """warm() switches Streamlit's legacy pages mode off process-wide: undo it after each test
    (AppTests run in the same worker)."""
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, "uses_pages_directory", PagesManager.uses_pages_directory)


def test_it_imports_every_module_of_ours_but_itself():
    names = warmup.our_modules()
    assert {"ui.sidebar", "ui.member_loaders", "analytics.breadth.measures", "analytics.data.panel_source",
            "analytics.data.objectstore", "analytics"} <= set(names)
    assert "ui.warmup" not in names and not any(n.endswith("__main__") for n in names)
    assert all(not n.startswith("pages") for n in names)  # pages draw the screen: never imported


class FakeSource:
    def __init__(self):
        self.warmed = 0

    def info(self):
        return None

    def warm(self):
        self.warmed += 1


def test_it_opens_the_source_and_warms_its_store(monkeypatch):
    import ui.source
    import ui.theses

    source = FakeSource()
    asked = []
    monkeypatch.setattr(ui.source, "get_source", lambda spec: asked.append(spec) or source)
    undated = []
    monkeypatch.setattr(ui.theses, "warm_undated", undated.append)
    timings = warmup.warm("cache")
    assert asked == ["cache"] and source.warmed == 1
    # and what no date changes is computed before the first viewer asks (the landing page's)
    assert undated == ["cache"]
    assert set(timings) == {"imports_s", "source_s", "undated_s"} and all(v >= 0 for v in timings.values())


def test_a_source_that_fails_is_logged_by_type_only(monkeypatch, caplog):
    import ui.source

    def broken(spec):
        raise RuntimeError("s3://team-bucket/store: AccessDenied for key AKIASECRET")

    monkeypatch.setattr(ui.source, "get_source", broken)
    with caplog.at_level(logging.WARNING, logger="ui.warmup"):
        warmup.warm("cache")  # never raises: the first page shows the source's own message
    assert "RuntimeError" in caplog.text
    assert "AKIASECRET" not in caplog.text and "team-bucket" not in caplog.text


def test_the_thread_is_a_daemon(monkeypatch):
    monkeypatch.setattr(warmup, "warm", lambda spec=None: None)
    thread = warmup.start("demo")
    thread.join(5)
    assert thread.daemon and thread.name == "warm-up"


def test_it_leaves_legacy_pages_and_loads_the_emoji_catalog(monkeypatch):
    import sys

    from streamlit.runtime.pages_manager import PagesManager

    import ui.source

    monkeypatch.setattr(ui.source, "get_source", lambda spec: FakeSource())
    PagesManager.uses_pages_directory = None
    warmup.warm("cache")
    assert PagesManager.uses_pages_directory is False  # a deep link runs app.py at once
    assert set(warmup.STREAMLIT_LAZY) <= set(sys.modules)


def _run_in_own_loop(coroutine):
    """The server's start-up runs in its own event loop (another test's may be running here)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(10)


def test_ready_waits_for_the_warm_up_and_no_longer_than_its_cap(monkeypatch):
    import threading

    finished = threading.Event()
    monkeypatch.setattr(warmup, "warm", lambda spec=None: finished.set())
    assert _run_in_own_loop(warmup.ready("demo")) is True and finished.is_set()

    release = threading.Event()
    monkeypatch.setattr(warmup, "warm", lambda spec=None: release.wait(5))
    assert _run_in_own_loop(warmup.ready("demo", within_s=0.2)) is False  # the server starts anyway
    release.set()
