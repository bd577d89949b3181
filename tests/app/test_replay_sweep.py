"""Every URL-bound control of every page (as registered in app.py) names a bad link value.

Every page at every awkward date of the data is tests/app/test_edge_dates.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP, TIMEOUT

ROOT = Path(__file__).resolve().parents[2]
#: Every page the router knows, read from app.py so a new page joins the sweep by itself.
PAGES = re.findall(r'st\.Page\("(pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text())

GARBAGE = "bad value!"


def _bound_keys(page: str) -> list[str]:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["as_of"] = "2023-11-28"
    at = at.switch_page(page).run()
    return sorted(at.session_state["_view_settings"])


@pytest.mark.parametrize("page", PAGES)
def test_every_bound_control_reports_a_bad_link_value(page):
    """One mechanism for every URL-bound control of every page: each parameter in turn gets a
    value it cannot take, and the page says so (naming the value) instead of dropping it."""
    keys = _bound_keys(page)
    assert keys, "a page with no URL-bound control"
    missed = []
    for key in keys:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params.update({"as_of": "2023-11-28", key: GARBAGE} if key != "as_of" else {key: GARBAGE})
        at = at.switch_page(page).run()
        said = " ".join(str(w.value) for w in at.warning)
        if at.exception or GARBAGE not in said.lower() and GARBAGE.upper() not in said:
            missed.append(f"{key}: {at.exception[0].value if at.exception else said[:200]}")
    assert not missed, "\n".join(missed)
