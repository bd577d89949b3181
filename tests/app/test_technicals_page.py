"""AppTest of the Technicals page: signals, Fibonacci table, sliders, bad settings."""
from __future__ import annotations

from datetime import date
from io import StringIO

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.data.demo import DemoSource
from tests.app.test_pages import APP, TIMEOUT, texts
from ui import fib_drag


def technicals(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as_of": "2023-11-28", **query})
    # Switched before the first run: AppTest keeps app.py's own elements (the link's
    # warnings, the sidebar) only on a first run.
    return at.switch_page("pages/technicals.py").run()


def fib_block(at: AppTest) -> str:
    """The Fibonacci tables' HTML block (ui/fib_tables.py)."""
    return next(h.value for h in at.get("html") if 'class="fib-tables"' in h.value)


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The Fibonacci table showing ``column``, its rows named as on screen ("1.618", "as set")."""
    tables = pd.read_html(StringIO(fib_block(at)), index_col=0)
    for table in tables:
        table.index = [f"{i:g}" if isinstance(i, float) else str(i) for i in table.index]
    return next(t for t in tables if column in t.columns)


def targets(at: AppTest) -> list[float]:
    return table_with(at, "target")["target"].round(4).tolist()


def test_page_shows_signals_and_levels():
    at = technicals()
    assert not at.exception, [e.value for e in at.exception]
    labels = [m.label for m in at.metric]
    assert labels == ["MACD (12, 26, 9)", "RSI 14", "Close vs 50-week average"]
    assert len(targets(at)) == 6
    sens = table_with(at, "1.618")
    assert sens.loc["as set", "1.618"] == pytest.approx(targets(at)[3], abs=0.01)


def test_moving_the_lookback_slider_changes_the_table():
    at = technicals()
    before = targets(at)
    at.slider(key="fib_years").set_value(1).run()
    assert not at.exception
    assert targets(at) != before


def test_manual_anchor_slider_moves_targets():
    at = technicals(fib="Manual")
    before = targets(at)
    # The as-of bar's low is above the drawdown's trough and below its peak (the window's max).
    at.select_slider(key="fib_low").set_value(date(2023, 11, 28)).run()
    assert not at.exception and targets(at) != before


def test_low_before_high_is_read_as_a_rise_and_said_so():
    at = technicals(fib="Manual", fib_high="2023-10-27", fib_low="2022-10-14")
    assert not at.exception
    assert any("read as a rise" in c and "high − r × (high − low)" in c for c in texts(at, "caption"))
    table = table_with(at, "target")
    # Levels of a rise point down from the high: 1.618 sits below 1, which sits at the low.
    assert table.loc["1.618", "target"] < table.loc["1", "target"] < table.loc["0.618", "target"]


def test_same_bar_for_both_anchors_is_refused_with_a_message():
    at = technicals(fib="Manual", fib_high="2023-10-27", fib_low="2023-10-27")
    assert not at.exception
    assert any("same bar" in w for w in texts(at, "warning"))


def test_anchor_sliders_step_through_trading_days_and_nudge():
    # No anchor in the link: AppTest, unlike a browser, does not write a widget's new value
    # back into the URL, so a linked anchor would read as a value the page dropped.
    at = technicals(fib="Manual")
    days = list(DemoSource().prices(["IWM"]).frames["IWM"].loc[:"2023-11-28"].index.date)
    start = at.select_slider(key="fib_low").value
    assert start in days  # a trading day, never a weekend
    at.button(key="fib_low_fwd").click().run()
    assert at.select_slider(key="fib_low").value == days[days.index(start) + 1]
    at.button(key="fib_low_back").click().run()
    at.button(key="fib_low_back").click().run()
    assert at.select_slider(key="fib_low").value == days[days.index(start) - 1]
    assert not any("Session State" in w for w in texts(at, "warning"))


def test_every_bad_link_value_is_reported():
    at = technicals(fib_years="99", zz="abc", fib="Sideways", ratios=["1.618", "9.9"], bars="Hourly")
    assert not at.exception
    warnings = " ".join(texts(at, "warning"))
    for fragment in ("“Lookback (years)” value `99` is not from 1 to 10", "“Zigzag threshold (%)” value `abc`",
                     "“Anchors” value `Sideways`", "“Ratios” value `9.9` is not an option", "“Bars” value `Hourly`"):
        assert fragment in warnings, (fragment, warnings)


def test_three_point_and_weekly_and_other_symbol():
    at = technicals(fib="3-point", bars="Weekly", sym_other="qqq")
    assert not at.exception
    assert any("QQQ weekly" in str(c.proto.spec) for c in at.get("plotly_chart"))
    assert len(targets(at)) >= 1


def test_no_ratio_selected_says_so():
    at = technicals()
    at.multiselect(key="ratios").set_value([]).run()
    assert any("at least one ratio" in w for w in texts(at, "warning"))


def test_unknown_symbol_is_a_message():
    at = technicals(sym_other="NOPE")
    assert not at.exception
    assert any("NOPE" in w for w in texts(at, "warning"))


def test_elliott_rules_listed():
    at = technicals(zz="5")
    body = " ".join(texts(at, "markdown"))
    assert "Wave 3 is not the shortest" in body


def test_symbol_that_ends_before_the_as_of_date_is_called_out(tmp_path, monkeypatch):
    from tests.app.snapshots import snapshot_ending_early

    spec = snapshot_ending_early(tmp_path, ["IWM", "SPY", "QQQ", "^NDX"], ["^NDX"], "2023-06-30")
    monkeypatch.setenv("DASHBOARD_SOURCE", spec)
    at = technicals(sym="^NDX")
    assert not at.exception, [e.value for e in at.exception]
    assert any("^NDX" in w and "no bars after 2023-06-30" in w for w in texts(at, "warning")), texts(at, "warning")
    # IWM runs to the as-of date: no such warning.
    at = technicals(sym="IWM")
    assert not any("no bars after" in w for w in texts(at, "warning"))


def test_pinned_link_reopens_the_same_targets():
    from urllib.parse import parse_qs, urlsplit

    at = technicals(fib="Manual", fib_low="2023-03-13", ratios=["1", "1.618"], zz="6")
    link = next(c.value for c in at.code if "fib_low=" in c.value)
    assert "sym=IWM" in link and "bars=Daily" in link and "fib_years=3" in link
    query = parse_qs(urlsplit(link).query)
    # Everything is written out, the defaults that move with the data included.
    assert query["as_of"] == ["2023-11-28"] and query["fib"] == ["Manual"]
    assert query["fib_low"] == ["2023-03-13"] and len(query["fib_high"]) == 1
    assert query["ratios"] == ["1", "1.618"] and query["zz"] == ["6"]
    assert urlsplit(link).path.endswith("technicals")
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params.update(query)
    again.run()
    again = again.switch_page("pages/technicals.py").run()
    assert not again.exception
    assert targets(again) == targets(at) and len(targets(at)) == 2


def handles_data(at: AppTest) -> dict:
    """What the page handed the drag handles (ui/fib_drag) on this run."""
    import json

    return json.loads(next(c for c in at.get("bidi_component") if c.key == fib_drag.KEY).proto.json)


def test_handles_sit_on_the_sliders_anchors_and_follow_a_slider_move():
    at = technicals(fib="Manual")
    data = handles_data(at)
    assert data["chart"] == "price_chart" and data["keys"] == ["fib_high", "fib_low"] and data["mode"] == "Manual"
    day = lambda key: date.fromisoformat(data["bars"]["d"][data["at"][key]])  # noqa: E731
    assert day("fib_high") == at.select_slider(key="fib_high").value
    assert day("fib_low") == at.select_slider(key="fib_low").value
    assert data["ratios"] == [0.618, 1.0, 1.272, 1.618, 2.0, 2.618] and data["basis"] == "high/low"
    at.select_slider(key="fib_low").set_value(date(2023, 11, 28)).run()
    data = handles_data(at)
    assert day("fib_low") == date(2023, 11, 28)
    # Three handles in 3-point mode; the close as the anchors' price when the setting says so.
    data = handles_data(technicals(fib="3-point", fib_snap="Close"))
    assert data["keys"] == ["fib_a", "fib_b", "fib_c"] and data["basis"] == "close"


def test_anchor_on_close_reads_the_anchors_closes():
    at = technicals(fib="Manual", fib_snap="Close")
    assert not at.exception
    caption = fib_block(at).split('class="fib-caption">', 1)[1]
    assert caption.startswith("Anchors: close ") and "→ close " in caption


def test_with_the_handles_off_the_page_says_so_and_keeps_chart_and_sliders(monkeypatch):
    monkeypatch.setenv("DASHBOARD_FIB_DRAG", "off")
    at = technicals(fib="Manual")
    assert not at.exception and not [c for c in at.get("bidi_component") if c.key == fib_drag.KEY]
    assert any(c.startswith("Dragging the anchors on the chart is unavailable here") for c in texts(at, "caption"))
    assert at.select_slider(key="fib_low") and len(at.get("plotly_chart")) == 2
