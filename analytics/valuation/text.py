"""The sentences the Valuation page prints next to its numbers: what, from when, how computed.

Pure functions of the results, so the wording is tested once and the page stays a layout.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

import pandas as pd

from analytics.valuation.bottom_up import BottomUp


def share(value: float | None) -> str:
    """A fraction as an unsigned percentage (0.364 -> '36.4%'), 'n/a' when missing."""
    return "n/a" if value is None or value != value else f"{value:.1%}"


def ratio(value: float | None) -> str:
    return "n/a" if value is None or value != value else f"{value:.1f}"


def fetched_caption(fetched: Iterable[date], as_of: date) -> str:
    days = sorted(set(fetched))
    later = " after the as-of date" if days and days[-1] > as_of else ""
    when = ", ".join(map(str, days)) or "on an unknown date"
    return (f"Yahoo publishes today's ratios only: these were fetched {when}{later}. Past values are in the "
            "history below. n/a: Yahoo gives no value (see why under Sources).")


def bottom_up_caption(result: BottomUp, fetched_at: datetime | None, list_date: date | None, as_of: date) -> str:
    when = f"EPS fetched {fetched_at:%Y-%m-%d}" if fetched_at else "EPS date unknown"
    after = " (after the as-of date)" if fetched_at and fetched_at.date() > as_of else ""
    text = (f"Method: {result.method} ({result.basis} EPS; loss shares use trailing EPS). Coverage: "
            f"{result.coverage_count} of {result.members} members, {share(result.coverage_weight)} of the weight. "
            f"Members as listed on {list_date or 'an unknown date'}; {when}, so this is today's valuation{after}.")
    return text + (f" {result.note[0].upper()}{result.note[1:]}." if result.note else "")


def history_caption(records: pd.DataFrame, last_shown: pd.Timestamp, demo: bool) -> str:
    origin = "demo records (synthetic) plus refreshes run here" if demo else "refreshes run on this machine"
    return (f"History starts **{records['date'].min():%Y-%m-%d}** ({origin}); {records['date'].nunique()} record "
            f"dates, the last on or before the as-of date {last_shown:%Y-%m-%d}.")


def holdings_caveat(holdings_as_of: date | None, as_of: date) -> tuple[str, str]:
    """(``"warning"`` or ``"caption"``, text) about the holdings file's own date."""
    if holdings_as_of is None:
        return "warning", "The holdings file has no date: it may not describe the fund on the as-of date."
    if holdings_as_of > as_of:
        return "warning", (f"Holdings as of **{holdings_as_of:%Y-%m-%d}**, later than the as-of date {as_of:%Y-%m-%d}: "
                           "iShares publishes current holdings only, so the weights below are the later ones.")
    return "caption", f"Holdings as of {holdings_as_of:%Y-%m-%d} (iShares file date)."


def apart_caption(apart: Mapping[str, float]) -> str:
    if not apart:
        return "Sector weights sum to 100% of the equity weight; the file lists nothing but equity."
    parts = "; ".join(f"{k.lower()} {v:.2f}% of the fund" for k, v in apart.items())
    return f"Sector weights sum to 100% of the equity weight. Apart from equity: {parts} (cash, futures and rounding)."


def leaders_sentence(part: pd.DataFrame, as_of: date) -> str | None:
    """Who led the week to ``as_of`` within one group; ``None`` when no fund has a 1-week return."""
    ranked = part.dropna(subset=["1w"]).sort_values("rank_1w")
    if ranked.empty:
        return None
    leaders = ", ".join(f"{s} ({sec.lower()})" for s, sec in zip(ranked.index[:3], ranked["sector"][:3]))
    return (f"Week to **{as_of:%Y-%m-%d}**: leaders {leaders}; last {ranked.index[-1]} "
            f"({ranked['sector'].iloc[-1].lower()}). The ranking changes within days: pick another as-of date "
            "in the sidebar to see it move.")


def no_returns_sentence(part: pd.DataFrame, as_of: date) -> str:
    reasons = "; ".join(sorted({n for n in part["note"] if n}))
    return f"No sector fund has a 1-week return as of {as_of:%Y-%m-%d}: {reasons[:300] or 'no prices'}."


def common_failure(table: pd.DataFrame) -> str | None:
    """The one reason every fund in a :func:`fund_table` failed for (symbol prefix removed),
    or ``None`` when some fund has data or the reasons differ."""
    reasons = {str(why).split(": ", 1)[-1] if str(why).startswith(f"{fund} ") else str(why)
               for fund, why in table["missing"].items()}
    if "" in reasons or len(reasons) != 1:
        return None
    return reasons.pop()


def sector_data_end(ended: pd.Timestamp, as_of: date) -> str:
    return (f"Sector fund prices here end on **{ended:%Y-%m-%d}**, before the as-of date {as_of:%Y-%m-%d}: "
            f"the table, heatmap and ranks below are as of {ended:%Y-%m-%d}.")


def fund_notes(funds: Mapping[str, object]) -> list[str]:
    """A line per fund whose data came with a caveat (a stale cached copy, no fund profile)."""
    return [f"**{symbol}**: {data.note}" for symbol, data in funds.items()
            if not isinstance(data, str) and getattr(data, "note", "")]
