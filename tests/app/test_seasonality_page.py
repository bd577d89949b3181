"""AppTest of the Seasonality & crypto page on demo data: metrics, charts, controls, replays."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP, TIMEOUT, texts

PAGE = "pages/seasonality.py"


def seasonality(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as_of": "2023-11-28", **query})
    # Switched before the first run, as in test_technicals_page (AppTest keeps app.py's own
    # elements only on a first run).
    return at.switch_page(PAGE).run()


def chart_keys(at: AppTest) -> list[str]:
    return [c.proto.id for c in at.get("plotly_chart")]


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def heatmap(at: AppTest) -> dict:
    import json

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if spec["data"] and spec["data"][0]["type"] == "heatmap":
            return spec
    raise AssertionError("no heatmap on the page")


def test_page_shows_santa_metrics_heatmap_and_crypto():
    at = seasonality()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, texts(at, "error")
    values = metric_values(at)
    assert list(values) == ["IWM Santa hit rate", "SPY Santa hit rate", "IWM beat SPY",
                            "ETH/BTC, last 3 months", "Alt basket/BTC, last 3 months"]
    assert all(v.endswith("%") for v in values.values())
    assert len(at.get("plotly_chart")) == 5
    spec = heatmap(at)
    assert spec["layout"]["title"]["text"].startswith("IWM: monthly returns")
    years = spec["data"][0]["y"]
    assert years[0] == "2000" and years[-1] == "2023"  # IWM lists in May 2000 on demo
    assert spec["data"][0]["text"][-1][10].endswith("*")  # November 2023 runs to the 28th: partial
    assert any("each window counted by its December" in c for c in texts(at, "caption"))
    assert any(c.startswith("Latest window counted: **2022**") and "from the close of 2022-12-23 to 2023-01-03" in c
               for c in texts(at, "caption")), texts(at, "caption")
    assert any("Correlation, not causation" in c for c in texts(at, "caption"))


def test_picking_a_symbol_redraws_the_heatmap():
    at = seasonality(sea_sym="SPY")
    assert not at.exception
    assert heatmap(at)["layout"]["title"]["text"].startswith("SPY: monthly returns")
    at = seasonality(sea_other="qqq")
    assert heatmap(at)["layout"]["title"]["text"].startswith("QQQ: monthly returns")


def test_a_bad_ticker_is_named_and_the_default_shown():
    at = seasonality(sea_other="not a ticker!")
    assert not at.exception
    assert any("not a ticker!" in w.lower() for w in texts(at, "warning")), texts(at, "warning")
    assert heatmap(at)["layout"]["title"]["text"].startswith("IWM")


def test_the_from_year_slider_changes_the_stats():
    at = seasonality()
    before = metric_values(at)
    at.slider(key="sea_from").set_value(2015).run()
    assert not at.exception
    after = metric_values(at)
    assert after["IWM Santa hit rate"] != before["IWM Santa hit rate"] or after["IWM beat SPY"] != before["IWM beat SPY"]
    assert any("8 windows, 2015–2022" in c for c in texts(at, "caption")), texts(at, "caption")


def test_crypto_window_changes_the_lead_lag_counts():
    at = seasonality(cr_window="1Y")
    assert not at.exception
    short = next(d.value for d in at.dataframe if "n_ETH/BTC" in d.value.columns)
    at = seasonality(cr_window="All")
    full = next(d.value for d in at.dataframe if "n_ETH/BTC" in d.value.columns)
    assert short.loc[0, "n_ETH/BTC"] < full.loc[0, "n_ETH/BTC"]
    assert short.loc[0, "n_ETH/BTC"] <= 53


def test_before_any_data_the_page_says_where_data_starts():
    at = seasonality(as_of="1990-01-01")
    assert not at.exception
    assert set(metric_values(at).values()) == {"n/a"}
    said = " ".join(texts(at, "info") + texts(at, "warning"))
    assert "No Santa window is complete by 1990-01-01" in said
    assert "IWM's prices here start on 2000-05-26" in said
    assert "the first alt here starts on 2017-11-09" in said


def test_before_the_alts_list_the_page_keeps_the_santa_numbers():
    at = seasonality(as_of="2016-06-30")
    assert not at.exception
    values = metric_values(at)
    assert values["IWM Santa hit rate"].endswith("%") and values["ETH/BTC, last 3 months"] == "n/a"
    assert any("ETH-USD** from 2017-11-09" in w for w in texts(at, "warning")), texts(at, "warning")
