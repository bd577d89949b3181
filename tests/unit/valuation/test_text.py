"""The sentences next to the Valuation numbers."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from analytics.valuation import text
from analytics.valuation.bottom_up import BottomUp


def test_numbers_and_na():
    assert text.share(0.3642) == "36.4%" and text.share(None) == "n/a" and text.share(float("nan")) == "n/a"
    assert text.ratio(17.44) == "17.4" and text.ratio(None) == "n/a"


def test_bottom_up_caption_names_method_coverage_and_dates():
    result = BottomUp("trailing", None, 14.0, 0.36, 0.35, 0.962, 283, 300)
    caption = text.bottom_up_caption(result, datetime(2026, 12, 1, 8), date(2025, 5, 13), date(2023, 11, 28))
    assert "weighted harmonic mean" in caption and "283 of 300 members, 96.2% of the weight" in caption
    assert "listed on 2025-05-13" in caption and "(after the as-of date)" in caption
    assert "add up to a loss" in caption


def test_holdings_caveat_levels():
    assert text.holdings_caveat(date(2025, 5, 13), date(2023, 11, 28))[0] == "warning"
    assert text.holdings_caveat(date(2023, 5, 13), date(2023, 11, 28)) == (
        "caption", "Holdings as of 2023-05-13 (iShares file date).")
    assert "no date" in text.holdings_caveat(None, date(2023, 11, 28))[1]


def test_leaders_and_common_failure():
    part = pd.DataFrame({"sector": ["Health Care", "Energy", "Utilities"], "1w": [0.02, None, -0.01],
                         "rank_1w": [1, None, 2], "note": ["", "no prices from this source", ""]},
                        index=["XLV", "XLE", "XLU"])
    sentence = text.leaders_sentence(part, date(2023, 11, 22))
    assert sentence.startswith("Week to **2023-11-22**: leaders XLV (health care), XLU (utilities); last XLU")
    assert text.leaders_sentence(part.assign(**{"1w": None}), date(2023, 11, 22)) is None
    table = pd.DataFrame({"missing": ["IWM fund data: no fund data here", "SPY fund data: no fund data here"]},
                         index=["IWM", "SPY"])
    assert text.common_failure(table) == "no fund data here"
    assert text.common_failure(table.assign(missing=["", "x"])) is None
