"""Known-good files load; each problem is one sentence naming the file, the line and the key."""
from __future__ import annotations

import time

import pytest

from analytics.theses.loader import ThesisError, content_hash, key_path, load_thesis, load_thesis_file
from analytics.theses.model import describe

from .conftest import THESES, TODAY, VALID


def problems(text: str | bytes, name: str = "t.yaml") -> ThesisError:
    with pytest.raises(ThesisError) as caught:
        load_thesis(text, name, today=TODAY)
    return caught.value


@pytest.mark.parametrize("path", THESES, ids=[p.name for p in THESES])
def test_every_shipped_thesis_validates(path):
    thesis = load_thesis_file(path)
    assert thesis.id == path.stem
    assert len({c.id for c in thesis.claims}) == len(thesis.claims)
    for claim in thesis.claims:
        assert describe(claim)


def test_the_article_thesis_has_the_fifteen_scorecard_claims():
    from tests.unit.theses.oracle.rules import CLAIMS

    thesis = load_thesis_file(next(p for p in THESES if p.stem == "small-caps-2024"))
    assert [c.id for c in thesis.claims] == [c.id for c in CLAIMS]
    for ours, theirs in zip(thesis.claims, CLAIMS):
        assert (ours.op, ours.threshold) == (theirs.rule.op, pytest.approx(theirs.rule.threshold, abs=1e-4))
        assert ours.page == theirs.page
    assert thesis.published.isoformat() == "2023-11-28"


def test_there_are_theses_of_other_kinds():
    metrics = {p.stem: {c.metric for c in load_thesis_file(p).claims} for p in THESES}
    article = metrics.pop("small-caps-2024")
    assert len(metrics) >= 2
    for stem, used in metrics.items():
        assert used - article, f"{stem} uses only the article's metrics"


def test_valid_file_values(valid_text):
    thesis = load_thesis(valid_text.encode(), "t.yaml", today=TODAY)
    lag, hike, rsi = thesis.claims
    assert lag.params.against == ["SPY", "QQQ"] and lag.params.pick == "best"
    assert (lag.op, lag.threshold) == ("<", 0.0)
    assert hike.params.model_dump() == {} and rsi.params.length == 14 and rsi.params.bars == "daily"
    assert describe(lag) == "IWM's year-to-date return minus the best of SPY, QQQ is below 0 pp"
    assert describe(hike) == "the number of days since the Fed's latest hike is at least 90 days"
    assert thesis.claim("rsi") is rsi


def test_the_issue_s_example_message(valid_text):
    text = valid_text.replace("window: ytd}", "window: ytdd}")
    error = problems(text)
    assert str(error) == ("t.yaml: line 11, claims[0].params.window: "
                          "'ytdd' is not one of 1w, 1m, 3m, 6m, 1y, ytd, since:DATE")
    assert error.problems[0].line == 11 and error.problems[0].key == "claims[0].params.window"


def test_every_problem_is_listed_with_its_line():
    error = problems(VALID.replace('rule: ">= 90"', 'rule: "=> 90"'))  # and the rsi's unknown `window`
    assert [(p.line, p.key) for p in error.problems] == [(17, "claims[1].rule"), (23, "claims[2].params.window")]
    assert "rsi has no parameter 'window' (it takes symbol, length, bars)" in error.problems[1].message
    assert str(error).endswith("(and 1 more problem)")
    assert error.lines()[1].startswith("t.yaml: line 23, claims[2].params.window: ")


def test_key_path():
    assert key_path(("claims", 3, "params", "window")) == "claims[3].params.window"
    assert key_path(()) == ""


def test_content_hash_is_sha256_of_the_bytes():
    assert content_hash(b"abc") == content_hash("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_loading_is_fast(valid_text):
    start = time.perf_counter()
    for _ in range(20):
        load_thesis(valid_text, "t.yaml", today=TODAY)
    assert time.perf_counter() - start < 1.0
