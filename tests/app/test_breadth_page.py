"""AppTest of the Breadth page on demo data."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP, TIMEOUT, texts


def breadth(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as_of": "2023-11-28", **query})
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


def test_member_prices_that_stop_early_are_called_out(tmp_path, monkeypatch):
    from analytics.breadth.universes import UNIVERSE_INDEX
    from analytics.data.demo import DemoSource
    from tests.app.snapshots import snapshot_ending_early

    members = list(DemoSource().universe("nasdaq100").symbols)
    spec = snapshot_ending_early(tmp_path, ["IWM", "SPY", "QQQ", UNIVERSE_INDEX["nasdaq100"], *members], members,
                                 "2023-06-30", universes=["nasdaq100"])  # member closes stop at June's end
    monkeypatch.setenv("DASHBOARD_SOURCE", spec)
    at = breadth(universe="Nasdaq-100")
    assert not at.exception, [e.value for e in at.exception]
    assert any("end on **2023-06-30**" in w and "as of 2023-06-30" in w for w in texts(at, "warning")), \
        texts(at, "warning")
    # The charts end there too, rather than showing an empty window up to the as-of date.
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    pct = next(t for t in spec["data"] if t["name"].startswith("% above"))
    assert len(pct["x"]) > 200 and max(pct["x"])[:10] == "2023-06-30"
    at = breadth(universe="Nasdaq-100", as_of="2023-06-30")
    assert not any("end on" in w for w in texts(at, "warning"))


def test_rerun_does_not_reload_member_prices(monkeypatch):
    import ui.member_loaders

    calls = []
    real = ui.member_loaders.fetch_in_chunks

    def counting(source, symbols, **kwargs):
        calls.append(len(symbols))
        return real(source, symbols, **kwargs)

    monkeypatch.setattr(ui.member_loaders, "fetch_in_chunks", counting)
    # The member memo is shared by every session of the process: an earlier test in this
    # worker may have loaded these members already, and then the first run reads nothing.
    ui.member_loaders._member_loads().clear()
    at = breadth(universe="Russell 2000", years="3")
    first = len(calls)
    at.run()
    assert not at.exception and first >= 1
    assert calls[first:] == []  # the rerun reads no member prices at all
