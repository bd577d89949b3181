"""How numbers read on screen and in text tables: one format per kind of number, for every page."""
from __future__ import annotations

import math


def pct(value: float | None, digits: int = 1) -> str:
    """A fraction as a signed percentage (0.0211 -> '+2.1%'); 'n/a' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:+.{digits}%}"


def pp(value: float | None, digits: int = 1) -> str:
    """A difference of two fractions in percentage points (-0.168 -> '-16.8 pp'); 'n/a' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{100 * value:+.{digits}f} pp"
