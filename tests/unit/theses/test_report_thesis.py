"""``python -m analytics report --thesis PATH_OR_ID``: the scorecard and forward sections follow
the thesis (its claims, its trade); without it, the article's."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from analytics.__main__ import run
from analytics.theses.shipped import ARTICLE_THESIS, resolve_thesis, shipped_ids, shipped_thesis

VERDICTS = {"supports", "against", "no_data"}


def _report(capsys, *args: str) -> dict:
    assert run(["report", "--source", "demo", "--as-of", "2024-09-30", "--section", "scorecard",
                "--section", "forward", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_shipped_theses_resolve_by_id_the_article_first():
    assert shipped_ids()[0] == ARTICLE_THESIS
    assert {"soft-landing-2024", "equal-weight-catch-up-2024"} <= set(shipped_ids())
    assert resolve_thesis(None).id == ARTICLE_THESIS
    assert resolve_thesis("soft-landing-2024") is shipped_thesis("soft-landing-2024")


def test_without_a_thesis_the_article_s_claims_and_trade(capsys):
    out = _report(capsys)
    assert list(out["scorecard"]) == [c.id for c in shipped_thesis().claims]
    for entry in out["scorecard"].values():
        assert {"value", "rule", "verdict"} <= set(entry) and entry["verdict"] in VERDICTS
        assert entry["verdict"] != "no_data" or entry["reason"]
    assert {"IWM", "SPY", "QQQ", "IWM/SPY", "IWM/QQQ"} <= set(out["forward"])
    assert set(out["forward"]["IWM/QQQ"]) == {"1m", "3m", "6m", "12m", "latest"}


def test_a_thesis_by_id(capsys):
    out = _report(capsys, "--thesis", "soft-landing-2024")
    thesis = shipped_thesis("soft-landing-2024")
    assert list(out["scorecard"]) == [c.id for c in thesis.claims]
    assert out["scorecard"]["curve_uninverted"]["rule"] == "> 0"
    assert {"IJR", "SPY", "IJR/SPY"} <= set(out["forward"]) and "QQQ" not in out["forward"]
    assert out["forward"]["fib"]["symbol"] == "IJR"


def test_a_thesis_by_path(capsys, tmp_path: Path):
    path = tmp_path / "mine.yaml"
    path.write_text(shipped_thesis("equal-weight-catch-up-2024").model_dump_json(), encoding="utf-8")
    out = _report(capsys, "--thesis", str(path))
    assert "rsp_beats_spy" in out["scorecard"] and "RSP/SPY" in out["forward"]


@pytest.mark.parametrize("thesis, message", [("no-such-thesis", "no thesis 'no-such-thesis'"),
                                             ("./missing.yaml", "no thesis file")])
def test_an_unknown_thesis_is_one_line_and_exit_2(capsys, thesis, message):
    assert run(["report", "--source", "demo", "--as-of", "2024-09-30", "--section", "scorecard",
                "--thesis", thesis]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_an_invalid_thesis_file_names_the_file(capsys, tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("format: 1\nid: bad\n", encoding="utf-8")
    assert run(["report", "--source", "demo", "--as-of", "2024-09-30", "--section", "scorecard",
                "--thesis", str(path)]) == 2
    assert "bad.yaml" in capsys.readouterr().err
