"""Bottom-up index P/E from member weights and earnings: the weighted harmonic mean.

The P/E of a portfolio is its price over its earnings. With weights ``w_i`` (shares of the
portfolio's value) and member earnings yields ``E_i / P_i``, the portfolio's earnings per
dollar invested is ``sum(w_i * E_i / P_i) / sum(w_i)``, so

    P/E = sum(w_i) / sum(w_i * E_i / P_i)

(the harmonic mean of member P/Es weighted by value; index providers such as FTSE Russell and
S&P use this form, not an average of P/Es, which a single near-zero earner would blow up).
Loss-makers enter with negative ``E/P`` in "all members"; "profitable only" drops them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

EarningsBasis = Literal["trailing", "forward"]
EPS_COLUMNS = {"trailing": "trailing_eps", "forward": "forward_eps"}
METHOD = "weighted harmonic mean: sum(w) / sum(w x EPS / price) over members with EPS and price"


@dataclass(frozen=True)
class BottomUp:
    """Bottom-up P/E figures of one index (fractions for shares and coverage).

    ``pe_all`` is ``None`` when aggregate earnings are zero or negative (no meaningful P/E).
    """

    basis: EarningsBasis
    pe_all: float | None
    pe_profitable: float | None
    share_negative_count: float | None
    share_negative_weight: float | None
    coverage_weight: float
    coverage_count: int
    members: int
    method: str = METHOD

    @property
    def note(self) -> str:
        """Why ``pe_all`` is missing, when it is."""
        if self.pe_all is None and self.coverage_count:
            return "the covered members' earnings add up to a loss, so the index has no P/E"
        return ""

    def as_dict(self) -> dict:
        return {"pe_all": self.pe_all, "pe_profitable": self.pe_profitable,
                "share_negative_count": self.share_negative_count,
                "share_negative_weight": self.share_negative_weight,
                "coverage_weight": self.coverage_weight}


def harmonic_pe(weights: pd.Series, earnings_yield: pd.Series) -> float | None:
    """``sum(w) / sum(w * E/P)`` over the aligned, non-missing pairs; ``None`` if the
    denominator is not positive or nothing is left."""
    pair = pd.concat({"w": weights, "ey": earnings_yield}, axis=1).dropna()
    denominator = float((pair["w"] * pair["ey"]).sum())
    if pair.empty or denominator <= 0:
        return None
    return float(pair["w"].sum()) / denominator


def bottom_up_pe(weights: pd.Series, fundamentals: pd.DataFrame,
                 basis: EarningsBasis = "trailing") -> BottomUp:
    """Index P/E three ways from member weights and fundamentals.

    Parameters
    ----------
    weights : Series
        Member symbol -> index weight (any scale: percent or fractions).
    fundamentals : DataFrame
        Index symbol; columns ``trailing_eps``, ``forward_eps``, ``price`` (NaN when unknown).
    basis : {"trailing", "forward"}
        Which EPS to use for the P/E. The negative-earnings shares always use trailing EPS.

    Returns
    -------
    BottomUp
        ``coverage_weight`` is the share of total index weight whose member has both the EPS
        and a price; shares of loss-makers are over the members with a trailing EPS.
    """
    if basis not in EPS_COLUMNS:
        raise ValueError(f"basis must be one of {', '.join(EPS_COLUMNS)}, got {basis!r}")
    w = pd.to_numeric(weights, errors="coerce").groupby(level=0).sum()
    w = w[w > 0]
    total_weight = float(w.sum())
    if total_weight <= 0:
        raise ValueError("bottom-up P/E needs positive member weights")
    data = fundamentals.reindex(w.index)
    price = data["price"].where(data["price"] > 0)
    ey = data[EPS_COLUMNS[basis]] / price
    covered = ey.notna()
    pe_all = harmonic_pe(w[covered], ey[covered])
    profitable = covered & (ey > 0)
    pe_profitable = harmonic_pe(w[profitable], ey[profitable])
    trailing = data["trailing_eps"]
    known = trailing.notna()
    negative = known & (trailing < 0)
    n_known = int(known.sum())
    return BottomUp(
        basis=basis,
        pe_all=pe_all,
        pe_profitable=pe_profitable,
        share_negative_count=float(negative.sum() / n_known) if n_known else None,
        share_negative_weight=float(w[negative].sum() / w[known].sum()) if n_known else None,
        coverage_weight=float(w[covered].sum() / total_weight),
        coverage_count=int(covered.sum()),
        members=len(w),
    )


def cap_weights(fundamentals: pd.DataFrame) -> pd.Series:
    """Market-cap weights in percent (``100 * cap_i / sum(cap)``) of the members with a cap:
    the S&P 500's weighting, less its float adjustment, for an index with no holdings file."""
    caps = fundamentals["market_cap"].where(fundamentals["market_cap"] > 0).dropna()
    return 100 * caps / caps.sum() if len(caps) else caps


def member_table(weights: pd.Series, fundamentals: pd.DataFrame) -> pd.DataFrame:
    """Per-member weight, EPS, price and P/Es (``NaN`` where not computable), for download."""
    data = fundamentals.reindex(weights.index)
    price = data["price"].where(data["price"] > 0)
    out = pd.DataFrame({
        "weight_pct": weights,
        "price_usd": price,
        "trailing_eps_usd": data["trailing_eps"],
        "forward_eps_usd": data["forward_eps"],
    })
    with np.errstate(divide="ignore", invalid="ignore"):
        out["trailing_pe"] = (price / data["trailing_eps"]).where(data["trailing_eps"] > 0)
        out["forward_pe"] = (price / data["forward_eps"]).where(data["forward_eps"] > 0)
    out.index.name = "symbol"
    return out
