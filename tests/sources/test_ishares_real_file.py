"""The real iShares IWM export of 2025-05-13 (BOM, no-break-space separator lines, a long legal
footer), read from the shared reference data: BlackRock's terms forbid copying it into the
project, so these tests skip where it is absent. Decoded as UTF-8 and as Latin-1."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.data.ishares import normalize_ishares_csv, share_class_symbols

REAL_FILE = Path(__file__).resolve().parents[3] / "shared/reference-data/iwm_holdings/IWM_holdings_2025-05-13.csv"
pytestmark = pytest.mark.skipif(not REAL_FILE.exists(), reason="shared reference data not present")


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_real_file_parses_whole(encoding):
    holdings = normalize_ishares_csv(REAL_FILE.read_bytes().decode(encoding), "IWM")
    symbols = set(holdings.frame["symbol"])
    assert str(holdings.as_of) == "2025-05-13"
    assert 1900 <= len(symbols) <= 1945  # 1,939 equity rows less the '-' placeholders
    assert {"GEF-B", "GEF", "RUSHA", "RUSHB", "BELFA", "BELFB", "ZETA", "ACVA"} <= symbols
    assert not any("CONTENT" in s or "BLACKROCK" in s for s in symbols)  # no footer rows
    assert abs(holdings.frame["weight"].sum() - 100) < 2


def test_share_class_rule():
    frame = pd.DataFrame({
        "Ticker": ["GEF", "GEFB", "RUSHA", "RUSHB", "ZETA", "MOGA", "BRK.B", "XYZA", "XYZB"],
        "Name": ["GREIF INC CLASS A", "GREIF INC CLASS B", "RUSH ENTERPRISES INC CLASS A",
                 "RUSH ENTERPRISES INC CLASS B", "ZETA GLOBAL HOLDINGS CORP CLASS A", "MOOG INC CLASS A",
                 "BERKSHIRE HATHAWAY INC CLASS B", "XYZ CORP CLASS A", "XYZ CORP CLASS B"],
        "Exchange": ["New York Stock Exchange Inc."] * 2 + ["NASDAQ"] * 2
                    + ["New York Stock Exchange Inc."] * 5,
    })
    assert share_class_symbols(frame) == ["GEF", "GEF-B", "RUSHA", "RUSHB", "ZETA", "MOGA", "BRK.B",
                                          "XYZ-A", "XYZ-B"]
