"""AppTest of the thesis scorecard: every claim with a verdict, the thesis picker and its link,
the replay and step controls."""
from __future__ import annotations

import io
from datetime import date

from streamlit.testing.v1 import AppTest

from analytics.scorecard.table import VERDICT_TEXT
from analytics.theses.shipped import shipped_thesis
from tests.app.test_pages import APP, TIMEOUT, text_tables, texts
from ui.theses import plain

ARTICLE = shipped_thesis()
PRICE_METRICS = {"return", "return_spread", "close_vs_average", "rsi", "macd_histogram", "fib_progress",
                 "pct_above_average", "pct_above_average_change"}
MACRO_METRICS = {"series", "series_spread", "days_since_fed_hike", "central_banks_cutting"}


def scorecard(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.switch_page("pages/scorecard.py").run()


def card(at: AppTest):
    return next(t for t in text_tables(at) if "rule" in t.columns)


def test_every_claim_has_a_row_a_rule_and_a_verdict():
    at = scorecard(as_of="2023-11-28")
    assert not at.exception, [e.value for e in at.exception]
    frame = card(at)
    assert len(frame) == len(ARTICLE.claims)
    assert {"as of 2023-11-28", "argued 2023-11-28"} <= set(frame.columns)
    assert set(frame["verdict"]) <= set(VERDICT_TEXT.values())
    assert "loading…" not in frame.to_numpy()
    assert all(link.startswith("/") and "as_of=2023-11-28" in link for link in frame["evidence"])
    assert "bars=Weekly" in frame.loc[ARTICLE.claim("macd_weekly_up").text, "evidence"]
    assert [m.label for m in at.metric][:3] == ["claims supported", "against", "without data"]
    assert sum(int(m.value.split(" of ")[0]) for m in at.metric[:3]) == len(ARTICLE.claims)
    assert "What happened next" in texts(at, "subheader") and at.get("plotly_chart")
    assert at.selectbox(key="thesis").value == ARTICLE.id


def test_the_thesis_picker_follows_the_link_and_the_card_follows_the_thesis():
    at = scorecard(as_of="2024-09-30", thesis="soft-landing-2024")
    assert not at.exception, [e.value for e in at.exception]
    thesis = shipped_thesis("soft-landing-2024")
    assert at.selectbox(key="thesis").value == thesis.id
    frame = card(at)
    assert list(frame.index) == [c.text for c in thesis.claims]
    assert "argued 2024-07-31" in frame.columns
    assert any(plain(thesis.title) in c for c in texts(at, "caption"))
    # What happened next follows the trade: IJR against SPY.
    price = next(t for t in text_tables(at) if "rule" not in t.columns)
    assert list(price.index) == ["IJR", "SPY", "IJR/SPY"]


def test_an_unknown_thesis_in_the_link_is_said_and_the_article_shown():
    at = scorecard(as_of="2023-11-28", thesis="no-such-thesis")
    assert not at.exception
    assert at.selectbox(key="thesis").value == ARTICLE.id
    assert any("no-such-thesis" in w for w in texts(at, "warning"))


def test_replay_goes_to_the_thesis_date():
    at = scorecard(as_of="2024-09-30", thesis="soft-landing-2024")
    at.button(key="thesis_replay").click().run()
    assert not at.exception
    assert at.session_state["as_of"] == date(2024, 7, 31)


def test_the_sidebar_replay_button_sets_the_article_date():
    at = scorecard()
    assert at.sidebar.date_input(key="as_of").value != date(2023, 11, 28)
    at.sidebar.button[0].click().run()
    assert not at.exception
    # AppTest does not write a widget change back into the URL as the browser does (which
    # tests/browser/test_scorecard_browser.py checks), so the state is what is checked here.
    assert at.session_state["as_of"] == date(2023, 11, 28)


def test_step_a_month_back_changes_the_as_of_column():
    at = scorecard(as_of="2023-11-28")
    at.button(key="as_of_step_−1m").click().run()
    assert not at.exception
    assert at.session_state["as_of"] == date(2023, 10, 28)
    again = scorecard(as_of="2023-10-28")
    assert "as of 2023-10-28" in card(again).columns
    assert list(card(again)["as of 2023-10-28"]) != list(card(at)["as of 2023-11-28"])


def test_before_the_prices_start_price_claims_read_no_data_not_a_crash():
    at = scorecard(as_of="1990-01-02")  # demo prices start in 2000, its macro series earlier
    assert not at.exception
    frame = card(at)
    price_claims = [c.text for c in ARTICLE.claims if c.metric in PRICE_METRICS]
    assert set(frame.loc[price_claims, "verdict"]) == {"— no data"}
    assert set(frame.loc[price_claims, "as of 1990-01-02"]) == {"n/a"}
    macro_claims = [c.text for c in ARTICLE.claims if c.metric in MACRO_METRICS]
    assert "n/a" not in set(frame.loc[macro_claims, "as of 1990-01-02"])


def test_the_card_shows_the_report_s_values_and_verdicts():
    from analytics.data.demo import DemoSource
    from analytics.report import build_report
    from analytics.scorecard.table import format_value

    at = scorecard(as_of="2024-09-30", thesis="equal-weight-catch-up-2024")
    frame = card(at)
    thesis = shipped_thesis("equal-weight-catch-up-2024")
    report = build_report(DemoSource(), "2024-09-30", ["scorecard"], thesis=thesis.id)["scorecard"]
    for claim in thesis.claims:
        row, entry = frame.loc[claim.text], report[claim.id]
        assert row["as of 2024-09-30"] == format_value(entry["value"], claim.params.value_unit())
        assert row["verdict"] == VERDICT_TEXT[entry["verdict"]]


UPLOAD = """\
format: 1
id: my-thesis
title: My own thesis
published: 2023-12-29
trade: {long: SPY, against: [QQQ]}
claims:
  - id: spy_up
    text: The S&P 500 is up over the year
    metric: return
    params: {symbol: SPY, window: 1y}
    rule: "> 0"
    page: overview
"""


def kept(path) -> list[str]:
    """Keys under ``theses/`` in the test's store (MARKET_CACHE_DIR, set by tests/conftest.py)."""
    from analytics.config import load_settings
    from analytics.data import open_store

    return [o.key for o in open_store(load_settings()).objects.list("theses/")]


def upload(at: AppTest, text: str | bytes, name: str = "mine.yaml") -> AppTest:
    data = text.encode() if isinstance(text, str) else text
    return at.file_uploader(key="thesis_file").set_value((name, data, "application/x-yaml")).run()


def test_an_uploaded_thesis_is_kept_picked_and_linked():
    at = upload(scorecard(as_of="2024-09-30"), UPLOAD)
    assert not at.exception, [e.value for e in at.exception]
    frame = card(at)
    assert list(frame.index) == ["The S&P 500 is up over the year"]
    assert "argued 2023-12-29" in frame.columns and frame.iloc[0]["verdict"] in VERDICT_TEXT.values()
    assert any("My own thesis" in c for c in texts(at, "caption"))
    price = next(t for t in text_tables(at) if "rule" not in t.columns)
    assert list(price.index) == ["SPY", "QQQ", "SPY/QQQ"]
    assert kept(at) == ["theses/my-thesis.meta.json", "theses/my-thesis.yaml"]
    assert at.selectbox(key="thesis").value == "my-thesis"
    assert "my-thesis" in at.selectbox(key="thesis").options
    assert any("Kept as thesis" in s for s in texts(at, "success"))
    # A colleague opening the link (?thesis=my-thesis, a new session) sees the same thesis.
    colleague = scorecard(as_of="2024-09-30", thesis="my-thesis")
    assert not colleague.exception and not texts(colleague, "warning")
    assert colleague.selectbox(key="thesis").value == "my-thesis"
    assert list(card(colleague).index) == ["The S&P 500 is up over the year"]


def test_an_upload_may_not_replace_a_shipped_thesis():
    at = upload(scorecard(as_of="2024-09-30"), UPLOAD.replace("id: my-thesis", "id: soft-landing-2024"))
    assert not at.exception
    assert "shipped thesis" in " ".join(texts(at, "code"))
    assert kept(at) == [] and len(card(at)) == len(ARTICLE.claims)


def test_hostile_uploads_store_nothing():
    bomb = 'a: &a ["lol","lol"]\nb: [*a, *a]\n'
    for data in (bomb, "format: !!python/object/apply:os.system ['echo pwned']\n", b"format: 1\xff\n"):
        at = upload(scorecard(as_of="2024-09-30"), data)
        assert not at.exception
        assert "not a valid thesis" in texts(at, "error")[0]
        assert kept(at) == []


def test_an_invalid_upload_says_what_and_where_and_keeps_the_picked_thesis():
    at = scorecard(as_of="2024-09-30")
    bad = UPLOAD.replace("window: 1y", "window: 2y")
    at.file_uploader(key="thesis_file").set_value(("mine.yaml", bad.encode(), "application/x-yaml")).run()
    assert not at.exception
    (error,) = texts(at, "error")
    assert "not a valid thesis" in error
    problems = " ".join(texts(at, "code"))
    assert "mine.yaml" in problems and "line 10" in problems and "2y" in problems
    assert len(card(at)) == len(ARTICLE.claims)
    assert kept(at) == []


def test_an_upload_s_words_are_shown_as_written_never_as_markdown():
    hostile = UPLOAD.replace("title: My own thesis", 'title: "[win](javascript:alert(1)) $x^2$ **loud**"')
    hostile = hostile.replace("trade:", 'source: {author: "<b>me</b> :smile:", url: "https://example.org/a b)(c"}\ntrade:')
    at = scorecard(as_of="2024-09-30")
    at.file_uploader(key="thesis_file").set_value(("mine.yaml", hostile.encode(), "application/x-yaml")).run()
    assert not at.exception, [e.value for e in at.exception]
    caption = next(c for c in texts(at, "caption") if "argued on" in c)
    assert "\\[win\\]\\(javascript\\:alert\\(1\\)\\)" in caption and "\\$x^2\\$" in caption
    assert "\\*\\*loud\\*\\*" in caption and "\\<b\\>me" in caption and "\\:smile\\:" in caption
    assert "(https://example.org/a%20b%29%28c)" in caption


def test_the_journal_s_last_records_and_flips_show_under_the_card():
    from analytics.config import load_settings
    from analytics.data import open_store
    from analytics.data.demo import DemoSource
    from analytics.watch import run_watch

    store = open_store(load_settings())
    for day in (date(2023, 11, 28), date(2024, 9, 30)):
        run_watch(DemoSource(), store, day, (ARTICLE.id,), out=io.StringIO())
    at = scorecard(as_of="2024-09-30")
    assert not at.exception, [e.value for e in at.exception]
    (expander,) = [e for e in at.expander if e.label.startswith("Journal:")]
    assert "2 dates recorded" in expander.label
    journal = next(t for t in text_tables(at) if "version" in t.columns)
    assert set(journal.index) == {"2023-11-28", "2024-09-30"} and len(journal) == 2 * len(ARTICLE.claims)


def _timeline_spec(at: AppTest) -> dict | None:
    import json

    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if any(trace.get("type") == "heatmap" for trace in spec["data"]):
            return spec
    return None


def test_the_timeline_heatmap_has_a_row_per_claim_and_a_column_per_week_to_the_as_of_date():
    at = scorecard(as_of="2024-01-02")
    assert not at.exception, [e.value for e in at.exception]
    spec = _timeline_spec(at)
    assert spec is not None
    heatmap = next(t for t in spec["data"] if t["type"] == "heatmap")
    assert heatmap["x"] == ["2023-11-28", "2023-12-05", "2023-12-12", "2023-12-19", "2023-12-26", "2024-01-02"]
    assert heatmap["y"] == [c.id for c in ARTICLE.claims]
    # The last column is the card's verdict on the as-of date (1 supports, -1 against, 0 no data).
    codes = {"✓ supports": 1, "✗ against": -1, "— no data": 0}
    frame = card(at)
    assert [row[-1] for row in heatmap["z"]] == [codes[frame.loc[c.text, "verdict"]] for c in ARTICLE.claims]
    # Hover gives the claim, date, value and rule; a click carries the column's date.
    targets = next(t for t in spec["data"] if t.get("customdata"))
    assert "2024-01-02" in targets["text"][5] and "rule" in targets["text"][5]
    assert any(b.label.startswith("Download scorecard timeline") for b in at.get("download_button"))
    assert any("What changed" in m.value for m in at.markdown) or any("What changed" in c for c in texts(at, "caption"))


def test_before_the_thesis_date_the_page_says_so_and_draws_no_heatmap():
    at = scorecard(as_of="2023-11-01")
    assert not at.exception
    assert _timeline_spec(at) is None
    assert any("before the thesis was argued" in i for i in texts(at, "info"))


def test_a_clicked_column_replays_its_date(monkeypatch):
    from types import SimpleNamespace

    import ui.timeline as timeline_ui

    assert timeline_ui.selected_day([{"x": "2023-12-12", "y": "rsi_room"}]) == date(2023, 12, 12)
    assert timeline_ui.selected_day([{"customdata": ["2024-01-02"]}]) == date(2024, 1, 2)
    assert timeline_ui.selected_day([]) is None
    # The chart's click callback sets the as-of as the Replay buttons do (the sidebar's date,
    # bound to ?as_of=); AppTest cannot click inside a Plotly chart, the browser can.
    state = {timeline_ui.TIMELINE_KEY: SimpleNamespace(selection=SimpleNamespace(points=[{"x": "2023-12-12"}]))}
    monkeypatch.setattr(timeline_ui, "st", SimpleNamespace(session_state=state))
    timeline_ui._replay_clicked()
    assert state["as_of"] == date(2023, 12, 12)
