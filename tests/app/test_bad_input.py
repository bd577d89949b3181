"""Bad input from users: every URL parameter of every page (as app.py lists them) given
out-of-range, repeated, over-long, path-like, unicode and empty values; symbol lists with
the same; uploaded lists that are empty, huge, binary, formula-like or dated nonsense; and
CSV downloads that neutralise formula-like cells. Each gets a one-sentence message and a
sane default, never a traceback.
"""
from __future__ import annotations

import os

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.breadth.universes import MAX_LIST_CHARS, parse_symbol_csv
from analytics.errors import DataUnavailableError
from tests.app.test_pages import APP, PAGES, TIMEOUT
from tests.app.test_replay_sweep import _bound_keys

LONG = 10_000


def _values(kind: str, key: str, index: int):
    """A bad value for ``key`` that names the key (so its message can be found), by kind."""
    return {
        "out_of_range": f"-9999{index}" if key != "as_of" else "1800-01-01",
        "repeated": [f"{key}-first", f"{key}-second"],
        "over_long": key + "9" * LONG,
        "path_like": f"../../{key}/etc/passwd",
        "unicode": f"{key}-ÅΩ😀\u202e",
        "empty": "",
    }[kind]


KINDS = ["out_of_range", "repeated", "over_long", "path_like", "unicode", "empty"]


def _said(at: AppTest) -> list[str]:
    return [str(e.value) for kind in ("warning", "error", "info") for e in getattr(at, kind)]


def _one_sentence(text: str) -> bool:
    body = text.strip().rstrip(".")
    return "\n" not in body and len(body) < 400 and "Traceback" not in body


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("page", PAGES)
def test_every_parameter_with_a_bad_value_is_reported_in_one_sentence(page, kind):
    keys = _bound_keys(page)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({key: _values(kind, key, i) for i, key in enumerate(keys)})
    at = at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    said = _said(at)
    assert all(_one_sentence(t) for t in said), [t[:300] for t in said if not _one_sentence(t)]
    assert all(LONG > len(t) for t in said) and not any("9" * 100 in t for t in said)
    if kind == "empty":
        return  # an empty value is "no value": the default, silently, is right
    warned = " ".join(str(w.value) for w in at.warning)
    # every key's value is named in a message (out-of-range numbers by their digits)
    for i, key in enumerate(keys):
        value = _values(kind, key, i)
        first = value[0] if isinstance(value, list) else value
        named = first[:12] if kind != "unicode" else f"{key}-"  # the rest is shown escaped
        assert named in warned or named.upper() in warned, (key, first[:40], warned[:1500])


def test_a_repeated_valid_value_is_named_and_the_first_one_shown():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as_of": ["2023-11-28", "2023-11-29"]})
    at = at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert any("“As of” 2 times; showing the first, 2023-11-28" in str(w.value) for w in at.warning)


@pytest.mark.parametrize("symbol", [
    "../../etc/passwd", "ÅΩ😀", "", "A" * LONG, "IWM;rm -rf /", "=HYPERLINK(\"x\")", "%2e%2e%2f",
])
def test_bad_symbols_in_a_link_are_ignored_by_name(symbol):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as_of": "2023-11-28", "symbols": ["IWM", symbol]})
    at = at.switch_page("pages/overview.py").run()
    assert not at.exception, [e.value for e in at.exception]
    said = _said(at)
    assert all(_one_sentence(t) for t in said)
    assert not any("A" * 100 in t for t in said)  # a 10,000-character value is never echoed whole
    if symbol:
        assert any("not a valid ticker" in t or "not an option" in t or "Ignored" in t for t in said), said


