"""AppTest of the Breadth page on demo data."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP, TIMEOUT, texts


def breadth(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as_of": "2023-11-28", **query})
    at.run()
    return at.switch_page("pages/breadth.py").run()


def test_sp500_breadth_with_denominators_and_caveat():
    at = breadth()
    assert not at.exception, [e.value for e in at.exception]
    labels = [m.label for m in at.metric]
    assert labels[:3] == ["Above 20-day", "Above 50-day", "Above 200-day"]
    assert all(m.value.endswith("%") for m in at.metric[:3])
    assert any("members with 50 days of history" in c for c in texts(at, "caption"))
    assert any("Survivorship bias" in w for w in texts(at, "warning"))  # demo list dated 2025
    assert len(at.get("plotly_chart")) == 3  # breadth, A/D, concentration


def test_russell_universe():
    at = breadth(universe="Russell 2000")
    assert not at.exception and len(at.get("plotly_chart")) == 2


def test_custom_list_waits_for_an_upload():
    at = breadth(universe="Custom list")
    assert not at.exception
    assert any("Upload a CSV" in t for t in texts(at, "info"))
