"""Hostile uploads: each is refused in one sentence, with its line where it has one, quickly,
and nothing in it is executed."""
from __future__ import annotations

import os
import time

import pytest

from analytics.theses.loader import MAX_BYTES, ThesisError, load_thesis, load_thesis_file
from analytics.theses.model import MAX_CLAIMS

from .conftest import GOOD as VALID
from .conftest import TODAY

HEAD = VALID.split("claims:\n")[0] + "claims:\n"
CLAIM = "  - id: c{i}\n    text: t\n    metric: days_since_fed_hike\n    rule: '>= 90'\n"


def refused(data: str | bytes) -> ThesisError:
    start = time.perf_counter()
    with pytest.raises(ThesisError) as caught:
        load_thesis(data, "up.yaml", today=TODAY)
    assert time.perf_counter() - start < 1.0
    error = caught.value
    text = str(error)
    assert text.startswith("up.yaml: ") and "\n" not in text and "Traceback" not in text
    assert "Input should" not in text and "Value error" not in text  # pydantic's wording is rewritten
    return error


def one(data: str | bytes) -> tuple[int | None, str, str]:
    error = refused(data)
    assert error.total == 1, error.lines()
    problem = error.problems[0]
    return problem.line, problem.key, problem.message


def test_malformed_yaml():
    line, _, message = one(VALID.replace("    rule: \"< 0\"\n", "    rule: [\"< 0\"\n", 1))
    assert line is not None and "not valid YAML" in message


@pytest.mark.parametrize("tagged", [
    "format: !!python/object/apply:os.system ['echo pwned']\n",
    "format: !!python/name:os.system\n",
    "format: !!str 1\n",
    "format: !custom 1\n",
])
def test_tags_are_refused_and_never_run(tagged, monkeypatch):
    ran = []
    monkeypatch.setattr(os, "system", lambda *a: ran.append(a))
    line, _, message = one(tagged)
    assert line == 1 and "tags" in message and not ran


def test_alias_bomb():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
    line, _, message = one(bomb)
    assert line == 1 and "aliases" in message


def test_a_single_alias_is_refused_too():
    line, _, message = one(VALID.replace("against: [SPY, QQQ]}\nclaims", "against: &big [SPY, QQQ]}\nclaims"))
    assert line == 6 and "anchors and aliases" in message


def test_ten_megabytes_are_refused_before_parsing(tmp_path):
    big = b"# padding\n" * (1024 * 1024)
    assert one(big)[2].startswith("the file is 10,485,760 bytes; a thesis file is at most 256 KiB")
    path = tmp_path / "big.yaml"
    path.write_bytes(big)
    with pytest.raises(ThesisError, match="at most 256 KiB"):
        load_thesis_file(path)
    assert one(b"#" * (MAX_BYTES + 1))[0] is None


def test_non_utf8_bytes_name_their_line():
    line, _, message = one(VALID.encode().replace(b"Tester", b"Test\xe9r"))
    assert line == 5 and message == "the file is not UTF-8 text (byte 0xe9)"


def test_duplicate_claim_ids():
    line, key, message = one(VALID.replace("id: hike", "id: lag"))
    assert (line, key, message) == (14, "claims[1].id", "'lag' is already the id of claims[0]")


def test_duplicate_keys():
    line, key, message = one(VALID.replace("    rule: \"< 0\"\n", "    rule: \"< 0\"\n    rule: \"> 0\"\n", 1))
    assert (line, key) == (13, "claims[0]") and "'rule' is given twice (first on line 12)" in message


def test_unknown_metric():
    line, key, message = one(VALID.replace("metric: days_since_fed_hike", "metric: moon_phase"))
    assert (line, key) == (16, "claims[1].metric") and message.startswith("'moon_phase' is not one of return, ")


def test_unknown_parameter():
    line, key, message = one(VALID.replace("window: ytd}", "window: ytd, lookback: 3}"))
    assert (line, key) == (11, "claims[0].params.lookback")
    assert message == "return_spread has no parameter 'lookback' (it takes symbol, against, window, pick)"


def test_unknown_top_level_key():
    line, key, message = one(VALID.replace("format: 1\n", "format: 1\nexec: rm -rf /\n"))
    assert (line, key) == (2, "exec") and message.startswith("unknown key 'exec' (expected format, id")


