"""Foreign central banks: their policy rates, and how many cut recently.

A bank "cut in the last N months" when its rate fell by at least :data:`MIN_CUT_PP`
between two consecutive observations dated in ``(as_of - N months, as_of]``. The OECD
series are monthly averages, so a quarter-point cut mid-month shows as two smaller steps
over two months: :data:`MIN_CUT_PP` is low enough to catch either half and high enough to
ignore the day-to-day drift of the interbank proxies.

A bank counts as tracked on a date only when the source has its rate and the latest
observation public by then is recent (:data:`CURRENT_WITHIN_DAYS`); the others are named.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from analytics.data.fred_catalogue import CENTRAL_BANKS, CentralBank
from analytics.macro.inputs import MacroInputs
from analytics.timeseries import to_timestamp

CUT_WINDOWS_MONTHS = (3, 6)
MIN_CUT_PP = 0.10
#: A monthly series published two months late is current when its last month is this recent.
CURRENT_WITHIN_DAYS = {"daily": 30, "weekly": 45, "monthly": 125}
BankStatus = Literal["current", "ended", "not started", "missing"]


@dataclass(frozen=True)
class BankRate:
    """One bank's policy rate as known on the as-of date."""

    bank: CentralBank
    status: BankStatus
    rate: pd.Series | None
    last: tuple[pd.Timestamp, float] | None
    cut_in: dict[int, bool]
    reason: str = ""


def cut_within(rate: pd.Series, as_of: date | str | pd.Timestamp, months: int,
               min_cut: float = MIN_CUT_PP) -> bool:
    """Whether ``rate`` fell by ``min_cut`` or more between consecutive observations dated in
    ``(as_of - months, as_of]``."""
    stamp = to_timestamp(as_of)
    values = rate.dropna().loc[:stamp]
    change = values.diff()
    recent = change[change.index > stamp - pd.DateOffset(months=months)]
    return bool((recent <= -min_cut + 1e-9).any())


def bank_rates(inputs: MacroInputs) -> list[BankRate]:
    """Every tracked bank with its status on ``inputs.as_of``."""
    stamp = inputs.as_of
    result = []
    for bank in CENTRAL_BANKS:
        series_id = bank.spec.series_id
        if series_id in inputs.missing:
            result.append(BankRate(bank, "missing", None, None, {}, inputs.missing[series_id]))
            continue
        rate = inputs.get(series_id)
        if rate is None:
            first = inputs.spans[series_id][0]
            result.append(BankRate(bank, "not started", None, None, {}, f"starts {first:%Y-%m-%d}"))
            continue
        values = rate.dropna()
        last = (values.index[-1], float(values.iloc[-1]))
        if (stamp - last[0]).days > CURRENT_WITHIN_DAYS[bank.spec.frequency]:
            result.append(BankRate(bank, "ended", rate, last, {}, f"ends {last[0]:%Y-%m-%d}"))
            continue
        cuts = {months: cut_within(values, stamp, months) for months in CUT_WINDOWS_MONTHS}
        result.append(BankRate(bank, "current", rate, last, cuts))
    return result


@dataclass(frozen=True)
class CutCounts:
    """How many of the tracked (current) banks cut in each window, and who is left out."""

    tracked: int
    cut: dict[int, int]
    cutters: dict[int, tuple[str, ...]]
    left_out: tuple[str, ...]
    left_out_by_reason: dict[str, tuple[str, ...]] = field(default_factory=dict)


def cut_counts(banks: list[BankRate]) -> CutCounts:
    """Counts over the banks whose rate is current on the as-of date."""
    current = [b for b in banks if b.status == "current"]
    cutters = {m: tuple(b.bank.name for b in current if b.cut_in.get(m)) for m in CUT_WINDOWS_MONTHS}
    left_out = tuple(f"{b.bank.name} ({b.bank.spec.series_id}: {b.reason})" for b in banks if b.status != "current")
    by_reason: dict[str, list[str]] = {}
    for b in banks:
        if b.status != "current":
            by_reason.setdefault(b.reason, []).append(f"{b.bank.name} ({b.bank.spec.series_id})")
    return CutCounts(len(current), {m: len(c) for m, c in cutters.items()}, cutters, left_out,
                     {reason: tuple(names) for reason, names in by_reason.items()})