def test_technicals_with_a_bad_symbol_falls_back_with_a_message():
    for symbol in ("../../etc/passwd", "A" * LONG, "ÅΩ😀"):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params.update({"as_of": "2023-11-28", "symbol": symbol})
        at = at.switch_page("pages/technicals.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert all(_one_sentence(t) for t in _said(at))


# -- uploaded lists (parse_symbol_csv is what the Breadth page runs on the upload) --------------

@pytest.mark.parametrize("text, reason", [
    ("", "empty"),
    ("\n\n ,\n", "empty"),
    ("x" * (MAX_LIST_CHARS + 1), "over"),
    (os.urandom(4096).decode("utf-8", errors="replace") + "\x00", "not text"),
    ("symbol\n" + "A" * 200_000 + "\n", "not a readable CSV"),
    ("symbol\n=cmd|' /C calc'!A0\n+1\n-2\n@SUM(A1)\n", "no valid ticker"),
])
def test_unusable_uploads_are_refused_in_one_sentence(text, reason):
    with pytest.raises(DataUnavailableError) as info:
        parse_symbol_csv(text)
    assert reason in str(info.value) and _one_sentence(str(info.value)) and len(str(info.value)) < 200


def test_formula_cells_and_bad_rows_in_an_upload_are_rejected_not_kept():
    symbols, rejected = parse_symbol_csv("ticker,date\n=1+1,2023-13-45\nIWM,notadate\n@SUM(A1),x\n"
                                         "-2,\n+SPY,\nQQQ,2023-01-01\n../etc,\n")
    assert symbols == ["IWM", "QQQ"]
    assert set(rejected) == {"=1+1", "@SUM(A1)", "-2", "+SPY", "../etc"}


def test_history_upload_with_bad_dates_or_binary_is_refused():
    from analytics.valuation.history import HistoryImportError, parse_history_csv

    for text in ("date,pe\nnotadate,12\n", os.urandom(2048).decode("utf-8", errors="replace"), ""):
        with pytest.raises(HistoryImportError) as info:
            parse_history_csv(text)
        assert _one_sentence(str(info.value))


# -- every CSV written back out neutralises formula-like cells ---------------------------------

@pytest.mark.parametrize("cell", ["=1+1", "+SPY", "-2+3", "@SUM(A1)", "\t=x", "\r=x"])
def test_downloads_neutralise_formula_cells(cell):
    import csv
    import io

    from analytics.export import csv_text

    frame = pd.DataFrame({"symbol": [cell, "IWM"], "close": [-1.5, 2.0]},
                         index=pd.Index([cell, "row"], name="label"))
    text = csv_text(frame, {"close": "USD"}, {"source": cell})
    body = "".join(line for line in io.StringIO(text, newline="") if not line.startswith("#"))
    cells = [value for row in csv.reader(io.StringIO(body, newline="")) for value in row]
    assert cells and all(not v or v[0] not in "=+@\t\r" for v in cells), cells
    assert all(not v.startswith("-") or _number(v) for v in cells), cells  # -1.5 stays a number
    if "\r" not in cell:
        assert text.count("'" + cell) == 3  # provenance, index label and cell, each with an apostrophe
    assert "\r" not in text


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize("query", [
    {"fib": "Manual", "fib_high": "2023-06-01", "fib_low": "2023-06-01"},          # one day as both anchors
    {"fib": "3-point", "fib_a": "2023-06-01", "fib_b": "2023-06-01", "fib_c": "2023-06-01"},
    {"fib": "3-point", "fib_a": "2023-09-01", "fib_b": "2023-06-01", "fib_c": "2023-03-01"},  # backwards
    {"fib": "Manual", "fib_years": "1", "fib_high": "2015-01-02", "fib_low": "2030-01-02"},  # outside the window
    {"ratios": ["9.99", "-1"], "zz": "0", "fib_years": "99"},
])
def test_impossible_slider_combinations_get_a_sentence_and_a_default(query):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as_of": "2023-11-28", **query})
    at = at.switch_page("pages/technicals.py").run()
    assert not at.exception, [e.value for e in at.exception]
    said = _said(at)
    assert said and all(_one_sentence(t) for t in said), said
    assert at.get("plotly_chart"), "the price chart is still drawn"
