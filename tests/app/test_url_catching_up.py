"""A URL-bound control whose link lags behind the viewer's own changes (quick key presses on
a slider start runs that replace each other before the URL follows) gets no warning; a link
value the control never showed still does."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

TIMEOUT = 30


def _script() -> None:
    import streamlit as st

    from ui.state import bound, url_warnings_box

    url_warnings_box()
    st.write(f"value {bound(st.slider, 'n', 'N', 0, 20, 5)}")


def _app(link: str | None = None) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=TIMEOUT)
    if link is not None:
        at.query_params["n"] = link
    return at.run()


def _warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_a_url_a_few_runs_behind_the_slider_is_not_called_a_bad_link():
    at = _app("6")
    assert not _warnings(at)
    for value in (7, 8, 9):  # three quick presses; the URL still says 6
        at.slider(key="n").set_value(value).run()
        assert not at.exception
        assert not _warnings(at), (value, _warnings(at))
    assert at.markdown[-1].value == "value 9"


def test_a_link_value_the_control_never_showed_is_still_reported():
    at = _app("99")
    assert any("“N”" in w and "99" in w for w in _warnings(at))
    at = _app("6")
    at.slider(key="n").set_value(7).run()
    at.query_params["n"] = "abc"  # the link changed to a value no run showed
    at.run()
    assert any("abc" in w for w in _warnings(at))
