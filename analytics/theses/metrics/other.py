"""Fund ratios, seasonality and crypto: the Valuation and Seasonality pages' measures.

Fund ratios are today's values from Yahoo (it keeps no history): they count only on or after
the day they were fetched, so replaying an earlier date reads no value, never a later one.
"""
from __future__ import annotations

import statistics

from analytics.seasonality import crypto
from analytics.seasonality.windows import santa_stats
from analytics.theses.catalogue import (
    LOWER_IS_BETTER,
    AltsVsBtcParams,
    FundRatioSpreadParams,
    SantaHitRateParams,
)
from analytics.theses.metrics.context import Context, Reading

#: ``best`` among the others' ratios: the lowest multiple, the highest yield.
_BEST = {True: min, False: max}


def _ratio(ctx: Context, fund: str, field: str) -> float | str:
    """A fund's ``field`` if known by the date, else why not."""
    data = ctx.fund_data(fund)
    if data.fetched_at is None or data.fetched_at.date() > ctx.as_of.date():
        fetched = f" (fetched {data.fetched_at:%Y-%m-%d})" if data.fetched_at else ""
        return f"{fund}'s fund data is not known on {ctx.day}{fetched}: it has no history"
    value = data.values.get(field)
    if value is None or value.value is None or value.value != value.value:
        return f"{fund} has no {field}"
    return float(value.value)


def fund_ratio_spread(ctx: Context, params: FundRatioSpreadParams) -> Reading:
    """``x(fund) - pick(x(others))``, or with ``relative`` ``x(fund) / pick(x(others)) - 1``;
    ``best`` is the lowest P/E or price/book and the highest yield, ``worst`` the opposite."""
    values = {s: _ratio(ctx, s, params.field) for s in dict.fromkeys([params.fund, *params.against])}
    missing = [v for v in values.values() if isinstance(v, str)]
    if missing:
        return Reading.missing("; ".join(missing))
    others = [values[s] for s in params.against]
    lower_better = params.field in LOWER_IS_BETTER
    if params.pick == "mean":
        other = statistics.fmean(others)
    else:
        other = _BEST[lower_better if params.pick == "best" else not lower_better](others)
    if params.relative:
        if other <= 0 or values[params.fund] <= 0:
            return Reading.missing(f"a {params.field} of zero or less has no ratio")
        return Reading(values[params.fund] / other - 1)
    return Reading(values[params.fund] - other)


def santa_hit_rate(ctx: Context, params: SantaHitRateParams) -> Reading:
    """Of the Santa windows (last five December and first two January trading days) completed
    by the date, the share in which the symbol rose (:func:`santa_stats`)."""
    batch = ctx.prices((params.symbol,))
    if params.symbol not in batch.frames:
        return Reading.missing(f"no prices for {params.symbol} ({batch.failed.get(params.symbol, 'no data')})")
    stats = santa_stats(batch.closes([params.symbol]), params.symbol, ctx.as_of)
    return Reading.of(stats.hit_rate, stats.reason or f"no Santa window of {params.symbol} completed by {ctx.day}")


def alts_vs_btc(ctx: Context, params: AltsVsBtcParams) -> Reading:
    """``M[t] / M[t - months] - 1`` of the equal-weighted alt basket priced in Bitcoin
    (:func:`crypto.alts_leading`): positive when the alts gained on Bitcoin."""
    batch = ctx.prices((crypto.BTC, *crypto.CANDIDATE_ALTS))
    if crypto.BTC not in batch.frames or not crypto.alts_present(batch.closes()):
        return Reading.missing("no BTC and alt-coin prices in this source")
    value = crypto.alts_leading(batch.closes(), ctx.as_of, months=params.months)
    return Reading.of(value, f"the alt basket does not reach {params.months} months back from {ctx.day}")
