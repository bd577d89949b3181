"""A release of a dragged handle, as the page's callback receives it: the sliders' state, the
mode and the link's parameters (ui/fib_drag._on_release), without a browser."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from ui import fib_drag

KEYS = ("fib_high", "fib_low")


@pytest.fixture
def fake_st(monkeypatch):
    fake = SimpleNamespace(session_state={}, query_params={})
    monkeypatch.setattr(fib_drag, "st", fake)
    return fake


def release(fake, **value) -> None:
    fake.session_state[fib_drag.KEY] = {"release": value}
    fib_drag._on_release(KEYS, "fib")


def test_a_manual_release_sets_the_moved_slider_only(fake_st):
    fake_st.session_state.update(fib_high=date(2021, 1, 4), fib="Manual")
    release(fake_st, moved="fib_low", mode="Manual", dates={"fib_high": "2021-01-04", "fib_low": "2022-08-12"})
    assert fake_st.session_state["fib_low"] == date(2022, 8, 12)
    assert fake_st.session_state["fib_high"] == date(2021, 1, 4) and fake_st.session_state["fib"] == "Manual"
    assert fake_st.query_params == {}  # Streamlit writes a drawn slider's new value into the URL


def test_an_auto_release_switches_to_manual_with_both_anchors_in_the_link(fake_st):
    release(fake_st, moved="fib_low", mode="Auto", dates={"fib_high": "2021-01-04", "fib_low": "2022-08-12"})
    assert fake_st.session_state["fib"] == "Manual"
    assert fake_st.session_state["fib_high"] == date(2021, 1, 4)
    assert fake_st.query_params == {"fib_high": "2021-01-04", "fib_low": "2022-08-12"}


def test_keys_the_page_did_not_draw_are_ignored(fake_st):
    release(fake_st, moved="fib_c", mode="3-point", dates={"fib_c": "2022-08-12"})
    assert "fib_c" not in fake_st.session_state
