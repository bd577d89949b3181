"""The forward-fill rule for member closes, owned by the data layer that stores the panels.

A member panel (``analytics.data.panel``) and the breadth measures computed from it must carry
gaps forward the same way, or a stored panel and a freshly built one would disagree.
"""
from __future__ import annotations

import numpy as np

#: A member's missing closes are carried forward at most this many trading days (a halt or
#: a data gap); after that it drops out of the denominator rather than going stale.
FFILL_LIMIT = 5


def ffill_rows(values: np.ndarray, limit: int) -> np.ndarray:
    """Carry each row's last valid value forward at most ``limit`` columns (in place).

    Only rows with a gap are touched: most members have none, and the index arithmetic on
    the full panel cost more than building it.
    """
    n = values.shape[1]
    gappy = np.flatnonzero(np.isnan(values).any(axis=1))
    if gappy.size == 0:
        return values
    sub = values[gappy]
    valid = ~np.isnan(sub)
    last = np.where(valid, np.arange(n), -1)
    np.maximum.accumulate(last, axis=1, out=last)
    fill = ~valid & (last >= 0) & (np.arange(n) - last <= limit)
    rows, cols = np.nonzero(fill)
    sub[rows, cols] = sub[rows, last[rows, cols]]
    values[gappy] = sub
    return values
