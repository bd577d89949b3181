"""AppTest of the "What happened next" section (ui/forward.py) through a tiny script that
builds the page context the scorecard page hands it, on demo data and on small snapshots
written from it (no adjusted closes, adjusted closes ending early, prices ending early)."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.data.csvdir import write_snapshot
from analytics.data.demo import DemoSource
from analytics.performance.forward import FORWARD_SYMBOLS, RATIO_NAME
from tests.app.snapshots import snapshot_ending_early
from tests.app.test_pages import text_tables

TIMEOUT = 60


def _script(spec: str, as_of: str) -> None:
    from datetime import date

    from ui.forward import render_what_happened_next
    from ui.sidebar import PageContext
    from ui.source import get_source

    day = date.fromisoformat(as_of)
    render_what_happened_next(PageContext(spec, get_source(spec).info(), day, day, day))


def section(spec: str = "demo", as_of: str = "2023-11-28") -> AppTest:
    at = AppTest.from_function(_script, args=(spec, as_of), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tables(at: AppTest) -> list[pd.DataFrame]:
    return text_tables(at)


def chart_spec(at: AppTest) -> dict | None:
    charts = at.get("plotly_chart")
    return json.loads(charts[0].proto.spec) if charts else None


def everything(at: AppTest) -> str:
    return " ".join(e.value for kind in (at.caption, at.info, at.warning, at.markdown) for e in kind)


def test_demo_date_shows_both_return_tables_the_chart_and_the_touches():
    at = section()
    price, total, touches = tables(at)
    assert list(price.index) == [*FORWARD_SYMBOLS, RATIO_NAME] == list(total.index)
    assert price.columns[0] == "1m (2023-12-28)" and price.columns[3] == "12m (2024-11-28)"
    assert all(str(v).endswith("%") for v in price.to_numpy().ravel())  # every horizon reached
    assert price.to_numpy().tolist() != total.to_numpy().tolist()       # dividends count
    assert list(touches.index) == ["0.618", "1", "1.272", "1.618", "2", "2.618"]
    spec = chart_spec(at)
    assert [t["name"] for t in spec["data"]][:3] == list(FORWARD_SYMBOLS)
    touched = tables(at)[2]["first touched"]
    markers = [t for t in spec["data"] if t["name"] == "IWM reached a Fibonacci target"]
    assert len(markers) == 1 and markers[0]["x"] == [d for d in touched if d != "not yet"]
    assert "2023-11-28" in spec["layout"]["title"]["text"]
    assert any(a["text"] == "as of 2023-11-28" for a in spec["layout"]["annotations"])
    # Rebased to 100 on the as-of date itself.
    iwm = spec["data"][0]
    at_date = [y for x, y in zip(iwm["x"], iwm["y"]) if str(x).startswith("2023-11-28")]
    assert at_date == [100.0]
    keys = {b.key for b in at.get("download_button")}
    assert keys == {"dl_forward_price_returns", "dl_forward_total_returns", "dl_forward_rebased_price",
                    "dl_forward_fib_touches"}


def test_total_return_chart_basis():
    at = section()
    at.button_group(key="fwd_basis").set_value("Total return").run()
    assert not at.exception
    assert "total return" in chart_spec(at)["layout"]["title"]["text"]
    assert "dl_forward_rebased_total" in {b.key for b in at.get("download_button")}


def test_a_recent_date_says_not_yet_never_a_partial_return():
    last = DemoSource().prices(["IWM"]).frames["IWM"].index[-1]
    as_of = (last - pd.DateOffset(months=2)).date().isoformat()
    price = tables(section(as_of=as_of))[0]
    assert price.iloc[:, 0].str.endswith("%").all()                 # 1m reached
    assert (price.iloc[:, 1:4] == "not yet").all().all()             # 3m, 6m, 12m not yet


def test_before_iwm_lists_the_rows_say_so(tmp_path):
    at = section(as_of="2000-03-01")  # demo IWM lists 2000-05-26
    price = tables(at)[0]
    assert (price.loc["IWM"] == "n/a").all() and (price.loc[RATIO_NAME] == "n/a").all()
    assert price.loc["SPY"].str.endswith("%").all()
    assert any("IWM** from 2000-05-26" in w.value for w in at.warning)
    assert "No targets" in everything(at)


def test_after_the_data_ends_nothing_has_happened_yet(tmp_path):
    spec = snapshot_ending_early(tmp_path, list(FORWARD_SYMBOLS), list(FORWARD_SYMBOLS), "2024-06-28")
    at = section(spec, "2024-09-30")
    price = tables(at)[0]
    assert (price == "not yet").all().all()
    assert "nothing has happened next yet" in everything(at)
    assert chart_spec(at) is None and "to chart yet" in everything(at)


def test_a_source_without_adjusted_closes_reads_na_for_total_returns(tmp_path):
    write_snapshot(DemoSource(), tmp_path, list(FORWARD_SYMBOLS), [])
    for symbol in FORWARD_SYMBOLS:
        path = tmp_path / "prices" / f"{symbol}.csv"
        pd.read_csv(path).drop(columns="adj_close").to_csv(path, index=False)
    at = section(f"dir:{tmp_path}")
    price, total, _ = tables(at)
    assert price.iloc[:, 0].str.endswith("%").all()
    assert (total == "n/a").all().all()
    assert "no adjusted closes for IWM, SPY, QQQ" in everything(at)
    # One basis left: said as text (ui/ranged.py), not a control with one option.
    assert "fwd_basis" not in [b.key for b in at.button_group]
    assert "Chart basis: **Price**" in [m.value for m in at.markdown]


def test_adjusted_closes_ending_early_name_their_last_day(tmp_path):
    write_snapshot(DemoSource(), tmp_path, list(FORWARD_SYMBOLS), [])
    for symbol in FORWARD_SYMBOLS:
        path = tmp_path / "prices" / f"{symbol}.csv"
        frame = pd.read_csv(path)
        frame.loc[frame["date"] > "2025-06-30", "adj_close"] = None
        frame.to_csv(path, index=False)
    total = tables(at := section(f"dir:{tmp_path}"))[1]
    assert total.columns[-1] == "latest (2025-06-30)"
    assert "adjusted closes end 2025-06-30" in everything(at)


@pytest.mark.parametrize("as_of", ["1990-01-02", "2031-01-01"])
def test_any_date_of_the_sidebar_range_renders(as_of):
    section(as_of=as_of)