@pytest.mark.parametrize("symbol", ["../../etc/passwd", "IWM;ls", "A" * 40, "https://x"])
def test_bad_symbol(symbol):
    line, key, message = one(VALID.replace("long: IWM", f"long: '{symbol}'"))
    assert (line, key) == (6, "trade.long") and "is not a valid ticker" in message


@pytest.mark.parametrize("series", ["t10y2y", "DGS2/../x", "A" * 31])
def test_bad_fred_id(series):
    text = VALID.replace("metric: days_since_fed_hike", f"metric: series\n    params: {{id: '{series}'}}")
    line, key, message = one(text)
    assert (line, key) == (17, "claims[1].params.id") and "is not a FRED series id" in message


def test_published_in_the_future():
    line, key, message = one(VALID.replace("published: 2023-11-28", "published: 2026-01-02"))
    assert (line, key, message) == (4, "published", "2026-01-02 is in the future (today is 2026-01-01)")


def test_too_many_claims_is_one_sentence():
    text = HEAD + "".join(CLAIM.format(i=i) for i in range(500))
    line, key, message = one(text)
    assert (line, key, message) == (7, "claims", f"500 claims; a thesis file holds at most {MAX_CLAIMS}")


def test_the_maximum_claim_count_loads_quickly():
    text = HEAD + "".join(CLAIM.format(i=i) for i in range(MAX_CLAIMS))
    start = time.perf_counter()
    assert len(load_thesis(text, "ok.yaml", today=TODAY).claims) == MAX_CLAIMS
    assert time.perf_counter() - start < 1.0


def test_deep_nesting_and_huge_numbers():
    message = one(b"[" * 200_000)[2]  # libyaml's own depth limit, or ours
    assert "not valid YAML" in message or "nests deeper" in message
    assert "nests deeper than" in one("a:\n" + "".join(" " * i + "- \n" for i in range(1, 40)))[2]
    line, _, message = one("format: " + "9" * 5000 + "\n")
    assert line == 1 and "cannot be read as a number" in message


@pytest.mark.parametrize("data", [
    b"x: [" + b"1," * (MAX_BYTES // 2 - 10) + b"1]\n",                    # 131,000 numbers
    b"".join(b"k%d: 1\n" % i for i in range(40_000))[:MAX_BYTES - 1000],  # 30,000 keys
    b"x: [" + b"[a, b]," * (MAX_BYTES // 8) + b"]\n",
])
def test_the_worst_256_kib_is_refused_within_a_second(data):
    assert len(data) <= MAX_BYTES
    assert "values; a thesis holds far fewer" in one(data)[2]


@pytest.mark.parametrize("text, expected", [
    (b"", "the file is empty"),
    (b"# only a comment\n", "the file is empty"),
    (b"- a\n- b\n", "the file must be a mapping of keys"),
    (b"just text", "the file must be a mapping of keys"),
    (b"a: 1\n---\nb: 2\n", "a thesis file holds one YAML document"),
    (b"? [a, b]\n: 1\n", "a key must be a name"),
    (b"1: x\n", "a key must be a name"),
    (b"format: 1\x00\n", "not valid YAML"),
])
def test_shapes_that_are_not_a_thesis(text, expected):
    assert expected in one(text)[2]


def test_javascript_source_url_is_refused():
    line, key, message = one(VALID.replace("https://example.org/a", "javascript:alert(1)"))
    assert (line, key) == (5, "source.url") and "is not a web address" in message


def test_yes_no_words_stay_text_and_booleans_are_not_symbols():
    # YAML 1.1 reads ON, yes and no as booleans; here they stay text (ON is a ticker).
    assert load_thesis(VALID.replace("long: IWM", "long: ON"), "t.yaml", today=TODAY).trade.long == "ON"
    line, key, message = one(VALID.replace("long: IWM", "long: true"))
    assert (line, key) == (6, "trade.long") and "yes/no" in message


def test_format_must_be_exactly_one():
    for bad in ("2", "true", "1.0", "'1'"):
        line, key, message = one(VALID.replace("format: 1", f"format: {bad}"))
        assert (line, key) == (1, "format") and "write format: 1" in message
