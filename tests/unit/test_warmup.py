"""Server warm-up (ui/warmup.py, started by serve.py): what it imports, that it opens the
source and its store, and that a failure is logged without the source's details."""
from __future__ import annotations

import logging

from ui import warmup


def test_it_imports_every_module_of_ours_but_itself():
    names = warmup.our_modules()
    assert {"ui.sidebar", "ui.member_loaders", "analytics.breadth", "analytics.data.panel_source",
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

    source = FakeSource()
    asked = []
    monkeypatch.setattr(ui.source, "get_source", lambda spec: asked.append(spec) or source)
    timings = warmup.warm("cache")
    assert asked == ["cache"] and source.warmed == 1
    assert set(timings) == {"imports_s", "source_s"} and all(v >= 0 for v in timings.values())


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
