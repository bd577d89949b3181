"""A valid thesis file to break one piece at a time."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
THESES = sorted((ROOT / "theses").glob("*.yaml"))
TODAY = date(2026, 1, 1)

#: Line numbers below are the file's own: tests assert them. Its last claim has one mistake
#: (``window`` is not a parameter of ``rsi``); :data:`GOOD` is the file without it.
VALID = """\
format: 1
id: test-thesis
title: A thesis for tests
published: 2023-11-28
source: {author: Tester, url: "https://example.org/a"}
trade: {long: IWM, against: [SPY, QQQ]}
claims:
  - id: lag
    text: Small caps lagged
    metric: return_spread
    params: {symbol: IWM, against: [SPY, QQQ], window: ytd}
    rule: "< 0"
    page: overview
  - id: hike
    text: The Fed is done
    metric: days_since_fed_hike
    rule: ">= 90"
  - id: rsi
    text: Room to run
    metric: rsi
    params:
      symbol: IWM
      window: 14
    rule: "< 70"
"""
GOOD = VALID.replace("      window: 14\n", "      length: 14\n")


@pytest.fixture
def valid_text() -> str:
    return GOOD
