"""AppTest of the thesis scorecard: every claim with a verdict, the replay and step controls."""
from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from analytics.scorecard.rules import CLAIMS
from analytics.scorecard.table import VERDICT_TEXT
from tests.app.test_pages import APP, TIMEOUT, text_tables, texts


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
    assert len(frame) == len(CLAIMS)
    assert {"as of 2023-11-28", "article 2023-11-28"} <= set(frame.columns)
    assert set(frame["verdict"]) <= set(VERDICT_TEXT.values())
    assert "loading…" not in frame.to_numpy()
    assert all(link.startswith("/") and "as_of=2023-11-28" in link for link in frame["evidence"])
    assert [m.label for m in at.metric][:3] == ["claims supported", "against", "without data"]
    assert sum(int(m.value.split(" of ")[0]) for m in at.metric[:3]) == len(CLAIMS)
    assert "What happened next" in texts(at, "subheader") and at.get("plotly_chart")


def test_replay_button_sets_the_article_date():
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
    price_claims = [c.claim for c in CLAIMS if set(c.needs) & {"performance", "technicals", "breadth"}]
    assert set(frame.loc[price_claims, "verdict"]) == {"— no data"}
    assert set(frame.loc[price_claims, "as of 1990-01-02"]) == {"n/a"}
    macro_claims = [c.claim for c in CLAIMS if c.needs == ("macro",)]
    assert "n/a" not in set(frame.loc[macro_claims, "as of 1990-01-02"])
