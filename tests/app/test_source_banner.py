"""The banner over every page: demo and an offline cache are called out, a warm shared store
(the hosted case, kept fresh by the refresh job) is not mistaken for an outage."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _script(kind: str, stale: bool) -> None:
    from analytics.data.base import SourceInfo
    from ui.messages import source_banner

    source_banner(SourceInfo(kind=kind, label="x", stale=stale))


def banner_text(kind: str, stale: bool) -> str:
    at = AppTest.from_function(_script, args=(kind, stale)).run()
    assert not at.exception
    return " ".join(e.value for e in [*at.info, *at.warning])


@pytest.mark.parametrize("kind, stale, expected", [
    ("demo", False, "Demo data"),
    ("cache", True, "Offline"),      # auto fell back to this machine's cache
    ("cache", False, ""),            # --source cache on a store the job keeps warm
    ("live", False, ""),
    ("snapshot", False, ""),
])
def test_banner_names_demo_and_offline_only(kind, stale, expected):
    text = banner_text(kind, stale)
    assert (expected in text) if expected else text == ""
